import Crypto
import Foundation

/// Lower-case hex SHA-256 (FIPS 180-4, via swift-crypto) of `data`: the one content hash of the project, used for
/// response bodies, the response store's keys, stable source row ids and the manifest.
package func sha256Hex(_ data: Data) -> String {
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(64)
    for byte in SHA256.hash(data: data) {
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
