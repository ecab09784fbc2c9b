import ArgumentParser
import Foundation
import ImpactModel
import Pipeline

extension ImpactMon {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows per stage whether the period's outputs are up to date, stale, missing or failed.")

        @OptionGroup var global: GlobalOptions

        @Flag(name: .long, help: "Say why a stage is stale (which input, config file or version changed).")
        var explain = false

        func run() async throws {
            do {
                let definition = try global.loadPipeline()
                let period = try definition.resolvePeriod(global.period)
                let runner = PipelineRunner(
                    definition: definition, period: period, options: RunOptions(outputRoot: global.outputURL))
                print("\(definition.name) \(period) (\(runner.runDirectory.root.path))")
                let store = StorePruning.storeSize(outputRoot: global.outputURL)
                print(
                    "  response store \(global.outputURL.appendingPathComponent(".cache").path): \(store.entries) entries, "
                        + "\(store.bodies) bodies, \(store.bytes) bytes")
                for s in runner.states() {
                    print("  \(s.stage.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(s.kind.rawValue)")
                    if explain {
                        for r in s.reasons.prefix(8) { print("      \(r)") }
                        if s.reasons.count > 8 { print("      … and \(s.reasons.count - 8) more") }
                    }
                }
            } catch let error as ImpactError {
                FileHandle.standardError.write(Data("impactmon: error: \(Secrets.mask(error.message))\n".utf8))
                throw ExitCode(error.status.rawValue)
            }
        }
    }
}
