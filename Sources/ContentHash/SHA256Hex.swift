import Crypto
import Foundation

/// Lower-case hex SHA-256 (FIPS 180-4, via swift-crypto) of `data`: the one content hash of the project, used for
/// response bodies, the response store's keys, stable source row ids and the manifest.
package func sha256Hex(_ data: Data) -> String {
    hexDigest(SHA256.hash(data: data))
}

/// Lower-case hex SHA-256 of the file at `url`, read in 1 MiB chunks (memory does not grow with the file).
/// - Throws: the `FileHandle` error when the file cannot be opened or read.
package func sha256Hex(fileAt url: URL) throws -> String {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
    return hexDigest(hasher.finalize())
}

/// The lower-case hex form of a digest (64 characters), shared by ``sha256Hex(_:)`` and ``SHA256Stream``.
func hexDigest(_ digest: SHA256.Digest) -> String {
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(64)
    for byte in digest {
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
