import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Pipeline

/// The report stage reads the run folder only through what it declares, and the runner hashes exactly that.
@Suite struct StageReadsTests {
    let definition: PipelineDefinition
    let run: RunDirectory

    init() throws {
        let ws = try DemoWorkspace("stage-reads")
        definition = try PipelineDefinition.load(URL(fileURLWithPath: ws.pipeline))
        run = RunDirectory(
            outputRoot: ws.output, pipelineName: definition.name, period: try Quarter(year: 2026, quarter: 3))
    }

    @Test func theReportsDeclaredReadsCoverWhatItReadsAndNothingElse() throws {
        let reader = RunFolderReader(run: run, stage: .report, definition: definition)
        for path in [
            "compute/metrics.csv", "compute/provenance.json", "normalize/rejects.csv", "normalize/ledger.json",
            "normalize/enterprises.csv", "normalize/observations.csv", "fetch/warnings.json", "normalize/warnings.json",
        ] {
            #expect(try reader.url(path) == run.root.appendingPathComponent(path))
        }
        let source = try #require(definition.sources.first).id
        #expect(try reader.url("fetch/\(source)/fetch.json").lastPathComponent == "fetch.json")
        #expect(try reader.url("fetch/\(source)/001-body.json").lastPathComponent == "001-body.json")
        // Not declared: the matching review list, another stage's manifest, a source that is not in the pipeline.
        for path in ["normalize/review.csv", "normalize/matches.csv", "fetch/not-a-source/fetch.json", "manifest.json"]
        {
            let error = #expect(throws: ImpactError.self) { try reader.url(path) }
            #expect(error?.code == "internal.undeclared_read")
            #expect(error?.message == "the report stage reads \(path), which it does not declare")
        }
    }

    @Test func eachKindCoversItsOwnPathsOnly() {
        let bodies = ArtifactRead(path: "fetch/cbs", kind: .bodies)
        #expect(bodies.covers("fetch/cbs/001-x.json"))
        #expect(!bodies.covers("fetch/cbs/fetch.json"))
        #expect(!bodies.covers("fetch/cbs-other/001-x.json"))
        let folder = ArtifactRead.folder(.compute)
        #expect(folder.covers("compute/metrics.csv"))
        #expect(!folder.covers("computed/metrics.csv"))
        #expect(ArtifactRead.file(.normalize, "ledger.json").covers("normalize/ledger.json"))
        #expect(!ArtifactRead.file(.normalize, "ledger.json").covers("normalize/ledger.json.tmp"))
    }

    /// A declared file that does not exist yet is recorded as absent, so its appearance makes the stage stale.
    @Test func anAbsentDeclaredFileIsRecordedAsAbsent() {
        let hashes = ArtifactRead.file(.normalize, "rejects.csv").hashes(in: run)
        #expect(hashes == [Manifest.FileHash(path: "normalize/rejects.csv", sha256: "-", bytes: 0)])
    }
}
