import ArgumentParser
import Pipeline

extension ImpactMon {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Writes the Markdown and CSV reports from the computed metrics.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var report: ReportOptions

        func run() async throws {
            try await runStages([.report], global: global, fetchMode: .online, language: report.lang ?? "")
        }
    }
}
