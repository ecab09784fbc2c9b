import ArgumentParser
import Foundation
import ImpactModel
import Normalization

extension ImpactMon {
    /// `impactmon observations <file>`: a national run's binary observation store shown as CSV.
    struct Observations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Prints a national run's observations of one municipality (normalize/observations/<GM>.imobs) as CSV.",
            discussion: """
                The national normalize stage hands its observations to compute in a binary, columnar file per \
                municipality. This prints one as the CSV of observations.csv (same columns), on standard output or \
                into --csv. A damaged or truncated file exits 65 with the file named.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The observation store, e.g. runs/national-bench/2026Q3/normalize/observations/GM0392.imobs.")
        var file: String

        @Option(name: .customLong("csv"), help: "Write the CSV to this file (atomically) instead of standard output.")
        var csvPath: String?

        func run() async throws {
            try await reportingErrors(global) {
                let bytes = try ObservationPartitions.csv(of: URL(fileURLWithPath: file))
                if let csvPath {
                    try Data(bytes).write(to: URL(fileURLWithPath: csvPath), options: .atomic)
                } else {
                    FileHandle.standardOutput.write(Data(bytes))
                }
            }
        }
    }
}
