import Fetching
import Foundation
import TestSupport
import Testing

/// `file://` through the client: status 0, exact bytes, a clear "not found".
@Suite struct FileFetchTests {
    @Test(.enabled(if: SharedData.shouldRun))
    func realFileIsReadWithStatusZeroAndItsSHA256() async throws {
        let path = "cbs-v3-cbsodata3jl/tables_2.json"
        let expected = try SharedData.data(path)
        let client = try HTTPClient(policy: .test())
        let response = try await client.get(HTTPRequest(url: SharedData.url(path).absoluteString))
        #expect(response.status == 0)
        #expect(response.body == expected)
        let record = try #require(response.record)
        #expect(record.bytes == expected.count)
        #expect(record.sha256 == ResponseStore.sha256Hex(expected))
        #expect(record.attempts == 1)
        #expect(record.fromCache == false)
        #expect(client.log.records == [record])
    }

    @Test func missingFileIsAClearNotFoundError() async throws {
        let client = try HTTPClient(policy: .test())
        let url = "file:///work/nonexistent-impactmon/cbs/37789ksz/Observations.json"
        let error = try #require(await fetchError { try await client.get(HTTPRequest(url: url)) })
        #expect(error.kind == .fileNotFound)
        #expect(error.message.contains("file not found: /work/nonexistent-impactmon/cbs/37789ksz/Observations.json"))
        #expect(error.message.contains("pipeline file"))
        #expect(error.attempts == 1)
        #expect(client.log.records.count == 1)
        #expect(client.log.records.first?.error != nil)
    }

    /// SHA-256 of "abc" from FIPS 180-2, appendix B.1.
    @Test func sha256KnownAnswer() {
        #expect(
            ResponseStore.sha256Hex(Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func unsupportedSchemeIsAConfigurationError() async throws {
        let client = try HTTPClient(policy: .test())
        let error = try #require(await fetchError { try await client.get(HTTPRequest(url: "ftp://example.invalid/x")) })
        #expect(error.kind == .unsupportedURL)
        #expect(error.exitStatus == .config)
        #expect(error.message.contains("\"ftp\""))
    }

    /// A header value with a line break would let configuration inject headers; it is refused before sending.
    @Test func headerWithLineBreakIsRefused() async throws {
        let client = try HTTPClient(policy: .test())
        let request = HTTPRequest(url: "http://127.0.0.1:1/x", headers: ["Accept": "application/json\r\nX-Evil: 1"])
        let error = try #require(await fetchError { try await client.get(request) })
        #expect(error.kind == .unsupportedURL)
        #expect(error.message.contains("request header Accept contains a line break"))
        #expect(error.attempts == 0)
    }
}
