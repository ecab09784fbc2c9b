import Fetching
import Foundation
import TestSupport
import Testing

/// Conditional GET, the response store and the online / offline / refresh modes.
@Suite(.enabled(if: SharedData.shouldRun)) struct ResponseStoreTests {
    static let path = "cbs-v4-checkdecijfers/83625NED/observations-page-1.json"

    /// Run 1 stores the body; run 2 (a new client, as in the next quarterly run) sends If-None-Match, gets
    /// 304 and zero body bytes according to the server's own log, and returns the stored bytes.
    @Test func secondRunRevalidatesAndTransfersNoBody() async throws {
        let server = try FaultServer()
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = ResponseStore(outputDirectory: output)
        let expected = try SharedData.data(Self.path)
        let request = HTTPRequest(url: server.url("/real/\(Self.path)"), headers: ["Accept": "application/json"])

        let first = try await HTTPClient(policy: .test(), store: store).get(request)
        #expect(first.status == 200)
        let etag = try #require(first.record?.etag)

        let second = try await HTTPClient(policy: .test(), store: store).get(request)
        #expect(second.status == 200)
        #expect(second.body == expected)
        let record = try #require(second.record)
        #expect(record.status == 304)
        #expect(record.notModified)
        #expect(record.fromCache)
        #expect(record.bodyBytesTransferred == 0)
        #expect(record.sha256 == ResponseStore.sha256Hex(expected))

        let log = try await server.log(path: "/real/\(Self.path)")
        #expect(log.map(\.status) == [200, 304])
        #expect(log.map(\.bodyBytes) == [expected.count, 0])
        #expect(log[0].headers["if-none-match"] == nil)
        #expect(log[1].headers["if-none-match"] == etag)
        #expect(log[1].headers["if-modified-since"] == first.record?.lastModified)
    }

    /// Without an ETag the stored Last-Modified is sent back as If-Modified-Since, and a 304 reuses the body.
    @Test func lastModifiedAloneRevalidates() async throws {
        let server = try FaultServer()
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = ResponseStore(outputDirectory: output)
        let request = HTTPRequest(url: server.url("/real/\(Self.path)?noetag=1"))
        let first = try await HTTPClient(policy: .test(), store: store).get(request)
        #expect(first.record?.etag == nil)
        let lastModified = try #require(first.record?.lastModified)
        let second = try await HTTPClient(policy: .test(), store: store).get(request)
        #expect(second.record?.notModified == true)
        #expect(second.body == first.body)
        let log = try await server.log(path: "/real/\(Self.path)")
        #expect(log.map(\.status) == [200, 304])
        #expect(log[1].headers["if-modified-since"] == lastModified)
        #expect(log[1].headers["if-none-match"] == nil)
    }

    /// Offline replays byte for byte without touching the network; an unstored request fails clearly.
    @Test func offlineReplaysTheStoreAndFailsForUnknownRequests() async throws {
        let server = try FaultServer()
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = ResponseStore(outputDirectory: output)
        let expected = try SharedData.data(Self.path)
        let request = HTTPRequest(url: server.url("/real/\(Self.path)?gzip=1"))
        _ = try await HTTPClient(policy: .test(), store: store).get(request)

        let offline = try HTTPClient(policy: .test(), store: store, mode: .offline)
        let replay = try await offline.get(request)
        #expect(replay.body == expected)
        #expect(replay.status == 200)
        #expect(replay.record?.fromCache == true)
        #expect(replay.record?.attempts == 0)
        #expect(try await server.log(path: "/real/\(Self.path)").count == 1)

        let missing = HTTPRequest(url: server.url("/real/cbs-v3-cbsodata3jl/tables_3.json"))
        let error = try #require(await fetchError { try await offline.get(missing) })
        #expect(error.kind == .notStored)
        #expect(error.message.contains("offline"))
        #expect(error.message.contains("tables_3.json"))
        #expect(error.message.contains(output.appendingPathComponent(".cache").path))
        #expect(try await server.log(path: "/real/cbs-v3-cbsodata3jl/tables_3.json").isEmpty)
    }

    /// Refresh sends no validators and gets the full body again.
    @Test func refreshBypassesValidators() async throws {
        let server = try FaultServer()
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = ResponseStore(outputDirectory: output)
        let request = HTTPRequest(url: server.url("/real/\(Self.path)"))
        _ = try await HTTPClient(policy: .test(), store: store).get(request)
        let refreshed = try await HTTPClient(policy: .test(), store: store, mode: .refresh).get(request)
        #expect(refreshed.record?.notModified == false)
        let log = try await server.log(path: "/real/\(Self.path)")
        #expect(log.map(\.status) == [200, 200])
        #expect(log[1].headers["if-none-match"] == nil)
    }

    /// The key ignores secret header values and validators; the store never holds a secret.
    @Test func storeHoldsNoSecrets() async throws {
        let server = try FaultServer()
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = ResponseStore(outputDirectory: output)
        let request = HTTPRequest(
            url: server.url("/real/kvk-api-openforms/basisprofiel_response.json?token=tok-123"),
            headers: ["apikey": "s3cret-kvk-key"], secretHeaderNames: ["apikey"])
        let response = try await HTTPClient(policy: .test(), store: store).get(request)
        #expect(response.record?.url.contains("token=***") == true)
        #expect(response.record?.url.contains("tok-123") == false)

        var other = request
        other.headers["apikey"] = "another-key"
        #expect(ResponseStore.key(for: request) == ResponseStore.key(for: other))
        other.headers["Accept"] = "text/csv"
        #expect(ResponseStore.key(for: request) != ResponseStore.key(for: other))

        let files = FileManager.default.enumerator(
            at: output.appendingPathComponent(".cache"), includingPropertiesForKeys: nil)
        var logLines = 0
        while let file = files?.nextObject() as? URL {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            if file.pathExtension == "jsonl" && file.path.contains("/entries/") {
                logLines += text.split(separator: "\n").count
            }
            #expect(!text.contains("s3cret"))
            #expect(!text.contains("tok-123"))
        }
        #expect(logLines == 1)
        #expect(store.size().entries == 1)
    }

    /// A stored body that no longer matches its SHA-256 is refused offline with a message saying what to delete.
    @Test func corruptBodyIsDetected() async throws {
        let server = try FaultServer()
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = ResponseStore(outputDirectory: output)
        let request = HTTPRequest(url: server.url("/real/\(Self.path)"))
        let first = try await HTTPClient(policy: .test(), store: store).get(request)
        let sha = try #require(first.record?.sha256)
        let bodyFile = output.appendingPathComponent(".cache/bodies/\(sha)")
        try Data("tampered".utf8).write(to: bodyFile)
        let offline = try HTTPClient(policy: .test(), store: store, mode: .offline)
        let error = try #require(await fetchError { try await offline.get(request) })
        #expect(error.kind == .storeCorrupt)
        #expect(error.message.contains("SHA-256"))
        // Online, the corrupt entry is ignored and the body fetched again unconditionally.
        let again = try await HTTPClient(policy: .test(), store: store).get(request)
        #expect(again.record?.notModified == false)
        #expect(again.body == (try SharedData.data(Self.path)))
    }

    /// The response names the store's body file (which the fetch stage hard-links into fetch/) only when that file
    /// holds exactly the body: written by this response (200), or just read and checked (304, offline). A body file
    /// of the right size already there is not read on a 200, so it is not named.
    @Test func theStoredBodyFileIsNamedOnlyWhenItHoldsTheBody() async throws {
        let server = try FaultServer()
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = ResponseStore(outputDirectory: output)
        let expected = try SharedData.data(Self.path)
        let request = HTTPRequest(url: server.url("/real/\(Self.path)"))
        let bodyFile = output.appendingPathComponent(".cache/bodies/\(ResponseStore.sha256Hex(expected))")

        let first = try await HTTPClient(policy: .test(), store: store).get(request)
        #expect(first.storedBodyFile?.path == bodyFile.path)
        #expect(try Data(contentsOf: bodyFile) == expected)
        let revalidated = try await HTTPClient(policy: .test(), store: store).get(request)
        #expect(revalidated.record?.notModified == true)
        #expect(revalidated.storedBodyFile?.path == bodyFile.path)
        let replayed = try await HTTPClient(policy: .test(), store: store, mode: .offline).get(request)
        #expect(replayed.storedBodyFile?.path == bodyFile.path)
        // Refresh: an unconditional 200 whose body file is already there (same size) is not rewritten nor named.
        let refreshed = try await HTTPClient(policy: .test(), store: store, mode: .refresh).get(request)
        #expect(refreshed.record?.notModified == false)
        #expect(refreshed.storedBodyFile == nil)
        // No store: nothing to link.
        let unstored = try await HTTPClient(policy: .test()).get(request)
        #expect(unstored.storedBodyFile == nil)
        #expect(try await server.log(path: "/real/\(Self.path)").map(\.status) == [200, 304, 200, 200])
    }

    /// A replaced body is pruned once old enough; the referenced one stays.
    @Test func pruneRemovesOnlyUnreferencedBodies() async throws {
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = ResponseStore(outputDirectory: output)
        func entry(_ body: Data) -> ResponseStore.StoredResponse {
            ResponseStore.StoredResponse(
                url: "https://x.test/a", effectiveURL: "https://x.test/a", status: 200, headers: [:], etag: nil,
                lastModified: nil, sha256: ResponseStore.sha256Hex(body), bytes: body.count,
                retrievedAt: "2026-11-30T08:00:00Z")
        }
        let old = Data("old".utf8)
        let new = Data("new".utf8)
        try store.save("k", entry: entry(old), body: old)
        try store.save("k", entry: entry(new), body: new)
        #expect(try store.pruneUnreferencedBodies(minimumAge: .seconds(3600)) == 0)  // too young
        let later = Date().addingTimeInterval(7200)
        #expect(try store.pruneUnreferencedBodies(minimumAge: .seconds(3600), now: later) == 1)
        let bodies = try FileManager.default.contentsOfDirectory(
            atPath: output.appendingPathComponent(".cache/bodies").path)
        #expect(bodies == [ResponseStore.sha256Hex(new)])
        #expect(try store.lookup("k")?.1 == new)
    }
}
