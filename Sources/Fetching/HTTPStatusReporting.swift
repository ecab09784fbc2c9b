/// An error from an ``HTTPFetching`` implementation that carries the HTTP status of the reply that caused it.
///
/// Callers need the status to tell a meaningful reply from a failure: a KvK Basisprofiel `404` means "not in the
/// Handelsregister" (a result), a CBS `404` on `…/Observations` means a v3 table addressed with a v4 path
/// (KNOWN-FAULTS B04). Transport failures without any reply have `httpStatus == nil`.
package protocol HTTPStatusReporting: Error {
    /// The final HTTP status, or `nil` when no status line was received.
    var httpStatus: Int? { get }
    /// The reply's `Content-Type` header, if one was received.
    var httpContentType: String? { get }
}

extension HTTPStatusReporting {
    package var httpContentType: String? { nil }
}
