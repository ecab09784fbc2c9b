import Foundation
import ImpactModel

/// One problem in a configuration file, with the position of the offending key or value.
///
/// `description` is the line every command prints: `pipelines/haarlem-demo.yaml:54:3: unknown key "headline_metric"
/// in report — did you mean "headline_metrics"?`. Lines and columns start at 1 (Yams' `Mark`).
package struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file as the command names it (relative to the working directory when below it).
    package var file: String
    /// 1-based line of the offending key or value (Yams' `Mark`).
    package var line: Int
    /// 1-based column of the offending key or value.
    package var column: Int
    /// What is wrong and, where there is one, the fix: `unknown key "headline_metric" in report — did you mean
    /// "headline_metrics"?`.
    package var message: String
    /// ``ExitStatus/config`` (78) for the YAML files, ``ExitStatus/dataInvalid`` (65) for the registry's header.
    package var status: ExitStatus

    /// Creates a problem at `file:line:column`.
    package init(file: String, line: Int, column: Int, message: String, status: ExitStatus) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.status = status
    }

    /// `file:line:column: message`, the line every command prints for the problem.
    package var description: String { "\(file):\(line):\(column): \(message)" }
}

extension [ConfigProblem] {
    /// Throws the problems as one ``ImpactError`` (one line each): 78 when any is a configuration problem, else 65;
    /// returns when there are none.
    package func throwIfAny() throws(ImpactError) {
        guard !isEmpty else { return }
        throw ImpactError(
            contains { $0.status == .config } ? .config : .dataInvalid, map(\.description).joined(separator: "\n"))
    }
}
