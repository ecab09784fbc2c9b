import ImpactModel

/// A fatal error of a connector: the source cannot be fetched or its stored bodies cannot be read.
///
/// The message names the URL or stored file, the record and field where there is one, the value, and what to do
/// next. Recoverable problems (a rejected row, an unknown code) are ``ImpactModel/Reject``s or
/// ``ImpactModel/Diagnostic``s instead.
package struct ConnectorError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable code for tests and for the run summary.
    package enum Code: String, Sendable, Equatable {
        /// A non-2xx HTTP status (the request reached the server).
        case httpStatus = "http.status"
        /// The reply is not JSON (HTML error page, Atom/XML feed): KNOWN-FAULTS B04.
        case notJSON = "body.not_json"
        /// The reply claims JSON but does not decode; the message names the byte count (B03).
        case malformedJSON = "body.malformed_json"
        /// The JSON decodes but lacks a field the protocol requires (`value`, `result`, ...).
        case unexpectedShape = "body.unexpected_shape"
        /// Fetched rows differ from the count the server declared (B02).
        case countMismatch = "paging.count_mismatch"
        /// A continuation link points back to a page already fetched, or paging exceeded its limit.
        case pagingLoop = "paging.loop"
        /// A CKAN page came back empty before `count` was reached (B12).
        case emptyPage = "paging.empty_page"
        /// A body the parser needs is not among the stored bodies.
        case missingBody = "body.missing"
        /// Two CKAN resources match the configured name (B13).
        case ambiguousResource = "ckan.ambiguous_resource"
        /// No CKAN resource matches the configured name.
        case resourceNotFound = "ckan.resource_not_found"
        /// A source parameter in the pipeline file is missing or malformed.
        case parameter = "source.parameter"
        /// A required environment variable (`KVK_API_KEY`) is not set.
        case environment = "source.environment"
        /// A CSV body cannot be read.
        case csv = "body.csv"
        /// A pagination link, redirect or CKAN resource URL leaves the source's scheme and host (and its
        /// `allow_hosts`), or is a `file://` link of a source not declared as a file (issue 15).
        case refusedLink = "link.refused"
        /// The server answered with an error object (CKAN `"success": false`) instead of a result.
        case serverError = "server.error"
    }

    /// What kind of failure this is.
    package let code: Code
    /// The operator's message: thing, value, fix.
    package let message: String
    /// The URL (or stored file) concerned, when there is one.
    package let url: String?

    /// An error of kind `code` about `url`.
    package init(_ code: Code, _ message: String, url: String? = nil) {
        self.code = code
        self.message = message
        self.url = url
    }

    /// The exit status a run should end with when a required source fails with this error (DESIGN.md).
    package var exitStatus: ExitStatus {
        switch code {
        case .httpStatus, .refusedLink, .serverError: .unavailable
        case .parameter, .environment, .ambiguousResource, .resourceNotFound: .config
        default: .dataInvalid
        }
    }

    /// The message.
    package var description: String { message }
}
