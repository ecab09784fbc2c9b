/// Windows-1252 (cp1252) decoding, for files saved by older Excel versions in Dutch locales.
///
/// Source: WHATWG Encoding Standard, index-windows-1252: 0x80–0x9F map to the typographic characters below; the
/// five bytes Windows leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the same value,
/// so every byte decodes and none is lost. 0x00–0x7F and 0xA0–0xFF are ISO-8859-1.
package enum Windows1252 {
    private static let high: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The Unicode scalar of one Windows-1252 byte.
    package static func scalar(_ b: UInt8) -> Unicode.Scalar {
        let v: UInt16 = (0x80...0x9F).contains(b) ? high[Int(b) - 0x80] : UInt16(b)
        return Unicode.Scalar(v) ?? "\u{FFFD}"  // every table value is a valid scalar; the fallback never runs
    }

    /// Decodes Windows-1252 bytes; never fails.
    package static func decode<S: Sequence<UInt8>>(_ bytes: S) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(scalar(b)) }
        return String(s)
    }
}
