/// UTF-8 validation over raw bytes, in chunks, without building a `String`.
///
/// Source: RFC 3629 §4 (the well-formed byte sequences: no overlongs, no surrogates D800–DFFF, nothing above
/// U+10FFFF). Pure ASCII runs are checked eight bytes at a time.
enum UTF8Validation {
    /// The result of checking one chunk.
    enum Outcome: Equatable {
        /// Every byte belongs to a complete, well-formed sequence.
        case valid
        /// Well-formed up to `at`, where a sequence starts that the chunk cuts off; carry `at..<count` over.
        case incomplete(at: Int)
        /// An ill-formed sequence starts at `at`.
        case invalid(at: Int)
    }

    /// Checks `buf`; a sequence cut off by the end of the buffer is ``Outcome/incomplete(at:)``, not invalid.
    static func check(_ buf: UnsafeBufferPointer<UInt8>) -> Outcome {
        let n = buf.count
        guard let base = buf.baseAddress else { return .valid }
        var i = 0
        while i < n {
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let b0 = base[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                hi = 0x9F
            case 0xF0:
                length = 4
                lo = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                hi = 0x8F
            default: return .invalid(at: i)
            }
            var k = 1
            while k < length {
                if i + k >= n { return .incomplete(at: i) }
                let b = base[i + k]
                let (l, h): (UInt8, UInt8) = k == 1 ? (lo, hi) : (0x80, 0xBF)
                if b < l || b > h { return .invalid(at: i) }
                k += 1
            }
            i += length
        }
        return .valid
    }

    /// Whether all of `buf` is well-formed UTF-8 (a cut-off final sequence is ill-formed).
    static func isValid(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        check(buf) == .valid
    }
}
