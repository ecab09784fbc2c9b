import Fetching
import Foundation
import TestSupport
import Testing

/// Issue 15 in the client: per-source retry budgets, Retry-After dates against the server's `Date`, redirects kept
/// in the source's scope, secrets masked in records, errors and the store.
@Suite struct Issue15FetchTests {
    /// One URL answering 500 spends only its own source's budget: another source still gets its retry. With one
    /// shared budget the same sequence leaves the second source without one.
    @Test func retryBudgetsArePerSource() async throws {
        let server = try FaultServer()
        let recorder = RecordingClock()
        let client = try HTTPClient(
            policy: .test {
                $0.maxAttempts = 10
                $0.runRetryBudget = 3
            }, clock: recorder.clock)
        let sourceA = client.withOwnRetryBudget(3)
        let sourceB = client.withOwnRetryBudget(3)
        let failing = try #require(
            await fetchError { try await sourceA.get(HTTPRequest(url: server.url("/seq/a500?steps=500"))) })
        #expect(failing.attempts == 4)
        #expect(failing.message.contains("retry budget of 3 retries is spent"))
        let ok = try await sourceB.get(HTTPRequest(url: server.url("/seq/b500?steps=500,ok")))
        #expect(ok.record?.attempts == 2)

        // Shared: the first URL spends the run's budget and the second gets no retry.
        _ = await fetchError { try await client.get(HTTPRequest(url: server.url("/seq/c500?steps=500"))) }
        let starved = try #require(
            await fetchError { try await client.get(HTTPRequest(url: server.url("/seq/d500?steps=500,ok"))) })
        #expect(starved.attempts == 1)
    }

    /// Retry-After as an HTTP-date is measured against the response's `Date` header, not the local clock: here the
    /// local clock is 30 years behind, and the wait is still the ~4 s the server meant (not 30 years, refused).
    @Test func retryAfterDateIsMeasuredAgainstTheServersDate() async throws {
        let server = try FaultServer()
        let recorder = RecordingClock(now: Date(timeIntervalSince1970: 784_111_777))
        let client = try HTTPClient(policy: .test(), clock: recorder.clock)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let at = formatter.string(from: Date().addingTimeInterval(4))
        let ra = at.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? at
        let response = try await client.get(HTTPRequest(url: server.url("/seq/rdate?steps=503,ok&ra=\(ra)")))
        #expect(response.status == 200)
        let waited = try #require(recorder.recorded.first)
        #expect(waited >= .seconds(2) && waited <= .seconds(6), "\(waited)")
    }

    /// A redirect that leaves the source's host is refused when the request carries a scope; without one (a
    /// bare client call) the old rule applies.
    @Test func redirectsStayInTheSourcesScope() async throws {
        let server = try FaultServer()
        let client = try HTTPClient(policy: .test())
        let offHost = "http://localhost:\(server.port)/echo"
        let scoped = ScopedFetcher(base: client, scope: LinkScope(sourceID: "src", sourceURL: server.url("/")))
        do {
            _ = try await scoped.get(HTTPRequest(url: server.url("/redirect?to=\(offHost)")))
            Issue.record("followed an off-host redirect")
        } catch let error as FetchError {
            #expect(error.kind == .refusedLink)
            #expect(error.message.contains("source src: refusing redirect to \(offHost)"))
        }
        let allowed = ScopedFetcher(
            base: client, scope: LinkScope(sourceID: "src", sourceURL: server.url("/"), allowHosts: ["localhost"]))
        #expect(try await allowed.get(HTTPRequest(url: server.url("/redirect?to=\(offHost)"))).status == 200)
        // file:// from a redirect is never followed.
        let error = try #require(
            await fetchError { try await scoped.get(HTTPRequest(url: server.url("/redirect?to=file:///etc/passwd"))) })
        #expect(error.message.contains("file:///etc/passwd"))
        // A scoped fetcher refuses a file:// request of an http source outright.
        await #expect(throws: FetchError.self) { try await scoped.get(HTTPRequest(url: "file:///etc/passwd")) }
    }

    /// Source headers are sent, secret ones never reach the record, the store entry or the error message.
    @Test func sourceHeadersAreSentAndMasked() async throws {
        let server = try FaultServer()
        let output = try temporaryDirectory()
        let store = ResponseStore(outputDirectory: output)
        let client = try HTTPClient(policy: .test(), store: store)
        let scoped = ScopedFetcher(
            base: client, scope: LinkScope(sourceID: "src", sourceURL: server.url("/")),
            headers: ["X-Custom-Token": "HDRMARKER123", "Accept-Language": "nl"], secretHeaderNames: ["x-custom-token"])
        let response = try await scoped.get(HTTPRequest(url: server.url("/echo?api_key=QRYMARKER456")))
        let echoed = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: String])
        #expect(echoed["x-custom-token"] == "HDRMARKER123")
        #expect(response.record?.url.contains("api_key=***") == true)
        // The store's entries and keys (the body is the server's echo of our headers, stored as received).
        for file in FileManager.default.enumerator(atPath: output.path)?.allObjects as? [String] ?? []
        where !file.contains("bodies") {
            let text = (try? String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)) ?? ""
            #expect(!text.contains("HDRMARKER123") && !text.contains("QRYMARKER456"), "\(file)")
        }
        let error = try #require(
            await fetchError { try await scoped.get(HTTPRequest(url: server.url("/status/500?api_key=QRYMARKER456"))) })
        #expect(!error.message.contains("QRYMARKER456"))
    }

    /// The response store is pruned to what the kept runs reference; entries pointing at pruned bodies go too.
    @Test func storePruneKeepsOnlyReferencedBodies() throws {
        let output = try temporaryDirectory()
        let store = ResponseStore(outputDirectory: output)
        var shas: [String] = []
        for i in 0..<5 {
            let body = Data("body \(i)".utf8)
            let sha = ResponseStore.sha256Hex(body)
            shas.append(sha)
            try store.save(
                "key\(i)",
                entry: .init(
                    url: "https://x.test/\(i)", effectiveURL: "https://x.test/\(i)", status: 200, headers: [:],
                    etag: nil,
                    lastModified: nil, sha256: sha, bytes: body.count, retrievedAt: "2026-12-04T00:00:00Z"),
                body: body)
        }
        #expect(store.size().bodies == 5)
        #expect(try store.prune(keeping: Set(shas.suffix(2)), minimumAge: .seconds(3600)) == 0)  // all too young
        #expect(try store.prune(keeping: Set(shas.suffix(2)), minimumAge: .zero) == 6)
        #expect(store.size().bodies == 2)
        #expect(store.size().entries == 2)
        #expect(try store.lookup("key4") != nil)
        #expect(try store.lookup("key0") == nil)
    }
}
