import ArgumentParser
import Foundation
import ImpactModel
import Logging
import Pipeline

/// Runs the given stages with the shared options and turns errors into the documented exit codes.
func runStages(
    _ stages: [Stage], global: GlobalOptions, fetchMode: FetchMode = .online, language: String = "nl"
) async throws {
    let logger = makeLogger(global)
    do {
        let definition = try global.loadPipeline()
        let period = try definition.resolvePeriod(global.period)
        let options = RunOptions(
            outputRoot: global.outputURL, fetchMode: fetchMode, language: language, lockPolicy: global.lockPolicy,
            command: CommandLine.arguments.joined(separator: " "), logger: logger)
        let runner = PipelineRunner(definition: definition, period: period, options: options)
        let summary = try await runner.run(stages, force: global.force)
        let ran = summary.stages.map { "\($0.stage.rawValue): \($0.result)\($0.message.map { " (\($0))" } ?? "")" }.joined(separator: ", ")
        print("impactmon: \(definition.name) \(period): \(ran) → \(runner.runDirectory.root.path)")
    } catch let error as ImpactError {
        if error.status == .tempFail && global.lock == .skip {
            logger.info("skipped: \(error.message)")
        } else {
            FileHandle.standardError.write(Data("impactmon: error: \(Secrets.mask(error.message))\n".utf8))
        }
        throw ExitCode(error.status.rawValue)
    } catch let error as ExitCode {
        throw error
    } catch {
        // Anything unexpected (a file system error, a read-only output folder) exits 1 with a sentence, not a dump.
        let text = Secrets.mask(error.localizedDescription)
        FileHandle.standardError.write(Data("impactmon: error: \(text)\n".utf8))
        throw ExitCode(ExitStatus.failure.rawValue)
    }
}

func makeLogger(_ global: GlobalOptions) -> Logger {
    var logger = Logger(label: "impactmon") { label in
        switch global.logFormat {
        case .json: return MaskingLogHandler(wrapping: JSONLinesLogHandler(label: label))
        case .text: return MaskingLogHandler(wrapping: StreamLogHandler.standardError(label: label))
        }
    }
    logger.logLevel = global.verbose ? .debug : .info
    return logger
}
