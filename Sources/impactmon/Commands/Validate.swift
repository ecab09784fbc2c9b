import ArgumentParser
import Foundation
import ImpactModel
import Normalization
import Pipeline

extension ImpactMon {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Checks the pipeline file, config/*.yaml and the registry; prints every problem at once, one line each.",
            discussion: """
                Configuration problems (an unknown or misspelt key in any block, a wrong type, a missing required key, \
                an unknown metric or theme id, a YAML syntax error) print as file:line:column: message, with a "did \
                you mean" where one known name is close, and exit 78. Registry problems name the file, line, field and \
                value and say how to fix it; errors exit 65. Warnings (a repaired leading zero, a postcode that cannot \
                be normalised) keep the record.
                """)

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reportingErrors(global) {
                let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                guard FileManager.default.fileExists(atPath: global.pipelineURL.path) else {
                    throw ImpactError(
                        .config, "pipeline file \(relativePath(global.pipelineURL, from: cwd)) does not exist")
                }
                // Every configuration problem, found from the files themselves, even when the pipeline does not load.
                let problems = ConfigCheck.problems(pipelineFile: global.pipelineURL)
                for p in problems { print(Secrets.mask(p.description)) }
                var configErrors = problems.filter { $0.status == .config }.count
                var dataErrors = problems.count - configErrors
                var enterprises = 0
                var warnings = 0
                do {
                    let definition = try global.loadPipeline()
                    let report = RegistryValidation.validate(
                        registryURL: definition.registryURL, themesURL: definition.themesURL,
                        herindelingURL: definition.boundaryChangesURL, measureRulesURL: definition.measureRulesURL)
                    var diagnostics = report.diagnostics
                    // The registry's validity-dated history (`registry_history:`, issue 20): every row checked here as
                    // the normalize stage checks it, so a broken history is found before a quarterly run refuses it.
                    if let url = definition.registryHistoryURL {
                        let name = relativePath(url, from: cwd)
                        if let data = FileManager.default.contents(atPath: url.path) {
                            diagnostics += RegistryHistory.parse(data, file: url.path).diagnostics
                        } else {
                            diagnostics.append(
                                Diagnostic(
                                    .error, code: "registry_history.unreadable",
                                    "registry history \(name) cannot be read; check the `registry_history:` path",
                                    file: definition.fileURL.path))
                        }
                    }
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
                                        + "\(source.missingVariables.joined(separator: ", ")) not set here; fetching will "
                                        + "fail unless the job's environment sets them", file: definition.fileURL.path))
                        }
                    }
                    for var d in diagnostics {
                        if let f = d.file { d.file = relativePath(URL(fileURLWithPath: f), from: cwd) }
                        print(Secrets.mask(d.description))
                    }
                    // The afwegingskader (config/assessment.yaml), when the pipeline names one: configuration errors (78).
                    let assessment = try definition.assessmentProblems()
                    for line in assessment { print(line.replacingOccurrences(of: cwd.path + "/", with: "")) }
                    configErrors += assessment.count
                    enterprises = report.enterpriseCount
                    dataErrors += diagnostics.filter { $0.severity == .error }.count
                    warnings = diagnostics.filter { $0.severity == .warning }.count
                } catch let error as ImpactError {
                    // Problems the shape check above already listed are not repeated.
                    for line in error.message.split(separator: "\n").map(String.init)
                    where !problems.contains(where: { $0.description == line }) {
                        print(Secrets.mask(line))
                        if error.status == .config { configErrors += 1 } else { dataErrors += 1 }
                    }
                }
                print(
                    "impactmon validate: \(enterprises) enterprises, \(configErrors + dataErrors) errors, \(warnings) warnings"
                        + (configErrors > 0 ? " (\(configErrors) in the configuration)" : ""))
                if configErrors > 0 { throw ExitCode(ExitStatus.config.rawValue) }
                if dataErrors > 0 { throw ExitCode(ExitStatus.dataInvalid.rawValue) }
            }
        }
    }
}
