import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line to standard error, for cron and log collectors:
/// `{"ts":"2026-11-30T08:00:47Z","level":"info","label":"impactmon","msg":"stage finished","stage":"fetch"}`.
package struct JSONLinesLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level = .info
    private let label: String

    package init(label: String) { self.label = label }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var obj: [String: String] = [
            "ts": isoUTC(Date()), "level": event.level.rawValue, "label": label, "msg": "\(event.message)",
        ]
        for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { obj[k] = "\(v)" }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? enc.encode(obj) else { return }
        FileHandle.standardError.write(data + Data("\n".utf8))
    }
}
