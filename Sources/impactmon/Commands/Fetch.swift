import ArgumentParser
import Pipeline

extension ImpactMon {
    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetches every source into fetch/ (bodies as received, with fetch.json).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var fetch: FetchOptions

        func run() async throws {
            try await runStages(
                [.fetch], global: global, fetchMode: fetch.offline ? .offline : (fetch.refresh ? .refresh : .online),
                language: "nl")
        }
    }
}
