import ImpactModel
import Logging

/// Wraps a log handler so every message and metadata value passes through ``ImpactModel/Secrets/mask(_:secretNames:)``
/// first: no secret reaches standard error, whichever handler (text or JSON lines) writes it (issue 15).
package struct MaskingLogHandler: LogHandler {
    private var inner: any LogHandler

    /// Masks what `inner` writes.
    package init(wrapping inner: any LogHandler) { self.inner = inner }

    /// The wrapped handler's logger-wide metadata (masked only when a record is written).
    package var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    /// The wrapped handler's level.
    package var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    /// One key of the wrapped handler's ``metadata``.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    /// Masks the message and every metadata value (``ImpactModel/Secrets/mask(_:secretNames:)``; values become
    /// strings),
    /// then passes the record on.
    package func log(event: LogEvent) {
        var e = event
        e.message = "\(Secrets.mask(event.message.description))"
        e.metadata = event.metadata?.mapValues { .string(Secrets.mask("\($0)")) }
        inner.log(event: e)
    }
}
