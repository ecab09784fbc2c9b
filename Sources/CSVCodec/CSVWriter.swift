import Foundation

/// Builds a CSV file in memory (see ``CSVProfile`` for the bytes); for large outputs use ``CSVFileWriter``.
package struct CSVWriter: Sendable {
    /// The profile the bytes follow.
    package let profile: CSVProfile
    private var bytes: [UInt8] = []

    /// Starts a file: the BOM when the profile has one.
    package init(profile: CSVProfile = .machine) {
        self.profile = profile
        if profile.byteOrderMark { bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    }

    /// The file's bytes so far.
    package var data: Data { Data(bytes) }

    /// Appends one record. A record with no fields is written as an empty line, which readers skip (RFC 4180
    /// has no record without a field).
    package mutating func write(_ fields: [String]) {
        profile.appendRecord(fields, to: &bytes)
    }

    /// Appends many records.
    package mutating func write<S: Sequence>(rows: S) where S.Element == [String] {
        for r in rows { write(r) }
    }
}
