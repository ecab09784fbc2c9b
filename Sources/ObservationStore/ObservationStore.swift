import Foundation
import ImpactModel

/// The binary, columnar file in which a national run hands its canonical observations from normalize to compute:
/// `normalize/observations/<GM>.imobs`, one per municipality. This type is the file format's one owner: only
/// ``ObservationStore/Writer`` writes it and only ``ObservationStore/read(_:)`` reads it.
///
/// Why binary (issue 19 item 1): at national scale the compute stage spent half its time parsing the 411 MB of
/// observation CSV the normalize stage had just written. Here nothing is formatted or parsed as text: every string
/// column is dictionary-encoded (a segment stores each distinct string once and a 32-bit code per row), dates are
/// integers and values are the IEEE 754 `Double` bits themselves, so a value reads back exactly as it was computed.
/// People read the same observations as CSV with `impactmon observations <file>` (``csv(_:)``).
///
/// Layout (all integers little-endian):
/// - header, 16 bytes: ``magic`` (8 bytes), format ``version`` (`UInt32`), 4 reserved zero bytes;
/// - segments, one per batch appended (one source file's observations of this municipality): a 24-byte segment
///   header (`SEG1`, row count `UInt32`, payload length `UInt64`, payload checksum `UInt64`) and the payload:
///   the dictionary (string count `UInt32`, `count + 1` end offsets `UInt32`, the UTF-8 bytes, padded to 4 bytes),
///   then the columns, each `rows` long: 12 string-code columns (`UInt32`; ``stringColumns`` order), period start
///   and end (`Int32`, `yyyymmdd`), value (`UInt64` bits of the `Double`; 0 when missing), value present (`UInt8`);
/// - trailer, 24 bytes: `END1`, segment count `UInt32`, total rows `UInt64`, checksum `UInt64` over the segment
///   checksums.
///
/// A file is written under `<name>.partial` and renamed to its name only after its trailer is written
/// (``Writer/finish()``), so a file with the final name is complete; a truncated or altered file is refused by
/// ``read(_:)`` with the file named. The hash of every file is recorded in `manifest.json` with the stage's
/// outputs, like every other output.
package enum ObservationStore {
    /// The first 8 bytes of every file: `IMOBS`, CR LF, SUB (so a text tool shows it is binary).
    package static let magic: [UInt8] = Array("IMOBS\r\n".utf8) + [0x1A]
    /// The format version this build writes and reads. Raise it when the layout changes.
    package static let version: UInt32 = 1
    /// The file name extension.
    package static let fileExtension = "imobs"
    static let headerSize = 16
    static let segmentHeaderSize = 24
    static let trailerSize = 24
    static let segmentTag: UInt32 = 0x3147_4553  // "SEG1"
    static let trailerTag: UInt32 = 0x3144_4E45  // "END1"

    /// The string columns, in their order in a segment (the ``Observation`` fields of the same names).
    package static let stringColumns = [
        "source_id", "dataset", "measure", "measure_label", "unit", "regio", "kvk_number", "period_code",
        "value_status", "value_attribute", "source_row_id", "dimensions",
    ]

    /// The file of municipality `code` in `folder`.
    package static func file(_ code: String, in folder: URL) -> URL {
        folder.appendingPathComponent("\(code).\(fileExtension)")
    }

    /// The municipalities with a file in `folder`, sorted by code.
    package static func partitions(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let suffix = "." + fileExtension
        return names.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }

    /// A 64-bit checksum of `bytes` (words of 8 bytes mixed by multiply and rotate; the tail byte by byte). Detects
    /// altered bytes, not tampering: the file's SHA-256 in `manifest.json` is the record of what was written.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
        let words = bytes.count / 8
        var i = 0
        while i < words {
            let w = bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            h = (h ^ w) &* 0x0000_0100_0000_01B3
            h = (h << 29) | (h >> 35)
            i += 1
        }
        for j in (words * 8)..<bytes.count { h = (h ^ UInt64(bytes[j])) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    /// `yyyymmdd` of a date.
    static func packed(_ d: CivilDate) -> Int32 { Int32(d.year * 10_000 + d.month * 100 + d.day) }
}
