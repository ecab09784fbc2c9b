import ArgumentParser
import Foundation
import ImpactModel
import Pipeline

extension ImpactMon {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows per stage whether the period's outputs are up to date, stale, missing or failed.",
            discussion: """
                Without --period: the pipeline's default_period; when that is `previous` and the pipeline has a \
                schedule, the latest due quarter (2026Q3 from 2026-10-16 with `quarterly, 15 days after quarter \
                end`). Exits 0 when every stage \
                is up to date, 4 when a stage is missing, stale (an input, config file or the tool version changed) \
                or failed, so a monitor can alert on it. The age of the fetch alone does not make a quarter stale.
                """)

        @OptionGroup var global: GlobalOptions

        @Flag(name: .long, help: "Say why a stage is stale (which input, config file or version changed).")
        var explain = false

        @Option(
            name: .long, help: "Output format: text, or json (one object on stdout: pipeline, period, current, stages)."
        )
        var format: StatusFormat = .text

        func run() async throws {
            try await reportingErrors(global) {
                let definition = try global.loadPipeline()
                let period: Quarter
                // The same default as every command (default_period); `previous` with a schedule means the latest
                // quarter that is due, not merely complete (2026Q3 is due from 2026-10-16, not from 2026-10-01).
                if global.period == nil, definition.defaultPeriod == "previous", let schedule = definition.schedule {
                    let zone = TimeZone(identifier: definition.timezone) ?? TimeZone(identifier: "Europe/Amsterdam")!
                    period = schedule.latestDue(at: CivilMinute(Date(), zone: zone))
                } else {
                    period = try definition.resolvePeriod(global.period)
                }
                let runner = PipelineRunner(
                    definition: definition, period: period, options: RunOptions(outputRoot: global.outputURL))
                let states = runner.states(ignoringAge: true)
                let current = states.allSatisfy { $0.kind == .upToDate }
                let folder = relativePath(
                    runner.runDirectory.root, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                let store = StorePruning.storeSize(outputRoot: global.outputURL)
                switch format {
                case .json:
                    let report = StatusReport(
                        pipeline: definition.name, period: period.description, runDirectory: folder, current: current,
                        exitStatus: current ? 0 : Int(ExitStatus.notCurrent.rawValue),
                        store: .init(entries: store.entries, bodies: store.bodies, bytes: store.bytes),
                        stages: states.map {
                            .init(stage: $0.stage.rawValue, state: $0.kind.rawValue, reasons: $0.reasons)
                        })
                    let enc = JSONEncoder()
                    enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try enc.encode(report), as: UTF8.self))
                case .text:
                    print("\(definition.name) \(period) (\(folder)): \(current ? "current" : "NOT current")")
                    print(
                        "  response store (output/.cache): \(store.entries) entries, \(store.bodies) bodies, \(store.bytes) bytes"
                    )
                    for s in states {
                        print(
                            "  \(s.stage.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(s.kind.rawValue)"
                        )
                        if explain {
                            for r in s.reasons.prefix(8) { print("      \(r)") }
                            if s.reasons.count > 8 { print("      … and \(s.reasons.count - 8) more") }
                        }
                    }
                }
                if !current { throw ExitCode(ExitStatus.notCurrent.rawValue) }
            }
        }
    }
}

enum StatusFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `impactmon status --format json`.
struct StatusReport: Encodable {
    struct StageLine: Encodable {
        var stage: String
        var state: String
        var reasons: [String]
    }
    var pipeline: String
    var period: String
    var runDirectory: String
    var current: Bool
    var exitStatus: Int
    /// The response store under the output root (`output/.cache`): it is pruned after successful runs.
    var store: StoreSize
    var stages: [StageLine]

    struct StoreSize: Encodable {
        var entries: Int
        var bodies: Int
        var bytes: Int
    }

    enum CodingKeys: String, CodingKey {
        case pipeline, period, current, stages, store
        case runDirectory = "run_directory"
        case exitStatus = "exit_status"
    }
}
