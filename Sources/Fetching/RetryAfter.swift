import Foundation

/// Parses the `Retry-After` response header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
package enum RetryAfter {
    /// The delay the header asks for, measured from `now`; an HTTP-date in the past gives zero.
    /// Returns nil for a value that is neither form (the caller then uses its own backoff).
    ///
    /// HTTP-date forms (RFC 9110 §5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850
    /// form `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`.
    package static func delay(_ value: String, now: Date) -> Duration? {
        let v = value.trimmingWhitespace()
        if !v.isEmpty, v.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let seconds = Int(v) else { return .seconds(Int.max / 2) }
            return .seconds(seconds)
        }
        guard let date = httpDate(v) else { return nil }
        let interval = date.timeIntervalSince(now)
        return interval > 0 ? .milliseconds(Int64((interval * 1000).rounded(.up))) : .zero
    }

    /// Parses an HTTP-date in any of the three forms.
    package static func httpDate(_ value: String) -> Date? {
        let collapsed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let d = f.date(from: collapsed) { return d }
        }
        return nil
    }
}
