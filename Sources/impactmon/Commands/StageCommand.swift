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
    try await reportingErrors(global) {
        let definition = try global.loadPipeline()
        // Config checked before anything runs: every problem of the YAML files and the registry header, at once.
        try ConfigCheck.require(definition)
        let period = try definition.resolvePeriod(global.period)
        let options = RunOptions(
            outputRoot: global.outputURL, fetchMode: fetchMode, language: language, lockPolicy: global.lockPolicy,
            command: CommandLine.arguments.joined(separator: " "), logger: logger,
            strict: global.strict || definition.strict, progress: global.showsProgress)
        let runner = PipelineRunner(definition: definition, period: period, options: options)
        let summary = try await runner.run(stages, force: global.force)
        let ran = summary.stages.map { "\($0.stage.rawValue): \($0.result)\($0.message.map { " (\($0))" } ?? "")" }
            .joined(separator: ", ")
        let warned =
            summary.warnings.isEmpty
            ? "" : " (\(summary.warnings.count) warning\(summary.warnings.count == 1 ? "" : "s"), see run.md)"
        let folder = relativePath(
            runner.runDirectory.root, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        switch global.logFormat {
        case .text: print(Secrets.mask("impactmon: \(definition.name) \(period): \(ran)\(warned) → \(folder)"))
        case .json:
            // stdout stays empty so that `>>file 2>&1` (the README's cron line) stays JSON lines.
            logger.info(
                "run finished",
                metadata: [
                    "event": "run.finished", "period": "\(period)", "stages": "\(ran)",
                    "warnings": "\(summary.warnings.count)",
                    "run_directory": "\(folder)",
                ])
        }
    }
}

/// Runs `body`; an error becomes one line on standard error (`impactmon: error: …`, or one JSON object with
/// `--log-format json`) and the documented exit code: an ``ImpactError``'s status, 1 for anything unexpected.
func reportingErrors(_ global: GlobalOptions, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ImpactError {
        if error.status == .tempFail && global.lock == .skip {
            makeLogger(global).info("skipped: \(error.message)", metadata: ["event": "lock.skipped"])
        } else {
            reportError(error, global: global)
        }
        throw ExitCode(error.status.rawValue)
    } catch {
        // Anything unexpected (a file system error, a read-only output folder) exits 1 with a sentence, not a dump.
        reportError(ImpactError(unexpected: error), global: global)
        throw ExitCode(ExitStatus.failure.rawValue)
    }
}

/// Writes an ``ImpactError`` on standard error: its message, then its hint (`impactmon: hint: …`); in JSON its
/// stable code as `error_code`.
func reportError(_ error: ImpactError, global: GlobalOptions) {
    reportError(error.message, status: error.status, code: error.code, global: global)
    if let hint = error.hint {
        reportError("hint: " + hint, status: error.status, code: error.code, global: global, prefix: "")
    }
}

/// Writes an error on standard error in the requested log format, one line (or JSON object) per line of `message`
/// (a configuration check reports one problem per line).
func reportError(
    _ message: String, status: ExitStatus, code: String? = nil, global: GlobalOptions, prefix: String = "error: "
) {
    // Messages quote URLs and server replies: every credential is masked before anything is printed.
    for line in Secrets.mask(message).split(separator: "\n", omittingEmptySubsequences: true) {
        switch global.logFormat {
        case .text: FileHandle.standardError.write(Data("impactmon: \(prefix)\(line)\n".utf8))
        case .json:
            makeLogger(global).error(
                "\(line)",
                metadata: [
                    "event": "error", "exit_status": "\(status.rawValue)", "error_code": "\(code ?? status.code)",
                ])
        }
    }
}

/// The process's logger; its handler (text or JSON lines) is chosen once in ``ImpactMon/main()``.
func makeLogger(_ global: GlobalOptions) -> Logger {
    var logger = Logger(label: "impactmon")
    logger.logLevel = global.verbose ? .debug : .info
    return logger
}
