import Foundation
import Reporting
import Testing

/// The cause a restatement names (issue 17 item 5): a source revised, a late return, a registry correction, a method
/// change, or missing source data — decided from two `inputs.json` (``ReportBasis``).
@Suite("Why a published figure changed")
struct RestatementCauseTests {
    /// The published report of 2026Q2: one CBS body, two return files (2026Q1 with 40 enterprises, 2026Q2 with 38).
    let published = {
        var b = ReportBasis(
            period: "2026Q2", registrySHA256: "r1", metricsSHA256: "m1", toolVersion: "0.1.0",
            sources: ["cbs": ["c1"], "returns": ["q1", "q2"]])
        b.bodies = [
            "cbs": ["001-Observations.json": "c1"],
            "returns": ["001-impact-2026Q1.csv": "q1", "002-impact-2026Q2.csv": "q2"],
        ]
        b.returns = ["returns": ["2026Q1": 40, "2026Q2": 38]]
        return b
    }()

    @Test func theNextQuartersReturnFileIsNewDataNotACause() {
        var now = published
        now.period = "2026Q3"
        now.sources["returns"] = ["q1", "q2", "q3"]
        now.bodies?["returns"]?["003-impact-2026Q3.csv"] = "q3"
        now.returns?["returns"]?["2026Q3"] = 41
        #expect(now.causes(since: published, language: .nl) == [])
    }

    @Test func aChangedCBSBodyIsASourceRevision() {
        var now = published
        now.sources["cbs"] = ["c2"]
        now.bodies?["cbs"] = ["001-Observations.json": "c2"]
        #expect(now.causes(since: published, language: .nl) == ["bron herzien: cbs"])
        #expect(now.causes(since: published, language: .en) == ["source revised: cbs"])
        // The same change in a source this run found missing or shrunk is missing data, not a revision.
        #expect(now.causes(since: published, language: .nl, incomplete: ["cbs"]) == ["ontbrekende brongegevens: cbs"])
    }

    @Test func moreReturnsForAnOldQuarterAreALateReturn() {
        var now = published
        now.period = "2026Q3"
        now.sources["returns"] = ["q1", "q2b", "q3"]
        now.bodies?["returns"] = [
            "001-impact-2026Q1.csv": "q1", "002-impact-2026Q2.csv": "q2b", "003-impact-2026Q3.csv": "q3",
        ]
        // 2026Q2: 38 → 40 enterprises (2 late); 2026Q3 is new in this report, so its 41 are not late.
        now.returns = ["returns": ["2026Q1": 40, "2026Q2": 40, "2026Q3": 41]]
        #expect(now.causes(since: published, language: .nl) == ["late opgave: returns (2026Q2: 2 ondernemingen)"])
        #expect(now.causes(since: published, language: .en) == ["late return: returns (2026Q2: 2 enterprises)"])
        // The same file changed without a new return (a corrected figure): a revision of the source.
        now.returns = ["returns": ["2026Q1": 40, "2026Q2": 38, "2026Q3": 41]]
        #expect(now.causes(since: published, language: .nl) == ["bron herzien: returns"])
    }

    @Test func registryAndMethodChangesAreNamed() {
        var now = published
        now.registrySHA256 = "r2"
        now.metricsSHA256 = "m2"
        now.toolVersion = "0.2.0"
        #expect(
            now.causes(since: published, language: .nl) == [
                "registercorrectie", "methodewijziging: metrics.yaml, versie 0.1.0 → 0.2.0",
            ])
        #expect(
            now.causes(since: published, language: .en) == [
                "registry correction", "method change: metrics.yaml, version 0.1.0 → 0.2.0",
            ])
    }

    @Test func aReportMadeBeforeIssue17ComparesSortedHashes() throws {
        // inputs.json of an older report: no `bodies`, no `returns`.
        let old = try JSONDecoder().decode(
            ReportBasis.self,
            from: Data(
                #"{"period":"2026Q2","registry_sha256":"r1","metrics_sha256":"m1","tool_version":"0.1.0","sources":{"cbs":["c1"]}}"#
                    .utf8))
        #expect(old.bodies == nil && old.returns == nil)
        var now = published
        now.sources = ["cbs": ["c1"]]
        #expect(now.causes(since: old, language: .nl) == [])
        now.sources = ["cbs": ["c2"]]
        #expect(now.causes(since: old, language: .nl) == ["bron herzien: cbs"])
    }
}
