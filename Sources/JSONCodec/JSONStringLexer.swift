/// The string lexeme of RFC 8259 §7, shared by ``JSONParser`` (a tree of the whole document) and ``ODataPageScan``
/// (a pass that reads only a page's links and counts): the same grammar, the same escapes and surrogate pairs, the
/// same ``JSONParser/SyntaxError`` offsets.
package enum JSONStringLexer {
    /// A string as read: the bytes between its quotes when it has no escape (the common case, no copy), else its
    /// decoded UTF-8 bytes (empty when the caller asked only for the grammar).
    package enum Lexeme {
        case raw(Range<Int>)
        case decoded([UInt8])
    }

    /// Reads the string whose opening quote is at `i` in `p`; on return `i` is just past the closing quote.
    /// - Parameter decode: false checks the grammar only: an escaped string comes back as `.decoded([])`.
    /// - Throws: ``JSONParser/SyntaxError`` for a control character, a bad escape or surrogate, or no closing quote.
    package static func read(_ p: UnsafeRawBufferPointer, _ i: inout Int, decode: Bool) throws(JSONParser.SyntaxError)
        -> Lexeme
    {
        let n = p.count
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes. Eight bytes at a time while none is a quote, a backslash or a control character,
        // then byte by byte from the word that holds one (the rows of a page are mostly such strings).
        while i + 8 <= n, !hasSpecialByte(p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i += 8 }
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return .raw(start..<(i - 1))
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw JSONParser.SyntaxError(offset: i, expected: "no control character in a string") }
            i += 1
        }
        var out: [UInt8] = decode ? Array(UnsafeRawBufferPointer(rebasing: p[start..<i])) : []
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return .decoded(out)
            }
            if c < 0x20 { throw JSONParser.SyntaxError(offset: i, expected: "no control character in a string") }
            if c != UInt8(ascii: "\\") {
                if decode { out.append(c) }
                i += 1
                continue
            }
            i += 1
            guard i < n else { break }
            let e = p[i]
            i += 1
            let plain: UInt8?
            switch e {
            case UInt8(ascii: "\""): plain = 0x22
            case UInt8(ascii: "\\"): plain = 0x5C
            case UInt8(ascii: "/"): plain = 0x2F
            case UInt8(ascii: "b"): plain = 0x08
            case UInt8(ascii: "f"): plain = 0x0C
            case UInt8(ascii: "n"): plain = 0x0A
            case UInt8(ascii: "r"): plain = 0x0D
            case UInt8(ascii: "t"): plain = 0x09
            case UInt8(ascii: "u"):
                plain = nil
                var scalar = try hex4(p, &i)
                if (0xD800..<0xDC00).contains(scalar), i + 1 < n, p[i] == UInt8(ascii: "\\"),
                    p[i + 1] == UInt8(ascii: "u")
                {
                    i += 2
                    let low = try hex4(p, &i)
                    guard (0xDC00..<0xE000).contains(low) else {
                        throw JSONParser.SyntaxError(offset: i - 6, expected: "a low surrogate")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                if decode {
                    let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                }
            default:
                throw JSONParser.SyntaxError(offset: i - 1, expected: "a valid escape")
            }
            if decode, let plain { out.append(plain) }
        }
        throw JSONParser.SyntaxError(offset: n, expected: "closing '\"'")
    }

    /// Whether any of the eight bytes of `word` is `"` (0x22), `\\` (0x5C) or below 0x20 (SWAR: a zero byte of
    /// `word ^ 0x22…` or `word ^ 0x5C…`, or a byte below 0x20, sets that byte's high bit in the test; a borrow
    /// starts only at such a byte, so the test is non-zero exactly when one exists, whatever the byte order).
    @inline(__always) static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let test = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
        return test & (ones &* 0x80) != 0
    }

    /// Four hex digits at `i` (after `\u`), as a code unit; `i` moves past them.
    package static func hex4(_ p: UnsafeRawBufferPointer, _ i: inout Int) throws(JSONParser.SyntaxError) -> UInt32 {
        guard i + 4 <= p.count else { throw JSONParser.SyntaxError(offset: i, expected: "4 hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw JSONParser.SyntaxError(offset: i, expected: "a hex digit")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
