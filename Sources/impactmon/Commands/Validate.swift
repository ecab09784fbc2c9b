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
                var diagnostics = report.diagnostics
                // Credentials belong in the environment (`${NAME}`), never in the pipeline file (issue 15).
                for source in definition.sources {
                    for note in source.literalSecrets {
                        diagnostics.append(
                            Diagnostic(
                                .warning, code: "source.literal_secret",
                                "source \(source.id): \(note); move it to an environment variable and write ${NAME}",
                                file: definition.fileURL.path))
                    }
                    if !source.missingVariables.isEmpty {
                        diagnostics.append(
                            Diagnostic(
                                .warning, code: "source.environment",
                                "source \(source.id): environment variable(s) "
                                    + "\(source.missingVariables.joined(separator: ", ")) not set here; fetching will fail "
                                    + "unless the job's environment sets them", file: definition.fileURL.path))
                    }
                }
                for var d in diagnostics {
                    if let f = d.file { d.file = relativePath(URL(fileURLWithPath: f), from: cwd) }
                    print(Secrets.mask(d.description))
                }
                let errors = diagnostics.filter { $0.severity == .error }.count
                let warnings = diagnostics.filter { $0.severity == .warning }.count
                print("impactmon validate: \(report.enterpriseCount) enterprises, \(errors) errors, \(warnings) warnings")
                if errors > 0 { throw ExitCode(ExitStatus.dataInvalid.rawValue) }
            } catch let error as ImpactError {
                FileHandle.standardError.write(Data("impactmon: error: \(Secrets.mask(error.message))\n".utf8))
                throw ExitCode(error.status.rawValue)
            }
        }
    }
}
