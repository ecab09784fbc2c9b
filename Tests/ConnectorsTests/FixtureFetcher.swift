import Connectors
import Fetching
import Foundation
import Synchronization
import TestSupport

/// An in-memory ``HTTPFetching`` for connector tests: serves routes (exact URL or prefix) from real files under
/// `../shared/data/real`, from bytes built in the test, or as HTTP errors; reads `file://` URLs from disk; and
/// records every request in order. The real-network behaviour is the Fetching module's to test.
final class FixtureFetcher: HTTPFetching {
    enum Reply: Sendable {
        /// A file under `../shared/data/real`, served 200 with the given Content-Type.
        case real(String, contentType: String = "application/json")
        case bytes(Data, status: Int = 200, contentType: String = "application/json")
        /// The transport throws, as the libcurl client does for a non-2xx status after its retries.
        case thrown(status: Int, contentType: String)
    }

    struct StatusError: HTTPStatusReporting, CustomStringConvertible {
        var httpStatus: Int?
        var httpContentType: String?
        var description: String { "HTTP \(httpStatus ?? 0)" }
    }

    struct NoRoute: Error, CustomStringConvertible {
        var url: String
        var description: String { "no fixture route for \(url)" }
    }

    private let exact: [String: Reply]
    private let prefixes: [(String, Reply)]
    private let dynamic: (@Sendable (String) -> Reply?)?
    private let log = Mutex<[HTTPRequest]>([])

    init(
        exact: [String: Reply] = [:], prefixes: [(String, Reply)] = [],
        dynamic: (@Sendable (String) -> Reply?)? = nil
    ) {
        self.exact = exact
        self.prefixes = prefixes
        self.dynamic = dynamic
    }

    /// Every request, in order.
    var requests: [HTTPRequest] { log.withLock { $0 } }
    var requestedURLs: [String] { requests.map(\.url) }

    func get(_ request: HTTPRequest) async throws -> HTTPResponse {
        log.withLock { $0.append(request) }
        let url = request.url
        if url.hasPrefix("file://") {
            guard let path = URL(string: url)?.path, FileManager.default.fileExists(atPath: path) else {
                throw NoRoute(url: url)
            }
            return HTTPResponse(
                requestURL: url, effectiveURL: url, status: 0, headers: [:],
                body: try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let reply = exact[url] ?? prefixes.first { url.hasPrefix($0.0) }?.1 ?? dynamic?(url)
        switch reply {
        case .real(let path, let type)?:
            return HTTPResponse(
                requestURL: url, effectiveURL: url, status: 200, headers: ["content-type": type],
                body: try SharedData.data(path))
        case .bytes(let data, let status, let type)?:
            return HTTPResponse(
                requestURL: url, effectiveURL: url, status: status, headers: ["content-type": type], body: data)
        case .thrown(let status, let type)?:
            throw StatusError(httpStatus: status, httpContentType: type)
        case nil:
            throw NoRoute(url: url)
        }
    }
}

/// Runs a connector's two halves the way the pipeline does: fetch, store (sha256), parse.
func fetchAndParse(_ connector: any SourceConnector, _ fetcher: FixtureFetcher) async throws
    -> (FetchResult, ParseResult)
{
    let fetched = try await connector.fetch(using: fetcher)
    let parsed = try connector.parse(fetched.bodies.map(StoredBody.init))
    return (fetched, parsed)
}

/// JSON bytes of a value built in a test (object keys sorted, so bodies are reproducible).
func jsonData(_ object: Any) throws -> Data {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
}

/// The rows of a real OData page (`value`), as Foundation objects to re-shape.
func realRows(_ path: String) throws -> [[String: Any]] {
    let object = try JSONSerialization.jsonObject(with: try SharedData.data(path))
    return ((object as? [String: Any])?["value"] as? [[String: Any]]) ?? []
}

/// A fresh temporary directory for a snapshot test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "connectors-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
