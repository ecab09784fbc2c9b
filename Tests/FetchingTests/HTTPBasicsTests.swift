import Curl
import Fetching
import Foundation
import TestSupport
import Testing

/// Plain HTTP against the loopback fault server: bodies, statuses, redirects, content types, limits.
@Suite struct HTTPBasicsTests {
    static let observations = "cbs-v4-checkdecijfers/83625NED/observations-page-1.json"

    @Test(.enabled(if: SharedData.shouldRun))
    func realBodyArrivesByteForByte() async throws {
        let server = try FaultServer()
        let expected = try SharedData.data(Self.observations)
        let client = try HTTPClient(policy: .test())
        let response = try await client.get(HTTPRequest(url: server.url("/real/\(Self.observations)")))
        #expect(response.status == 200)
        #expect(response.body == expected)
        #expect(response.mediaType == "application/json")
        let record = try #require(response.record)
        #expect(record.bytes == expected.count)
        #expect(record.bodyBytesTransferred == expected.count)
        #expect(record.etag?.hasPrefix("\"") == true)
        #expect(record.attempts == 1)
    }

    /// The wire carries the gzip bytes; the caller gets the decoded body.
    @Test(.enabled(if: SharedData.shouldRun))
    func gzipBodyIsDecoded() async throws {
        let server = try FaultServer()
        let expected = try SharedData.data(Self.observations)
        let client = try HTTPClient(policy: .test())
        let response = try await client.get(HTTPRequest(url: server.url("/real/\(Self.observations)?gzip=1")))
        #expect(response.body == expected)
        #expect(response.headers["content-encoding"] == "gzip")
        let sent = try #require(try await server.log(path: "/real/\(Self.observations)").first)
        #expect(sent.headers["accept-encoding"]?.contains("gzip") == true)
        #expect(response.record?.bodyBytesTransferred == sent.bodyBytes)
        #expect(sent.bodyBytes < expected.count)
    }

    /// B24: a `location:` header in lower case is followed.
    @Test(.enabled(if: SharedData.shouldRun))
    func lowercaseLocationRedirectIsFollowed() async throws {
        let server = try FaultServer()
        let target = "/real/cbs-v3-cbsodata3jl/tables_1.json"
        let client = try HTTPClient(policy: .test())
        let response = try await client.get(HTTPRequest(url: server.url("/redirect?to=\(target)")))
        #expect(response.status == 200)
        #expect(response.effectiveURL == server.url(target))
        #expect(response.body == (try SharedData.data("cbs-v3-cbsodata3jl/tables_1.json")))
        #expect(response.record?.redirects == 1)
        #expect(response.record?.attempts == 1)
    }

    /// B24 variant: `/loop` redirects to itself; with max 5 redirects the server sees 1 + 5 requests.
    @Test func redirectLoopStopsAtTheLimit() async throws {
        let server = try FaultServer()
        let client = try HTTPClient(policy: .test { $0.maxRedirects = 5 })
        let error = try #require(await fetchError { try await client.get(HTTPRequest(url: server.url("/loop"))) })
        #expect(error.kind == .tooManyRedirects)
        #expect(error.message.contains("too many redirects"))
        #expect(error.message.contains("more than 5"))
        #expect(try await server.log(path: "/loop").count == 6)
    }

    @Test func policyRejectsMoreThanTwentyRedirects() {
        var policy = FetchPolicy.test()
        policy.maxRedirects = 21
        #expect(throws: (any Error).self) { try HTTPClient(policy: policy) }
        policy.maxRedirects = 20
        #expect(throws: Never.self) { try policy.validate() }
    }

    /// B04: a 404 HTML page is final at once; the error names URL, status and content type.
    @Test func notFoundIsNotRetriedAndNamesStatusAndContentType() async throws {
        let server = try FaultServer()
        let recorder = RecordingClock()
        let client = try HTTPClient(policy: .test(), clock: recorder.clock)
        let path =
            "/status/404?ct=text/html;%20charset=utf-8&body=%3Chtml%3E%3Cbody%3ENot%20found%3C/body%3E%3C/html%3E"
        let error = try #require(await fetchError { try await client.get(HTTPRequest(url: server.url(path))) })
        #expect(error.kind == .httpStatus)
        #expect(error.status == 404)
        #expect(error.contentType == "text/html; charset=utf-8")
        #expect(error.message.contains(server.url("/status/404")))
        #expect(error.message.contains("HTTP 404"))
        #expect(error.message.contains("text/html"))
        #expect(error.message.contains("<html><body>Not found</body></html>"))
        #expect(error.attempts == 1)
        #expect(error.body == Data("<html><body>Not found</body></html>".utf8))
        #expect(recorder.recorded.isEmpty)
        #expect(try await server.log(path: "/status/404").count == 1)
        // What the connectors read through HTTPStatusReporting.
        let reporting = try #require(error as (any Error) as? any HTTPStatusReporting)
        #expect(reporting.httpStatus == 404)
        #expect(reporting.httpContentType == "text/html; charset=utf-8")
    }

    /// B04 variant: a 200 HTML page where JSON was expected is a success here; the connector checks the type.
    @Test func htmlPageWithStatus200ReportsItsMediaType() async throws {
        let server = try FaultServer()
        let client = try HTTPClient(policy: .test())
        let response = try await client.get(
            HTTPRequest(url: server.url("/status/200?ct=text/html;%20charset=utf-8&body=%3Chtml%3E")))
        #expect(response.status == 200)
        #expect(response.mediaType == "text/html")
        #expect(response.record?.contentType == "text/html; charset=utf-8")
    }

    /// Content-Length 5,000 over a 1,000-byte cap is refused before the body; a chunked 50,000-byte body is cut
    /// off by the write callback. Neither is retried.
    @Test(arguments: ["/big?n=5000", "/big?n=50000&chunked=1"])
    func oversizedBodyFailsWithoutRetry(path: String) async throws {
        let server = try FaultServer()
        let recorder = RecordingClock()
        let client = try HTTPClient(policy: .test { $0.maxBodyBytes = 1_000 }, clock: recorder.clock)
        let error = try #require(await fetchError { try await client.get(HTTPRequest(url: server.url(path))) })
        #expect(error.kind == .bodyTooLarge)
        #expect(error.message.contains("max_body_bytes 1000"))
        #expect(error.attempts == 1)
        #expect(recorder.recorded.isEmpty)
    }

    @Test func userAgentNamesToolAndLibcurl() async throws {
        let server = try FaultServer()
        let client = try HTTPClient(policy: .test())
        let response = try await client.get(HTTPRequest(url: server.url("/echo")))
        let headers = try JSONDecoder().decode([String: String].self, from: response.body)
        #expect(headers["user-agent"] == "impactmon/0.1.0 (+libcurl \(CurlRuntime.version))")
        #expect(CurlRuntime.version.first?.isNumber == true)
    }

    /// A secret header goes to the same origin but not across a redirect to another origin
    /// (127.0.0.1 → localhost); it never reaches the record.
    @Test func secretHeaderIsDroppedOnCrossOriginRedirect() async throws {
        let server = try FaultServer()
        let client = try HTTPClient(policy: .test())
        let headers = ["apikey": "s3cret-kvk-key", "Accept": "application/json"]
        let same = HTTPRequest(url: server.url("/redirect?to=/echo"), headers: headers, secretHeaderNames: ["apikey"])
        let sameBody = try await client.get(same).body
        let seenSame = try JSONDecoder().decode([String: String].self, from: sameBody)
        #expect(seenSame["apikey"] == "s3cret-kvk-key")

        let crossTarget = "http://localhost:\(server.port)/echo"
        let cross = HTTPRequest(
            url: server.url("/redirect?to=\(crossTarget)"), headers: headers, secretHeaderNames: ["apikey"])
        let response = try await client.get(cross)
        let seenCross = try JSONDecoder().decode([String: String].self, from: response.body)
        #expect(seenCross["apikey"] == nil)
        #expect(seenCross["accept"] == "application/json")
        let json = String(decoding: try FetchRecord.logJSON(client.log.records), as: UTF8.self)
        #expect(!json.contains("s3cret"))
    }

    /// B02, fetch side: a next link is requested byte for byte (no re-encoding, no reordering, no added query).
    @Test func queryIsSentByteForByte() async throws {
        let server = try FaultServer()
        let client = try HTTPClient(policy: .test())
        let target = "/echo?$format=json&$skip=10000&$filter=(RegioS%20eq%20%27GM0392%27)&$select=Id,Value"
        _ = try await client.get(HTTPRequest(url: server.url(target)))
        #expect(try await server.log(path: "/echo").map(\.target) == [target])
    }

    /// Sequential requests of one client reuse the connection (the server sees one source port), and
    /// nothing of the first request (its headers) carries over to the second.
    @Test func connectionIsReusedAndOptionsDoNotLeak() async throws {
        let server = try FaultServer()
        let client = try HTTPClient(policy: .test { $0.maxConcurrentTransfers = 1 })
        _ = try await client.get(HTTPRequest(url: server.url("/echo"), headers: ["X-First": "1"]))
        let second = try await client.get(HTTPRequest(url: server.url("/echo")))
        let seen = try JSONDecoder().decode([String: String].self, from: second.body)
        #expect(seen["x-first"] == nil)
        let ports = try await server.log(path: "/echo").map(\.clientPort)
        #expect(ports.count == 2)
        #expect(Set(ports).count == 1)
    }

    /// A secret in the query string is masked in the error message, the record and the log of records.
    @Test func secretQueryParameterIsMaskedInErrors() async throws {
        let server = try FaultServer()
        let client = try HTTPClient(policy: .test())
        let url = server.url("/status/403?apikey=l1ve-key-123&kvkNummer=01234567")
        let error = try #require(await fetchError { try await client.get(HTTPRequest(url: url)) })
        #expect(error.status == 403)
        #expect(error.message.contains("apikey=***&kvkNummer=01234567"))
        #expect(error.message.contains("check the credentials"))
        #expect(!error.message.contains("l1ve-key-123"))
        let json = String(decoding: try FetchRecord.logJSON(client.log.records), as: UTF8.self)
        #expect(!json.contains("l1ve-key-123"))
        #expect(json.contains("\"status\" : 403"))
    }

    /// Cancelling the task stops a stalled transfer (the progress callback sees the flag within about a second).
    @Test func cancellationStopsAStalledTransfer() async throws {
        let server = try FaultServer()
        let client = try HTTPClient(policy: .test { $0.maxAttempts = 1 })
        let start = ContinuousClock.now
        let task = Task { try await client.get(HTTPRequest(url: server.url("/seq/c?steps=stall&stall=300"))) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = await task.result
        let error = try #require(result.failureError as? FetchError)
        #expect(error.kind == .cancelled)
        // The server stalls for 300 s; ending well before shows the transfer was aborted (loose bound for a busy CI).
        #expect(ContinuousClock.now - start < .seconds(150))
    }
}

extension Result {
    var failureError: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
