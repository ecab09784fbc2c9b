import Crypto
import Foundation

/// SHA-256 (FIPS 180-4, via swift-crypto) of bytes, as lower-case hex.
package func sha256Hex(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}

/// SHA-256 of a file's bytes, or `nil` when it cannot be read.
package func sha256Hex(fileAt url: URL) -> String? {
    (try? Data(contentsOf: url)).map(sha256Hex)
}
