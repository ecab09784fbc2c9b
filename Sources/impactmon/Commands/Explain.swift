import ArgumentParser
import Foundation
import ImpactModel
import Pipeline

extension ImpactMon {
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explains one value: its definition, the arithmetic and the inputs with their sources.",
            discussion: "The id is the provenance_id column of metrics.csv, e.g. emp_headcount_total/GM0392/2026Q3.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A provenance id from metrics.csv (metric/entity/period[/breakdown]).")
        var provenanceID: String

        func run() async throws {
            do {
                let definition = try global.loadPipeline()
                var period = try definition.resolvePeriod(global.period)
                // The id names its quarter; use it when --period is not given.
                if global.period == nil, let q = provenanceID.split(separator: "/").dropFirst(2).first.flatMap({ try? Quarter(parsing: String($0)) }) {
                    period = q
                }
                let run = RunDirectory(outputRoot: global.outputURL, pipelineName: definition.name, period: period)
                print(try Explainer(run: run, definition: definition).explain(provenanceID))
            } catch let error as ImpactError {
                FileHandle.standardError.write(Data("impactmon: error: \(Secrets.mask(error.message))\n".utf8))
                throw ExitCode(error.status.rawValue)
            }
        }
    }
}
