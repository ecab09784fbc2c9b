import Foundation

/// How a CSV file is written.
///
/// - ``machine``: RFC 4180, `,`, LF line ends, UTF-8 without BOM, `.` decimals — for scripts.
/// - ``excelNL``: `;`, CRLF, UTF-8 with BOM — opens in one click in a Dutch-locale Excel (decimal commas are
///   the caller's job: format numbers with ``CSVProfile/decimalSeparator``).
/// Fields are quoted only when they contain the delimiter, `"`, CR or LF (KNOWN-FAULTS B15).
package struct CSVProfile: Sendable, Hashable {
    package var delimiter: UInt8
    package var lineEnding: String
    package var byteOrderMark: Bool
    package var decimalSeparator: Character

    package static let machine = CSVProfile(delimiter: UInt8(ascii: ","), lineEnding: "\n", byteOrderMark: false, decimalSeparator: ".")
    package static let excelNL = CSVProfile(delimiter: UInt8(ascii: ";"), lineEnding: "\r\n", byteOrderMark: true, decimalSeparator: ",")
}

/// Builds a CSV file in memory, one buffered append per row (no system call per byte).
package struct CSVWriter: Sendable {
    package let profile: CSVProfile
    package private(set) var data: Data

    package init(profile: CSVProfile = .machine) {
        self.profile = profile
        data = Data()
        if profile.byteOrderMark { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    }

    /// Appends one record.
    package mutating func write(_ fields: [String]) {
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count + 3 })
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(profile.delimiter) }
            let needsQuotes = f.utf8.contains { $0 == profile.delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            if needsQuotes {
                out.append(0x22)
                for b in f.utf8 {
                    if b == 0x22 { out.append(0x22) }
                    out.append(b)
                }
                out.append(0x22)
            } else {
                out.append(contentsOf: f.utf8)
            }
        }
        out.append(contentsOf: profile.lineEnding.utf8)
        data.append(contentsOf: out)
    }

    /// Appends many records.
    package mutating func write<S: Sequence>(rows: S) where S.Element == [String] {
        for r in rows { write(r) }
    }
}
