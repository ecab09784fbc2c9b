import Crypto
import Foundation
import ImpactModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lower-case hex SHA-256 (FIPS 180-4, via swift-crypto) of a file's bytes, read in 1 MiB chunks.
///
/// The streaming twin of ``sha256Hex(_:)``: for the same bytes it gives the same text, without holding the file in
/// memory (a national establishments extract is ~150 MB). Memory: one 1 MiB buffer.
/// - Parameter url: a `file:` URL.
/// - Throws: ``ImpactError`` `.dataInvalid` naming the file when it cannot be opened or read.
package func sha256Hex(contentsOf url: URL) throws(ImpactError) -> String {
    let path = url.path
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
        throw ImpactError(
            .dataInvalid, "\(path): cannot open the file (\(String(cString: strerror(errno)))); check the path")
    }
    defer { close(fd) }
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { chunk.deallocate() }
    var hasher = SHA256()
    while true {
        let got = read(fd, chunk.baseAddress, chunk.count)
        if got < 0 {
            if errno == EINTR { continue }
            throw ImpactError(.dataInvalid, "\(path): read failed (\(String(cString: strerror(errno))))")
        }
        if got == 0 { break }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[..<got]))
    }
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(64)
    for byte in hasher.finalize() {
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
