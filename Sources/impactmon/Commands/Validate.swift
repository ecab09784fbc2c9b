import ArgumentParser
import Foundation
import ImpactModel
import Normalization
import Pipeline

extension ImpactMon {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Checks the pipeline file and the registry; prints one line per problem (exit 65 on errors).",
            discussion: """
                Each line names the file, line, field and value, and says how to fix it. Warnings (a repaired
                leading zero, a postcode that cannot be normalised) keep the record; errors stop the normalize stage.
                """)

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            do {
                let definition = try global.loadPipeline()
                let report = RegistryValidation.validate(
                    registryURL: definition.registryURL, themesURL: definition.themesURL,
                    herindelingURL: definition.boundaryChangesURL, measureRulesURL: definition.measureRulesURL)
                let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                for var d in report.diagnostics {
                    if let f = d.file { d.file = relativePath(URL(fileURLWithPath: f), from: cwd) }
                    print(d.description)
                }
                let assessment = try definition.assessmentProblems()
                for line in assessment { print(line.replacingOccurrences(of: cwd.path + "/", with: "")) }
                let errors = report.diagnostics.filter { $0.severity == .error }.count + assessment.count
                let warnings = report.diagnostics.filter { $0.severity == .warning }.count
                print("impactmon validate: \(report.enterpriseCount) enterprises, \(errors) errors, \(warnings) warnings")
                // A bad afwegingskader is a configuration error (78); bad registry data stay 65.
                if errors > assessment.count { throw ExitCode(ExitStatus.dataInvalid.rawValue) }
                if !assessment.isEmpty { throw ExitCode(ExitStatus.config.rawValue) }
            } catch let error as ImpactError {
                FileHandle.standardError.write(Data("impactmon: error: \(error.message)\n".utf8))
                throw ExitCode(error.status.rawValue)
            }
        }
    }
}
