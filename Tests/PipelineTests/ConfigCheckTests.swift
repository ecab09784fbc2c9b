import ConfigFiles
import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Pipeline

/// Strict configuration checks: a misspelt key in any block of the pipeline file, a wrong type, an unknown metric
/// or theme id, a YAML syntax error and a missing registry column each give one `file:line:column: message`.
@Suite("Configuration checked before anything runs")
struct ConfigCheckTests {
    /// A copy of the demo's pipelines/ and config/ with `edit` applied to one file.
    private func workspace(_ name: String, _ file: String, _ edit: (String) -> String) throws -> DemoWorkspace {
        let ws = try DemoWorkspace(name)
        let url = ws.root.appendingPathComponent(file)
        try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        return ws
    }

    private func problems(_ ws: DemoWorkspace) -> [String] {
        ConfigCheck.problems(pipelineFile: URL(fileURLWithPath: ws.pipeline)).map {
            "\($0.line):\($0.column): \($0.message)"
        }
    }

    /// `report.languages` (issue 17): nl and en only, each wrong value with its line (counted here in the demo file)
    /// and column ("fr" in `  languages: [nl, fr]` is at column 19).
    @Test func reportLanguagesAreNlOrEn() throws {
        let ws = try workspace("config-langs", "pipelines/haarlem-demo.yaml") {
            $0.replacingOccurrences(of: "  languages: [nl, en]\n", with: "  languages: [nl, fr]\n")
        }
        let text = try String(contentsOf: URL(fileURLWithPath: ws.pipeline), encoding: .utf8)
        let line =
            try #require(
                text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                    $0 == "  languages: [nl, fr]"
                }) + 1
        #expect(problems(ws) == ["\(line):19: report.languages: unknown language \"fr\" (nl or en)"])
    }

    @Test func theDemoConfigurationHasNoProblems() throws {
        let ws = try DemoWorkspace("config-clean")
        #expect(problems(ws) == [])
    }

    @Test func aMisspeltKeyInEveryBlockIsFoundWithItsPosition() throws {
        let ws = try workspace("config-keys", "pipelines/haarlem-demo.yaml") {
            $0.replacingOccurrences(
                of: "municipality: {code: GM0392, name: Haarlem}", with: "municipality: {code: GM0392, nmae: Haarlem}"
            )
            .replacingOccurrences(of: "    table: 37789ksz\n", with: "    tabel: 37789ksz\n")
            .replacingOccurrences(of: "  catch_up_from: 2026Q1", with: "  catch_up_form: 2026Q1")
            .replacingOccurrences(of: "  headline_metrics:", with: "  headline_metric:")
            .replacingOccurrences(
                of: "default_period: 2026Q3", with: "default_priod: 2026Q3\nfetch: {max_atempts: 3}\nstrict: often")
        }
        let p = problems(ws)
        // Lines of the later blocks counted from the rewritten file (the demo's source list grows).
        let lines = try String(contentsOf: URL(fileURLWithPath: ws.pipeline), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let catchUp = try #require(lines.firstIndex { $0.hasPrefix("  catch_up_form: 2026Q1") }) + 1
        let headline = try #require(lines.firstIndex { $0 == "  headline_metric:" }) + 1
        #expect(
            p == [
                "9:30: unknown key \"nmae\" in municipality — did you mean \"name\"?",
                "9:15: municipality: missing required key \"name\"",
                "10:1: unknown key \"default_priod\" — did you mean \"default_period\"?",
                "11:9: unknown key \"max_atempts\" in fetch — did you mean \"max_attempts\"?",
                "12:9: strict: expected true or false, found \"often\"",
                "25:5: unknown key \"tabel\" in sources[0] — did you mean \"table\"?",
                "\(catchUp):3: unknown key \"catch_up_form\" in schedule — did you mean \"catch_up_from\"?",
                "\(headline):3: unknown key \"headline_metric\" in report — did you mean \"headline_metrics\"?",
            ], "\(p)")
        // Loading the pipeline (every command does) refuses it with exit 78, one line per problem.
        let error = #expect(throws: ImpactError.self) { try PipelineDefinition.load(URL(fileURLWithPath: ws.pipeline)) }
        #expect(error?.status == .config)
        #expect(error?.message.split(separator: "\n").count == 8)
        #expect(
            error?.message.contains("haarlem-demo.yaml:\(headline):3: unknown key \"headline_metric\" in report")
                == true, "\(error?.message ?? "")")
    }

    @Test func unknownIdsWrongTypesAndSyntaxErrors() throws {
        let ws = try workspace("config-ids", "pipelines/haarlem-demo.yaml") {
            $0.replacingOccurrences(of: "    - pop_hge_share\n", with: "    - pop_hge_shares\n")
                .replacingOccurrences(
                    of: "    period_from: 2019\n    required: false\n  - id: cbs-arbeid",
                    with: "    period_from: twenty\n    required: false\n  - id: cbs-arbeid")
        }
        let metrics = ws.root.appendingPathComponent("config/metrics.yaml")
        let text = try String(contentsOf: metrics, encoding: .utf8)
        try text.replacingOccurrences(
            of:
                "    theme: economie\n    class: scale-up\n    level: programme\n    unit: count\n    direction: up\n    period: Q\n    kind: active_count",
            with:
                "    theme: econmie\n    class: scale-up\n    level: programme\n    unit: count\n    direction: up\n    period: Q\n    kind: active_count"
        )
        .write(to: metrics, atomically: true, encoding: .utf8)
        let p = problems(ws)
        #expect(p.contains("26:18: sources[0].period_from: expected a whole number, found \"twenty\""), "\(p)")
        #expect(
            p.contains {
                $0.hasSuffix(
                    "report.headline_metrics: unknown metric id \"pop_hge_shares\" — did you mean \"pop_hge_share\"?")
            }, "\(p)")
        #expect(p.contains("13:12: unknown theme id \"econmie\" — did you mean \"economie\"?"), "\(p)")
        #expect(p.count == 3, "\(p)")

        try "version: 1\nthemes:\n  economie: [label\n".write(
            to: ws.root.appendingPathComponent("config/themes.yaml"), atomically: true, encoding: .utf8)
        let syntax = ConfigCheck.problems(pipelineFile: URL(fileURLWithPath: ws.pipeline)).filter {
            $0.file.hasSuffix("themes.yaml")
        }
        #expect(syntax.count == 1)
        #expect(syntax.first?.line == 4, "\(syntax)")
        #expect(syntax.first?.message.hasPrefix("YAML syntax error: ") == true)
    }

    @Test func aMissingRegistryColumnIsADataError() throws {
        let ws = try workspace("config-registry", "config/registry.csv") {
            $0.replacingOccurrences(of: "programme_entry_date", with: "programme_entry")
        }
        let found = ConfigCheck.problems(pipelineFile: URL(fileURLWithPath: ws.pipeline))
        #expect(found.map(\.status) == [.dataInvalid])
        #expect(
            found.first?.description.hasSuffix(
                "registry.csv:1:1: required column \"programme_entry_date\" is missing from the header — did you mean \"programme_entry\"?"
            ) == true, "\(found)")
        let definition = try PipelineDefinition.load(URL(fileURLWithPath: ws.pipeline))
        let error = #expect(throws: ImpactError.self) { try ConfigCheck.require(definition) }
        #expect(error?.status == .dataInvalid)
    }

    /// `encoding:` and `number_format:` of a CSV source (issue 14 item 7): known keys, a misspelt nested key found
    /// with its position, and wrong values or a CBS source with them refused at load (exit 78).
    @Test func declaredEncodingAndNumberFormat() throws {
        let good = try workspace("config-number-format", "pipelines/haarlem-demo.yaml") {
            $0.replacingOccurrences(
                of: "    record: impact_return\n",
                with:
                    "    record: impact_return\n    encoding: UTF-8\n    number_format: {decimal: \",\", thousands: \".\"}\n"
            )
        }
        #expect(problems(good) == [])
        let definition = try PipelineDefinition.load(URL(fileURLWithPath: good.pipeline))
        let returns = try #require(definition.sources.first { $0.id == "impact-returns" })
        #expect(returns.declaredEncoding == .utf8)
        #expect(returns.declaredNumberFormat?.description == "decimal \",\", thousands \".\"")
        #expect(definition.sources.first { $0.id == "procurement" }?.declaredNumberFormat == nil)

        let misspelt = try workspace("config-number-format-key", "pipelines/haarlem-demo.yaml") {
            $0.replacingOccurrences(
                of: "    record: impact_return\n",
                with: "    record: impact_return\n    number_format: {decimal: \",\", thousnds: \".\"}\n")
        }
        #expect(
            problems(misspelt).contains {
                $0.contains("unknown key \"thousnds\" in sources[") && $0.contains("did you mean \"thousands\"")
            },
            "\(problems(misspelt))")

        for (edit, message) in [
            ("    encoding: latin9\n", "encoding \"latin9\" is unknown (UTF-8 or windows-1252)"),
            (
                "    number_format: {decimal: \",\", thousands: \",\"}\n",
                "uses \",\" both as decimal and thousands separator"
            ),
        ] {
            let ws = try workspace("config-number-format-bad", "pipelines/haarlem-demo.yaml") {
                $0.replacingOccurrences(of: "    record: impact_return\n", with: "    record: impact_return\n" + edit)
            }
            let error = #expect(throws: ImpactError.self) {
                try PipelineDefinition.load(URL(fileURLWithPath: ws.pipeline))
            }
            #expect(error?.status == .config)
            #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        }
        let cbs = try workspace("config-number-format-cbs", "pipelines/haarlem-demo.yaml") {
            $0.replacingOccurrences(of: "    table: 37789ksz\n", with: "    table: 37789ksz\n    encoding: UTF-8\n")
        }
        let error = #expect(throws: ImpactError.self) {
            try PipelineDefinition.load(URL(fileURLWithPath: cbs.pipeline))
        }
        #expect(
            error?.message.contains("apply to CSV sources (connector csv or ckan) only") == true,
            "\(error?.message ?? "")")
    }

    @Test func hintsOnlyForCloseNames() {
        #expect(ConfigSchema.hint("requried", ["required", "url"], known: nil) == " — did you mean \"required\"?")
        #expect(ConfigSchema.hint("colour", ["id", "url"], known: nil) == " (known: id, url)")
    }
}
