import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Pipeline

/// The pipeline's `peer_group:` and the metric catalogue's `context.compare` (issue 16 item 5): a misspelt key is a
/// `file:line:column` problem, a code that is not a gemeentecode or names the municipality itself is refused with
/// exit 78 (`compare: true` with `level: regional` only: IndicatorsTests/ThemeOverlapTests).
@Suite("Peer group and regional CBS metrics are checked")
struct PeerGroupConfigTests {
    private func workspace(_ name: String, _ file: String, _ edit: (String) -> String) throws -> DemoWorkspace {
        let ws = try DemoWorkspace(name)
        let url = ws.root.appendingPathComponent(file)
        let before = try String(contentsOf: url, encoding: .utf8)
        let after = edit(before)
        #expect(after != before, "the edit must change \(file)")
        try after.write(to: url, atomically: true, encoding: .utf8)
        return ws
    }

    @Test func theDemoPeerGroupIsRead() throws {
        let ws = try DemoWorkspace("peers-clean")
        let d = try PipelineDefinition.load(URL(fileURLWithPath: ws.pipeline))
        let g = try #require(d.peerGroup)
        #expect(g.classificationYear == 2025)
        #expect(g.members.map(\.code.code) == ["GM0200", "GM0202", "GM0394", "GM0307", "GM0479", "GM0153", "GM0796"])
        #expect(g.members.last?.name == "'s-Hertogenbosch")
    }

    @Test func aMisspeltPeerGroupKeyHasItsPosition() throws {
        let ws = try workspace("peers-key", "pipelines/haarlem-demo.yaml") {
            $0.replacingOccurrences(of: "  classification_year: 2025", with: "  clasification_year: 2025")
        }
        let p = ConfigCheck.problems(pipelineFile: URL(fileURLWithPath: ws.pipeline)).map(\.message)
        #expect(
            p.contains("unknown key \"clasification_year\" in peer_group — did you mean \"classification_year\"?"),
            "\(p)")
        #expect(p.contains("peer_group: missing required key \"classification_year\""), "\(p)")
    }

    @Test func aBadCodeOrTheMunicipalityItselfIsRefused() throws {
        let ws = try workspace("peers-code", "pipelines/haarlem-demo.yaml") {
            $0.replacingOccurrences(of: "{code: GM0200, name: Apeldoorn}", with: "{code: GM200, name: Apeldoorn}")
                .replacingOccurrences(of: "{code: GM0202, name: Arnhem}", with: "{code: GM0392, name: Haarlem}")
        }
        let error = #expect(throws: ImpactError.self) { try PipelineDefinition.load(URL(fileURLWithPath: ws.pipeline)) }
        #expect(error?.status == .config)
        #expect(error?.message.contains("\"GM200\" is not a CBS gemeentecode") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("GM0392 is the report's own municipality") == true, "\(error?.message ?? "")")
    }
}
