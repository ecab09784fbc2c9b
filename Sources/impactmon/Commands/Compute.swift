import ArgumentParser
import Pipeline

extension ImpactMon {
    struct Compute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Computes the metrics from the normalized observations.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await runStages([.compute], global: global, fetchMode: .online, language: "nl")
        }
    }
}
