import CCurl
import ContentHash
import Foundation

/// Receives one transfer's header lines and body bytes from libcurl's callbacks.
///
/// Passed to libcurl as `CURLOPT_WRITEDATA` / `CURLOPT_HEADERDATA` with `Unmanaged.passUnretained`, and kept
/// alive across `curl_easy_perform` with `withExtendedLifetime` (the swift-corelibs-foundation pattern). It is
/// confined to the thread that runs the transfer, so it is deliberately not `Sendable`.
final class TransferSink {
    let maxBodyBytes: Int
    var body = Data()
    /// The SHA-256 of ``body`` so far: each chunk is hashed as it arrives, the one time the body is hashed.
    var digest = SHA256Stream()
    var headers: [CurlHeader] = []
    /// Set when the write callback refused a chunk because the body would exceed ``maxBodyBytes``.
    var exceededCap = false

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Appends body bytes; returns false (abort) when the cap would be exceeded.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if body.count + bytes.count > maxBodyBytes {
            exceededCap = true
            return false
        }
        if body.isEmpty, let expected = expectedBodyBytes, expected <= maxBodyBytes {
            body.reserveCapacity(expected)  // one allocation for the whole body instead of doubling
        }
        body.append(contentsOf: bytes)
        digest.update(bytes)
        return true
    }

    /// The final response's `Content-Length`, when it declared one (an upper bound is not trusted beyond the cap).
    var expectedBodyBytes: Int? {
        headers.last(where: { $0.name == "content-length" }).flatMap { Int($0.value) }
    }

    /// Takes one header line as libcurl delivers it (one complete line per call, CRLF included).
    func headerLine(_ raw: String) {
        let line = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        if line.hasPrefix("HTTP/") {
            // A new response starts (1xx, proxy CONNECT, or the final one): only the last one's headers count.
            headers.removeAll()
            return
        }
        if line.isEmpty { return }
        if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            // obs-fold (RFC 9112 §5.2): a continuation of the previous field value.
            headers[headers.count - 1].value += " " + line.trimmingWhitespace()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingWhitespace().lowercased()
        let value = String(line[line.index(after: colon)...]).trimmingWhitespace()
        headers.append(CurlHeader(name, value))
    }
}

/// `CURLOPT_WRITEFUNCTION`: appends to the sink, or returns 0 to abort with `CURLE_WRITE_ERROR` past the cap.
let curlWriteCallback: ccurl_data_cb = { pointer, size, count, userdata in
    guard let userdata else { return 0 }
    let sink = Unmanaged<TransferSink>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    guard n > 0, let pointer else { return n }
    return sink.append(UnsafeRawBufferPointer(start: pointer, count: n)) ? n : 0
}

/// `CURLOPT_HEADERFUNCTION`: one header line per call (status lines included).
let curlHeaderCallback: ccurl_data_cb = { pointer, size, count, userdata in
    guard let userdata else { return 0 }
    let sink = Unmanaged<TransferSink>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    guard n > 0, let pointer else { return n }
    let bytes = UnsafeRawBufferPointer(start: pointer, count: n)
    // Header bytes are ISO-8859-1 at worst (RFC 9110 §5.5): decode byte by byte, which never fails.
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
    sink.headerLine(String(scalars))
    return n
}

/// `CURLOPT_XFERINFOFUNCTION`: non-zero aborts the transfer (`CURLE_ABORTED_BY_CALLBACK`) once cancelled.
let curlProgressCallback: ccurl_xferinfo_cb = { clientp, _, _, _, _ in
    guard let clientp else { return 0 }
    let flag = Unmanaged<CancelFlag>.fromOpaque(clientp).takeUnretainedValue()
    return flag.isCancelled ? 1 : 0
}
