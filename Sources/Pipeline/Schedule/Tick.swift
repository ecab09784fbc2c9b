import Foundation
import ImpactModel

/// `impactmon tick`: safe to call from cron every hour. Under the pipeline's lock it asks ``TickPlanner`` what
/// is due since the previous tick, runs those jobs oldest quarter first (catching up missed quarters in order),
/// and records the tick in `output/<pipeline>/tick.json`. When nothing is due it does nothing.
package struct Tick: Sendable {
    package let definition: PipelineDefinition
    package let options: RunOptions

    package init(definition: PipelineDefinition, options: RunOptions) {
        self.definition = definition
        self.options = options
    }

    /// What one tick did.
    package struct Outcome: Sendable {
        package var jobs: [TickPlanner.Job]
        package var failures: [(Quarter, String)]
    }

    /// - Throws: ``ImpactError`` with ``ExitStatus/tempFail`` when another run holds the lock,
    ///   ``ExitStatus/config`` when the pipeline has no schedule.
    package func run() async throws -> Outcome {
        guard let schedule = definition.schedule else {
            throw ImpactError(.config, "\(definition.fileURL.path) has no schedule: block; tick has nothing to plan")
        }
        let pipelineRoot = options.outputRoot.appendingPathComponent(definition.name, isDirectory: true)
        let lock = try RunLock(directory: pipelineRoot, policy: options.lockPolicy, command: options.command)
        defer { withExtendedLifetime(lock) {} }
        let zone = TimeZone(identifier: definition.timezone) ?? .amsterdam
        let now = CivilMinute(options.now(), zone: zone)
        let stateURL = pipelineRoot.appendingPathComponent("tick.json")
        let last = TickState.load(stateURL)?.lastTick
        let jobs = TickPlanner.plan(schedule: schedule, lastTick: last, now: now) { q, stage in
            let runner = PipelineRunner(definition: definition, period: q, options: options)
            return runner.states().first { $0.stage == stage }?.kind == .upToDate
        }
        var failures: [(Quarter, String)] = []
        var runOptions = options
        runOptions.lockPolicy = .alreadyHeld
        for job in jobs {
            options.logger.info(
                "tick: due", metadata: ["period": "\(job.period)", "stages": "\(job.stages.map(\.rawValue))", "why": "\(job.reasons)"])
            do {
                _ = try await PipelineRunner(definition: definition, period: job.period, options: runOptions).run(job.stages)
            } catch {
                failures.append((job.period, (error as? ImpactError)?.message ?? "\(error)"))
                break  // later quarters wait until this one succeeds
            }
        }
        try TickState(lastTick: now).write(stateURL)
        if jobs.isEmpty { options.logger.info("tick: nothing due", metadata: ["now": "\(now)"]) }
        return Outcome(jobs: jobs, failures: failures)
    }
}

/// `tick.json`: the minute of the last tick, so cron rules fire once per matching minute.
struct TickState: Codable {
    var lastTick: CivilMinute

    enum CodingKeys: String, CodingKey { case lastTick = "last_tick" }

    static func load(_ url: URL) -> TickState? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(TickState.self, from: data)
    }

    func write(_ url: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try enc.encode(self) + Data("\n".utf8), to: url)
    }
}

extension CivilMinute: Codable {
    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { throw ModelError("tick time \"\(text)\" is not yyyy-mm-dd hh:mm") }
        let hm = parts[1].split(separator: ":").compactMap { Int($0) }
        guard hm.count == 2 else { throw ModelError("tick time \"\(text)\" is not yyyy-mm-dd hh:mm") }
        self.init(date: try CivilDate(parsing: String(parts[0])), hour: hm[0], minute: hm[1])
    }
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
