import ArgumentParser
import Foundation
import ImpactModel
import Pipeline

extension ImpactMon {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Checks the pipeline file and the registry; prints one line per problem (exit 65 on errors).")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            do {
                _ = try PipelineDefinition.load(global.pipelineURL)
                throw ImpactError(.failure, "validate: not integrated yet")
            } catch let error as ImpactError {
                FileHandle.standardError.write(Data("impactmon: error: \(error.message)\n".utf8))
                throw ExitCode(error.status.rawValue)
            }
        }
    }
}
