import ArgumentParser
import Foundation
import ImpactModel
import Pipeline

extension ImpactMon {
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explains one value: its definition, the arithmetic and the inputs with their sources.",
            discussion: """
                The id is the provenance_id column of metrics.csv, e.g. emp_headcount_total/GM0392/2026Q3. Without \
                --period the run folder is found from the id alone: a year-earlier value such as \
                emp_headcount_total/GM0392/2025Q3 is found in the 2026Q3 run that computed it.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A provenance id from metrics.csv (metric/entity/period[/breakdown]).")
        var provenanceID: String

        func run() async throws {
            try await reportingErrors(global) {
                let definition = try global.loadPipeline()
                var period = try definition.resolvePeriod(global.period)
                if global.period == nil {
                    if !definition.isNational,
                        let q = Explainer.locate(provenanceID, definition: definition, outputRoot: global.outputURL)
                    {
                        period = q
                    } else if let q = provenanceID.split(separator: "/").dropFirst(2).first.flatMap({
                        try? Quarter(parsing: String($0))
                    }) {
                        period = q
                        let named = RunDirectory(outputRoot: global.outputURL, pipelineName: definition.name, period: q)
                        if !definition.isNational, !FileManager.default.fileExists(atPath: named.folder(.compute).path)
                        {
                            throw ImpactError(
                                .usage,
                                "no run of \(definition.name) holds \"\(provenanceID)\" (looked in the runs of \(q) to \(q + 7) and every other run folder); check the id against a metrics.csv, or run that quarter first"
                            )
                        }
                    }
                }
                let run = RunDirectory(outputRoot: global.outputURL, pipelineName: definition.name, period: period)
                print(try Explainer(run: run, definition: definition).explain(provenanceID))
            }
        }
    }
}
