import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Pipeline

/// Issue 20: the pipeline keys `registry_history`, `regional_classification` and a CKAN source's `datastore_sql` are
/// known to the strict checker; a wrong `regional_classification` value is one `line:column: message`.
@Suite("Configuration keys of issue 20")
struct ConfigCheckIdentityTests {
    private func workspace(_ name: String, _ extra: String) throws -> DemoWorkspace {
        let ws = try DemoWorkspace(name)
        let url = URL(fileURLWithPath: ws.pipeline)
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
            of: "boundary_changes: ", with: extra + "\nboundary_changes: ")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return ws
    }

    private func problems(_ ws: DemoWorkspace) -> [String] {
        ConfigCheck.problems(pipelineFile: URL(fileURLWithPath: ws.pipeline)).map {
            "\($0.line):\($0.column): \($0.message)"
        }
    }

    /// The line of `needle` in the workspace's pipeline file (1-based).
    private func line(_ ws: DemoWorkspace, _ needle: String) throws -> Int {
        let text = try String(contentsOf: URL(fileURLWithPath: ws.pipeline), encoding: .utf8)
        return try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == needle })
            + 1
    }

    @Test func theNewKeysAreKnownAndLoad() throws {
        let ws = try workspace(
            "config-identity", "registry_history: ../config/registry-history.csv\nregional_classification: per_period")
        #expect(problems(ws) == [])
        let definition = try PipelineDefinition.load(URL(fileURLWithPath: ws.pipeline))
        #expect(definition.regionalClassification == .per_period)
        #expect(definition.registryHistoryURL?.lastPathComponent == "registry-history.csv")
        // The default is `current` (the behaviour before issue 20).
        #expect(
            try PipelineDefinition.load(URL(fileURLWithPath: DemoWorkspace("config-identity-default").pipeline))
                .regionalClassification == .current)
    }

    @Test func anUnknownClassificationIsNamedWithItsPosition() throws {
        let ws = try workspace("config-identity-bad", "regional_classification: per_quarter")
        let n = try line(ws, "regional_classification: per_quarter")
        #expect(
            problems(ws) == ["\(n):26: regional_classification: unknown value \"per_quarter\" (per_period or current)"])
        #expect(throws: ImpactError.self) { try PipelineDefinition.load(URL(fileURLWithPath: ws.pipeline)) }
    }

    @Test func datastoreSQLIsASourceKey() throws {
        let ws = try workspace("config-identity-sql", "")
        let url = URL(fileURLWithPath: ws.pipeline)
        let text = try String(contentsOf: url, encoding: .utf8)
        // The first source gets the key; the checker knows it (the loader ignores it for a non-CKAN source).
        try text.replacingOccurrences(
            of: "    connector: cbs-odata-v4\n", with: "    connector: cbs-odata-v4\n    datastore_sql: true\n",
            options: [], range: text.range(of: "    connector: cbs-odata-v4\n")
        )
        .write(to: url, atomically: true, encoding: .utf8)
        #expect(problems(ws) == [])
        let misspelt = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
            of: "datastore_sql: true", with: "datastore_sqll: true")
        try misspelt.write(to: url, atomically: true, encoding: .utf8)
        #expect(problems(ws).count == 1 && problems(ws).first?.contains("datastore_sqll") == true)
    }
}
