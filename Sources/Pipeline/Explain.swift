import Foundation
import ImpactModel
import Indicators
import Normalization
import Reporting
import RunArtifacts

/// `impactmon explain <provenance_id>`: how one published value was computed — the definition, the arithmetic,
/// the input observations, and for each input the response it came from (source, URL, sha256, retrieval time)
/// and the registry version the stage used.
package struct Explainer: Sendable {
    /// The run folder whose `compute/provenance.json` and `fetch/` records are read (see
    /// ``locate(_:definition:outputRoot:)``).
    package let run: RunDirectory
    /// The pipeline of that run: its sources (for the fetch records), metrics file and national flag.
    package let definition: PipelineDefinition

    /// An explainer of the values computed in `run`; nothing is read until ``explain(_:)``.
    package init(run: RunDirectory, definition: PipelineDefinition) {
        self.run = run
        self.definition = definition
    }

    /// The run folder that holds `id`, found from the id alone: the quarter the id names, then the run folders of
    /// the 7 quarters after it (a report computes its quarter and the 7 before it, so a year-earlier value lives in
    /// a later run), then any other run folder of the pipeline, newest first.
    /// - Returns: nil when no run folder's `compute/provenance.json` holds the id (or the id names no quarter).
    package static func locate(_ id: String, definition: PipelineDefinition, outputRoot: URL) -> Quarter? {
        let named = id.split(separator: "/").dropFirst(2).first.flatMap { try? Quarter(parsing: String($0)) }
        let root = outputRoot.appendingPathComponent(definition.name, isDirectory: true)
        let existing = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
            .compactMap { try? Quarter(parsing: $0) }.sorted(by: >)
        var candidates: [Quarter] = []
        if let named { candidates += (0...7).map { named + $0 } }
        candidates += existing
        let needle = Data("\"\(id)\"".utf8)
        var tried = Set<Quarter>()
        for q in candidates where tried.insert(q).inserted {
            let run = RunDirectory(outputRoot: outputRoot, pipelineName: definition.name, period: q)
            let url = RunFile.provenance.url(in: run.root)
            if let data = try? Data(contentsOf: url), data.range(of: needle) != nil { return q }
        }
        return nil
    }

    /// The explanation text.
    /// - Throws: ``ImpactError``: `.dataInvalid` when the compute stage has not run, `.usage` for an unknown id
    ///   (with the closest ids).
    package func explain(_ id: String) throws -> String {
        if let (text, metricID) = try AssessmentOutputs(definition: definition, run: run).explain(id) {
            return metricID.map { text + "\n\n" + ((try? explain($0)) ?? "") } ?? text
        }
        let url = RunFile.provenance.url(in: run.root)
        let all: [String: Provenance]
        if definition.isNational {
            all = try recomputedProvenance(for: id)
        } else {
            guard let data = try? Data(contentsOf: url) else {
                throw ImpactError(
                    .dataInvalid, "\(url.path) is missing; run `impactmon compute --period \(run.period)` first")
            }
            all = try Provenance.read(data, file: relativePath(url, from: run.outputRoot))
        }
        guard let p = all[id] else {
            let prefix = id.split(separator: "/").first.map(String.init) ?? id
            let near = all.keys.filter { $0.hasPrefix(prefix) }.sorted().prefix(5)
            throw ImpactError(
                .usage,
                "no value with provenance id \"\(id)\" in \(run.period); ids look like metric/entity/period[/breakdown]"
                    + (near.isEmpty ? "" : ", e.g. " + near.joined(separator: ", ")))
        }
        // Notes in Dutch words (the explanation's language), with their stored codes.
        var lines = [p.explanation(wording: ReasonCatalogue.dutch.wordsAndCodes), "  bronnen van de invoer:"]
        let bodies = fetchedBodies()
        var seen = Set<String>()
        for input in p.inputs {
            let prefix = input.sourceRowID.split(separator: ":").first.map(String.init) ?? ""
            guard !prefix.isEmpty, !prefix.hasPrefix("registry"), seen.insert(prefix).inserted else { continue }
            if let b = bodies.first(where: { $0.sha256.hasPrefix(prefix) }) {
                lines.append(
                    "    \(prefix)  \(b.source)  \(b.file)  \(b.url)  sha256 \(b.sha256)  opgehaald \(b.retrievedAt)")
            } else {
                lines.append("    \(prefix)  (no stored response with this sha256 in fetch/; refetched since?)")
            }
        }
        if seen.isEmpty { lines.append("    (registerfeiten; geen opgehaalde bestanden)") }
        let registry = Manifest.load(
            RunFile.manifest.url(in: run.root), pipeline: definition.name, period: run.period.description
        )
        .stages[.normalize]?.inputs.first { $0.path.hasSuffix("registry.csv") }
        if let registry { lines.append("  registerversie: \(registry.path) sha256 \(registry.sha256)") }
        return lines.joined(separator: "\n")
    }

    /// A national run keeps no provenance.json (it would repeat every input of 342 municipalities): the
    /// municipality of the id's entity (a gemeentecode, or the registry municipality of a KvK-nummer) is computed
    /// again from `normalize/`, exactly as the compute stage computed it, and its provenance returned.
    private func recomputedProvenance(for id: String) throws -> [String: Provenance] {
        let normalize = run.folder(.normalize)
        let enterprises = try NormalizedArtifacts.readEnterprises(
            from: RunFile.enterprises.url(inStageFolder: normalize))
        let parts = id.split(separator: "/").map(String.init)
        let entity = parts.count > 1 ? parts[1] : ""
        let folder = normalize.appendingPathComponent("observations", isDirectory: true)
        let available = ObservationPartitions.partitions(in: folder)
        let code: String? =
            RegioCode.isGemeenteCode(entity)
            ? entity
            : enterprises.first { $0.kvkNumber.digits == entity }?.gemeenteCode.code ?? available.first
        guard let code, available.contains(code) else {
            throw ImpactError(
                .usage,
                "no municipality \(code ?? entity) in \(folder.path); ids of a national run look like metric/GM0363/2026Q3[/breakdown] or metric/<KvK-nummer>/2026Q3"
            )
        }
        let catalogue = try MetricCatalogue.load(contentsOf: definition.metricsURL)
        return try MunicipalityCompute.compute(
            code, catalogue: catalogue, enterprises: enterprises, observationsFolder: folder, period: run.period
        ).provenance
    }

    private struct Body {
        var source: String
        var file: String
        var url: String
        var sha256: String
        var retrievedAt: String
    }

    private func fetchedBodies() -> [Body] {
        definition.sources.flatMap { src -> [Body] in
            guard let record = try? SourceFetchRecord.load(run.folder(.fetch).appendingPathComponent(src.id)) else {
                return []
            }
            return record.requests.map {
                Body(source: src.id, file: $0.file, url: $0.url, sha256: $0.sha256, retrievedAt: $0.retrievedAt)
            }
        }
    }
}
