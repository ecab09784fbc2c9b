import Crypto
import Foundation

/// Lower-case hex SHA-256 (FIPS 180-4, via swift-crypto) of bytes that arrive in pieces: a response body hashed
/// chunk by chunk in libcurl's write callback, so it is hashed once, while it streams, and never read again for it.
/// Gives the same digest as ``sha256Hex(_:)`` of the concatenated pieces.
package struct SHA256Stream: Sendable {
    private var hasher = SHA256()

    /// An empty stream (its digest is that of zero bytes).
    package init() {}

    /// Adds the next piece.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// The lower-case hex digest of everything added so far (the stream can go on).
    package func hexDigest() -> String {
        ContentHash.hexDigest(hasher.finalize())
    }
}
