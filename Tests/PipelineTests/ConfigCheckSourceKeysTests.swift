import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Pipeline

/// Issue 20's source keys (`connector: statline-csv`, `metadata`, `datastore`, `pinned_title`, `pinned_modified`) are
/// known to the strict checker; a misspelling of one is found with its position.
@Suite("Configuration: issue 20 source keys")
struct ConfigCheckSourceKeysTests {
    static let sources = """
        sources:
          - id: cbs-kerncijfers-csv
            connector: statline-csv
            url: statline/70072ned_UntypedDataSet_29122019_191739.csv
            metadata: statline/70072ned_metadata.csv
            regions: [GM0392, GM0363, NL01]
          - id: subsidies
            connector: ckan
            url: https://ckan.example.nl
            datastore: true
            resource_id: 5b2e1a3c-0000-4000-8000-00000000d5a1
          - id: cbs-pinned
            connector: cbs-odata-v4
            table: 37789ksz
            url: haarlem-demo/cbs/37789ksz
            pinned_title: "Sociale zekerheid; kerncijfers, uitkeringen naar uitkeringssoort"
            pinned_modified: "2026-06-30T00:00:00+02:00"

        """

    private func workspace(_ name: String, _ sources: String) throws -> DemoWorkspace {
        let ws = try DemoWorkspace(name)
        let text = try String(contentsOfFile: ws.pipeline, encoding: .utf8)
        try text.replacingOccurrences(of: "sources:\n", with: sources).write(
            toFile: ws.pipeline, atomically: true, encoding: .utf8)
        return ws
    }

    @Test func theNewKeysAreKnownAndLoaded() throws {
        let ws = try workspace("config-issue20", Self.sources)
        let p = ConfigCheck.problems(pipelineFile: URL(fileURLWithPath: ws.pipeline))
        #expect(p.isEmpty, "\(p)")
        let d = try PipelineDefinition.load(URL(fileURLWithPath: ws.pipeline))
        let csv = try #require(d.sources.first { $0.id == "cbs-kerncijfers-csv" })
        #expect(csv.connector == .statlineCSV)
        #expect(csv.metadataURL?.hasSuffix("/pipelines/statline/70072ned_metadata.csv") == true)
        #expect(csv.metadataURL?.hasPrefix("file://") == true)
        #expect(d.sources.first { $0.id == "subsidies" }?.datastore == true)
        let pinned = try #require(d.sources.first { $0.id == "cbs-pinned" })
        #expect(pinned.pinnedModified == "2026-06-30T00:00:00+02:00")
        #expect(pinned.pinnedTitle == "Sociale zekerheid; kerncijfers, uitkeringen naar uitkeringssoort")
    }

    @Test func aMisspeltNewKeyIsFound() throws {
        let ws = try workspace(
            "config-issue20-typo",
            Self.sources.replacingOccurrences(of: "    metadata:", with: "    metadta:")
                .replacingOccurrences(of: "    pinned_modified:", with: "    pinned_modifed:"))
        let p = ConfigCheck.problems(pipelineFile: URL(fileURLWithPath: ws.pipeline)).map(\.message)
        #expect(p.contains("unknown key \"metadta\" in sources[0] — did you mean \"metadata\"?"), "\(p)")
        #expect(p.contains("unknown key \"pinned_modifed\" in sources[2] — did you mean \"pinned_modified\"?"), "\(p)")
    }
}
