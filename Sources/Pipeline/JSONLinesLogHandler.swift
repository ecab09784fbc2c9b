import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line to standard error, for cron and log collectors.
///
/// Every line has the same six keys, in this order of meaning (the encoder sorts them), plus `fields`:
/// ```json
/// {"event":"stage.finished","fields":{"rows":"metrics=823"},"level":"info","message":"stage finished",
///  "source":null,"stage":"report","ts":"2026-11-30T08:00:47.120+00:00"}
/// ```
/// - `ts`: ISO 8601 with milliseconds and an explicit UTC offset (`+00:00`);
/// - `level`: swift-log's level (`debug`, `info`, `notice`, `warning`, `error`, `critical`);
/// - `stage`, `source`: from the metadata keys of the same name, `null` when the record is not about one;
/// - `event`: the metadata key `event`, else the message in `snake.case` (`stage finished` → `stage_finished`);
/// - `message`: the log message;
/// - `fields`: every other metadata key, as strings.
package struct JSONLinesLogHandler: LogHandler {
    /// Logger-wide metadata (swift-log `LogHandler`), merged under each record's own; the keys `stage`, `source` and
    /// `event` become the line's top-level keys, the rest go to `fields`.
    package var metadata: Logger.Metadata = [:]
    /// The lowest level written (swift-log filters below it); `info`, or `debug` with `--verbose`.
    package var logLevel: Logger.Level = .info
    private let label: String

    /// A handler for the logger `label` (swift-log's factory argument; the label is not written to the line).
    package init(label: String) { self.label = label }

    /// One key of ``metadata`` (swift-log `LogHandler` requirement).
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the record as one ``JSONLogLine`` to standard error (see the type's documentation for the keys); the
    /// time is the moment of writing, in UTC.
    package func log(event: LogEvent) {
        var all = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        let message = "\(event.message)"
        let stage = all.removeValue(forKey: "stage").map { "\($0)" }
        let source = all.removeValue(forKey: "source").map { "\($0)" }
        let name = all.removeValue(forKey: "event").map { "\($0)" } ?? Self.eventName(message)
        var fields: [String: String] = [:]
        for (k, v) in all { fields[k] = "\(v)" }
        Self.write(
            JSONLogLine(
                ts: Self.timestamp(Date()), level: event.level.rawValue, stage: stage, source: source, event: name,
                message: message, fields: fields))
    }

    /// Writes one line to standard error (also for callers that have no logger, such as argument-parser errors).
    package static func write(_ line: JSONLogLine) {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? enc.encode(line) else { return }
        FileHandle.standardError.write(data + Data("\n".utf8))
    }

    /// `stage finished` → `stage_finished`; keeps letters, digits and dots.
    static func eventName(_ message: String) -> String {
        var out = ""
        for ch in message.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "." {
                out.append(ch)
            } else if !out.hasSuffix("_") {
                out.append("_")
            }
            if out.count >= 40 { break }
        }
        return out.trimmingCharacters(in: ["_"])
    }

    /// ISO 8601 with milliseconds and the UTC offset written out: `2026-11-30T08:00:47.120+00:00`.
    package static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        let s = f.string(from: date)
        return s.hasSuffix("Z") ? String(s.dropLast()) + "+00:00" : s
    }
}

/// One line of `--log-format json`: the stable keys `ts`, `level`, `stage`, `source`, `event`, `message` and
/// `fields` (`stage` and `source` are `null` when the record is not about one).
package struct JSONLogLine: Codable, Sendable, Equatable {
    /// Time of the record: ISO 8601 with milliseconds and explicit UTC offset (`2026-11-30T08:00:47.120+00:00`).
    package var ts: String
    /// swift-log's level name: `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    package var level: String
    /// The stage the record is about (`fetch`, `normalize`, `compute`, `report`), `null` when none.
    package var stage: String?
    /// The pipeline source id the record is about (`cbs-bijstand`), `null` when none.
    package var source: String?
    /// A stable dotted or snake-case name for monitors (`stage.finished`, `tick.due`).
    package var event: String
    /// The log message for people, secrets already masked by ``MaskingLogHandler``.
    package var message: String
    /// Every other metadata key, values as strings.
    package var fields: [String: String]

    /// A line from its keys; see the properties for each key's form.
    package init(
        ts: String, level: String, stage: String?, source: String?, event: String, message: String,
        fields: [String: String]
    ) {
        self.ts = ts
        self.level = level
        self.stage = stage
        self.source = source
        self.event = event
        self.message = message
        self.fields = fields
    }

    /// Encodes every key, `stage` and `source` as `null` rather than leaving them out, so each line has the same keys.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ts, forKey: .ts)
        try c.encode(level, forKey: .level)
        try c.encode(stage, forKey: .stage)  // null rather than absent: the keys are stable
        try c.encode(source, forKey: .source)
        try c.encode(event, forKey: .event)
        try c.encode(message, forKey: .message)
        try c.encode(fields, forKey: .fields)
    }
}
