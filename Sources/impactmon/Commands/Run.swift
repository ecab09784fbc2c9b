import ArgumentParser
import Pipeline

extension ImpactMon {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs every stage: fetch, normalize, compute and report.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var fetch: FetchOptions
        @OptionGroup var report: ReportOptions

        func run() async throws {
            try await runStages(
                [.fetch, .normalize, .compute, .report], global: global,
                fetchMode: fetch.offline ? .offline : (fetch.refresh ? .refresh : .online), language: report.lang ?? "")
        }
    }
}
