import Fetching
import Foundation
import TestSupport
import Testing

/// Each body is hashed once, chunk by chunk as it streams in from libcurl; the store and `fetch.json` take that
/// digest. The expected digests come from coreutils' `sha256sum` over the real file, not from the project's hash.
@Suite(.enabled(if: SharedData.shouldRun)) struct HashOnceTests {
    static let path = "cbs-v4-checkdecijfers/83625NED/observations-page-1.json"

    /// `sha256sum <file>`: an implementation independent of swift-crypto.
    static func coreutilsSHA256(_ url: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [url.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return String(text.prefix(64))
    }

    /// The 1.4 MB real page arrives in many write-callback chunks, plain and gzip-encoded (the digest is of the
    /// decoded bytes either way); the record's sha256 is coreutils' digest of the file, and the store keeps the body
    /// under that name with the same bytes.
    @Test(arguments: ["", "?gzip=1"])
    func theStreamedDigestIsTheBodysSHA256(query: String) async throws {
        let server = try FaultServer()
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let expected = try Self.coreutilsSHA256(SharedData.url(Self.path))
        let client = try HTTPClient(policy: .test(), store: ResponseStore(outputDirectory: output))
        let response = try await client.get(HTTPRequest(url: server.url("/real/\(Self.path)\(query)")))
        #expect(response.body == (try SharedData.data(Self.path)))
        #expect(response.record?.sha256 == expected)
        let stored = output.appendingPathComponent(".cache/bodies/\(expected)")
        #expect(try Self.coreutilsSHA256(stored) == expected)
        await client.shutdown()
    }

    /// A `file://` read is hashed the same way.
    @Test func aFileReadIsHashedWhileRead() async throws {
        let client = try HTTPClient(policy: .test())
        let url = SharedData.url(Self.path)
        let response = try await client.get(HTTPRequest(url: url.absoluteString))
        #expect(response.record?.sha256 == (try Self.coreutilsSHA256(url)))
        await client.shutdown()
    }

    /// A conditional GET reads only the stored entry; the stored body is read and checked when the server answers
    /// 304. A body altered in place without changing its size passes the entry check, fails the 304 check, and the
    /// request is made again without validators: the server logs 200, 304, 200 and the right bytes come back.
    @Test func aBodyAlteredInTheStoreIsFetchedAgainAfterA304() async throws {
        let server = try FaultServer()
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = ResponseStore(outputDirectory: output)
        let request = HTTPRequest(url: server.url("/real/\(Self.path)"))
        let first = try await HTTPClient(policy: .test(), store: store).get(request)
        let sha = try #require(first.record?.sha256)
        let bodyFile = output.appendingPathComponent(".cache/bodies/\(sha)")
        var altered = try Data(contentsOf: bodyFile)
        altered[altered.startIndex + 100] ^= 0x01
        try altered.write(to: bodyFile)
        let again = try await HTTPClient(policy: .test(), store: store).get(request)
        #expect(again.body == (try SharedData.data(Self.path)))
        #expect(again.record?.notModified == false)
        #expect(again.record?.sha256 == sha)
        let log = try await server.log(path: "/real/\(Self.path)")
        #expect(log.map(\.status) == [200, 304, 200])
        #expect(log[2].headers["if-none-match"] == nil)
        // The refetch stored the good body again under its name.
        #expect(try Self.coreutilsSHA256(bodyFile) == sha)
    }
}
