import Foundation
import ImpactModel

/// `impactmon tick`: safe to call from cron every hour. Under the pipeline's lock it asks ``TickPlanner`` what
/// is due since the previous tick, runs those jobs oldest quarter first (catching up missed quarters in order),
/// and records the tick in `output/<pipeline>/tick.json`. When nothing is due it does nothing.
///
/// A quarter counts as done when every stage is published and its inputs, config and tool version hash as
/// recorded; the age of its fetch does not count (``PipelineRunner/states(ignoringAge:)``), so a caught-up quarter
/// is not rerun the next day. It is rerun when an input changed, when its last run failed, or with `force`.
package struct Tick: Sendable {
    /// The pipeline, whose `schedule:` block decides what is due.
    package let definition: PipelineDefinition
    /// Output root, lock policy, clock and logger; each job's run gets them with the lock already held.
    package let options: RunOptions
    /// `--force`: rerun every due quarter from `catch_up_from` even when it is done.
    package let force: Bool

    /// A tick of `definition`; `force` reruns due quarters even when they are up to date.
    package init(definition: PipelineDefinition, options: RunOptions, force: Bool = false) {
        self.definition = definition
        self.options = options
        self.force = force
    }

    /// What one tick did, per quarter from `catch_up_from` to the newest complete one.
    package struct Outcome: Sendable {
        /// The jobs ``TickPlanner`` found due, oldest quarter first (also those skipped after a failure).
        package var jobs: [TickPlanner.Job]
        /// Each failed quarter with the operator's message; at most one, since later quarters wait for it.
        package var failures: [(Quarter, String)]
        /// The exit status of the first failed quarter's run (3 under --strict, 65, 69, …), or nil.
        package var failureStatus: ExitStatus? = nil
        /// One line per quarter: `2026Q3: ran (report: quarterly, 15 days after quarter end)`,
        /// `2026Q2: skipped (up to date: inputs, config and tool version unchanged)`,
        /// `2026Q4: not due until 2027-01-16 (Europe/Amsterdam)`.
        package var decisions: [Decision]
    }

    /// What a tick decided for one quarter, and why.
    package struct Decision: Sendable, Codable, Equatable {
        /// `ran`, `failed`, `skipped` (up to date, or waiting for an older failed quarter) or `not_due` (its due
        /// day has not come), as written in logs.
        package enum Action: String, Sendable, Codable {
            case ran, failed, skipped
            case notDue = "not_due"
        }
        /// The quarter in report form (`2026Q3`).
        package var period: String
        /// What the tick did with the quarter.
        package var action: Action
        /// The reason in words: the rules that made it due, the failure's message, or why it was not run.
        package var why: String
        /// The decision as one line for the operator: `2026Q3: ran (report: quarterly, 15 days after quarter end)`.
        package var line: String { "\(period): \(action == .notDue ? "not due" : action.rawValue) (\(why))" }
    }

    /// Runs one tick: takes the pipeline's lock, plans from `tick.json`'s last tick to now (the clock of
    /// ``RunOptions/now``, in the pipeline's `timezone:`), runs the due jobs oldest first and stops at the first failed
    /// quarter (later ones are skipped and retried next tick), then writes `tick.json` atomically.
    /// - Throws: ``ImpactError`` with ``ExitStatus/tempFail`` when another run holds the lock,
    ///   ``ExitStatus/config`` when the pipeline has no schedule.
    package func run() async throws -> Outcome {
        guard let schedule = definition.schedule else {
            throw ImpactError(
                .config, "\(definition.fileURL.lastPathComponent) has no schedule: block; tick has nothing to plan")
        }
        let pipelineRoot = options.outputRoot.appendingPathComponent(definition.name, isDirectory: true)
        let lock = try RunLock(directory: pipelineRoot, policy: options.lockPolicy, command: options.command)
        defer { withExtendedLifetime(lock) {} }
        let zone = TimeZone(identifier: definition.timezone) ?? .amsterdam
        let instant = options.now()
        let now = CivilMinute(instant, zone: zone)
        let stateURL = pipelineRoot.appendingPathComponent("tick.json")
        var state = TickState.load(stateURL, zone: zone) ?? TickState()
        let jobs = TickPlanner.plan(schedule: schedule, lastTick: state.lastTick, now: now) { q, stage in
            if force { return false }
            let runner = PipelineRunner(definition: definition, period: q, options: options)
            return runner.states(ignoringAge: true).first { $0.stage == stage }?.kind == .upToDate
        }
        var failures: [(Quarter, String)] = []
        var failureStatus: ExitStatus?
        var decisions: [Decision] = []
        var runOptions = options
        runOptions.lockPolicy = .alreadyHeld
        for job in jobs {
            let why = job.reasons.joined(separator: "; ")
            options.logger.info(
                "tick: \(job.period) due",
                metadata: [
                    "event": "tick.due", "period": "\(job.period)", "stages": "\(job.stages.map(\.rawValue))",
                    "why": "\(why)",
                ])
            if !failures.isEmpty {
                decisions.append(
                    Decision(
                        period: job.period.description, action: .skipped, why: "waits until \(failures[0].0) succeeds"))
                continue  // later quarters wait until this one succeeds
            }
            do {
                _ = try await PipelineRunner(definition: definition, period: job.period, options: runOptions).run(
                    job.stages, force: force)
                decisions.append(Decision(period: job.period.description, action: .ran, why: why))
                state.quarters[job.period.description] = TickState.QuarterRecord(
                    ranAt: isoOffset(options.now(), zone: zone), result: "ran", reasons: job.reasons)
            } catch {
                let message = (error as? ImpactError)?.message ?? "\(SystemErrorText.describe(error))"
                failures.append((job.period, message))
                failureStatus = failureStatus ?? (error as? ImpactError)?.status ?? .failure
                decisions.append(Decision(period: job.period.description, action: .failed, why: message))
                state.quarters[job.period.description] = TickState.QuarterRecord(
                    ranAt: isoOffset(options.now(), zone: zone), result: "failed", reasons: [message])
            }
        }
        // The quarters this tick did not run, and why.
        let latest = Quarter.lastComplete(on: now.date)
        if var q = schedule.catchUpFrom ?? Optional(latest), q <= latest {
            while q <= latest {
                if !jobs.contains(where: { $0.period == q }) {
                    if let due = schedule.dueDay(of: q), now.date < due {
                        decisions.append(
                            Decision(
                                period: q.description, action: .notDue,
                                why: "due from \(due) 00:00 \(definition.timezone)"))
                    } else {
                        let last = state.quarters[q.description].map { ", last run \($0.ranAt)" } ?? ""
                        decisions.append(
                            Decision(
                                period: q.description, action: .skipped,
                                why: "up to date: inputs, config and tool version unchanged\(last)"))
                    }
                }
                q = q + 1
            }
        }
        decisions.sort { $0.period < $1.period }
        for d in decisions where d.action == .skipped || d.action == .notDue {
            options.logger.info(
                "tick: \(d.line)", metadata: ["event": "tick.\(d.action.rawValue)", "period": "\(d.period)"])
        }
        state.lastTick = now
        state.lastTickAt = isoOffset(instant, zone: zone)
        try state.write(stateURL)
        if jobs.isEmpty {
            options.logger.info(
                "tick: nothing due", metadata: ["event": "tick.nothing_due", "now": "\(state.lastTickAt)"])
        }
        return Outcome(jobs: jobs, failures: failures, failureStatus: failureStatus, decisions: decisions)
    }
}

/// ISO 8601 with the UTC offset of `zone`: `2026-10-16T09:07:00+02:00`.
package func isoOffset(_ date: Date, zone: TimeZone) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    f.timeZone = zone
    let s = f.string(from: date)
    return s.hasSuffix("Z") ? String(s.dropLast()) + "+00:00" : s
}

/// `tick.json`: when the last tick ran (so cron rules fire once per matching minute) and, per quarter, when a tick
/// last ran it and with what result. Times carry their UTC offset in the pipeline's zone:
/// ```json
/// {"last_tick": "2026-10-16T00:07:00+02:00",
///  "quarters": {"2026Q3": {"ran_at": "2026-10-16T00:07:41+02:00", "result": "ran",
///                          "reasons": ["report: quarterly, 15 days after quarter end"]}}}
/// ```
struct TickState: Codable {
    var lastTick: CivilMinute?
    var lastTickAt: String = ""
    var quarters: [String: QuarterRecord] = [:]

    struct QuarterRecord: Codable {
        var ranAt: String
        var result: String
        var reasons: [String]
        enum CodingKeys: String, CodingKey {
            case result, reasons
            case ranAt = "ran_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case quarters
        case lastTickAt = "last_tick"
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lastTickAt = try c.decodeIfPresent(String.self, forKey: .lastTickAt) ?? ""
        quarters = try c.decodeIfPresent([String: QuarterRecord].self, forKey: .quarters) ?? [:]
    }

    /// Reads `tick.json`; `last_tick` may be ISO 8601 with an offset or, as written before, `yyyy-mm-dd hh:mm` civil.
    static func load(_ url: URL, zone: TimeZone) -> TickState? {
        guard let data = try? Data(contentsOf: url), var state = try? JSONDecoder().decode(TickState.self, from: data)
        else { return nil }
        if let d = ISO8601DateFormatter().date(from: state.lastTickAt) {
            state.lastTick = CivilMinute(d, zone: zone)
        } else if let m = try? JSONDecoder().decode(CivilMinute.self, from: Data("\"\(state.lastTickAt)\"".utf8)) {
            state.lastTick = m
        }
        return state
    }

    func write(_ url: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try enc.encode(self) + Data("\n".utf8), to: url)
    }
}

extension CivilMinute: Codable {
    /// Decodes a civil minute written as `yyyy-mm-dd hh:mm` (the form of older `tick.json` files).
    /// - Throws: ``ModelError`` when the text has another form; ``PeriodError`` for a date that does not exist.
    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { throw ModelError("tick time \"\(text)\" is not yyyy-mm-dd hh:mm") }
        let hm = parts[1].split(separator: ":").compactMap { Int($0) }
        guard hm.count == 2 else { throw ModelError("tick time \"\(text)\" is not yyyy-mm-dd hh:mm") }
        self.init(date: try CivilDate(parsing: String(parts[0])), hour: hm[0], minute: hm[1])
    }
    /// Encodes as ``description`` (`yyyy-mm-dd hh:mm`).
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
