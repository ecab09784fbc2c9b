import Connectors
import Fetching
import Foundation
import Testing

/// `StoredBody(FetchedBody)` takes the digest the transfer computed while the body streamed in (the fetch record's
/// sha256) instead of hashing the body again; it hashes only a response without a record of the same size.
@Suite struct StoredBodyDigestTests {
    private func fetched(_ body: Data, recordedSHA: String?, recordedBytes: Int) -> FetchedBody {
        let record = recordedSHA.map {
            FetchRecord(
                url: "http://127.0.0.1:9/T/Observations", effectiveURL: "http://127.0.0.1:9/T/Observations",
                status: 200,
                bytes: recordedBytes, sha256: $0, retrievedAt: "2026-12-04T20:00:00Z", attempts: 1)
        }
        return FetchedBody(
            url: "http://127.0.0.1:9/T/Observations", fileName: "005-Observations.json",
            response: HTTPResponse(
                requestURL: "http://127.0.0.1:9/T/Observations", effectiveURL: "http://127.0.0.1:9/T/Observations",
                status: 200, headers: ["content-type": "application/json"], body: body, record: record))
    }

    // SHA-256("abc"), FIPS 180-2 Appendix B.1.
    private let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    @Test func theRecordedDigestIsTakenNotRecomputed() {
        // A marker digest that is not the body's: taken as is, so the body was not hashed here.
        let marker = String(repeating: "0", count: 64)
        let body = StoredBody(fetched(Data("abc".utf8), recordedSHA: marker, recordedBytes: 3))
        #expect(body.sha256 == marker)
        #expect(body.sourceRowID(record: 2) == "000000000000:2")
    }

    @Test func withoutARecordOrForOtherBytesTheBodyIsHashed() {
        #expect(StoredBody(fetched(Data("abc".utf8), recordedSHA: nil, recordedBytes: 0)).sha256 == abc)
        let marker = String(repeating: "0", count: 64)
        #expect(StoredBody(fetched(Data("abc".utf8), recordedSHA: marker, recordedBytes: 4)).sha256 == abc)
    }
}
