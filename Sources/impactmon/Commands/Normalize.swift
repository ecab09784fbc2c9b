import ArgumentParser
import Pipeline

extension ImpactMon {
    struct Normalize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Maps fetched records to canonical observations, matched against the registry.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await runStages([.normalize], global: global, fetchMode: .online, language: "nl")
        }
    }
}
