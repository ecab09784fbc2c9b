import ImpactModel

/// Readers of the cells of the establishments extract, on their UTF-8 bytes.
///
/// Every reader applies the project's rule for its field (``IdentifierRepair``, ``SBI2008``, ``Herindeling``,
/// ``CivilDate``) with a byte-level fast path for the common, well-formed cell, so 2.5 million rows are read without
/// a `String` operation per cell; anything unusual goes to the general rule. Surrounding spaces, tabs and
/// non-breaking spaces are trimmed, as for identifiers (KNOWN-FAULTS B17); nothing else is changed silently.
enum EstablishmentCells {
    /// The outcome of reading an identifier (vestigingsnummer, KvK-nummer) as an integer.
    enum Identifier: Equatable {
        case valid(UInt64)
        /// Left-padded under ``IdentifierRepair/leadingZerosRule``; `original` is the trimmed text.
        case repaired(UInt64, original: String)
        case empty
        /// `message` says what is wrong and how to fix it.
        case invalid(message: String)
    }

    /// A vestigingsnummer (12 digits; fewer digits are left-padded, as ``IdentifierRepair/vestigingsnummer(_:)``).
    static func vestigingsnummer(_ raw: String) -> Identifier {
        if let v = exactDigits(raw, count: 12) { return .valid(v) }
        switch IdentifierRepair.vestigingsnummer(raw) {
        case .valid(let v): return digitsValue(v.digits).map { .valid($0) } ?? .invalid(message: raw)
        case .repaired(let v, let original):
            return digitsValue(v.digits).map { .repaired($0, original: original) } ?? .invalid(message: raw)
        case .empty: return .empty
        case .invalid(_, let message): return .invalid(message: message)
        }
    }

    /// A KvK-nummer (8 digits; 7 digits are left-padded, as ``IdentifierRepair/kvkNumber(_:)``).
    static func kvkNumber(_ raw: String) -> Identifier {
        if let v = exactDigits(raw, count: 8) { return .valid(v) }
        switch IdentifierRepair.kvkNumber(raw) {
        case .valid(let v): return digitsValue(v.digits).map { .valid($0) } ?? .invalid(message: raw)
        case .repaired(let v, let original):
            return digitsValue(v.digits).map { .repaired($0, original: original) } ?? .invalid(message: raw)
        case .empty: return .empty
        case .invalid(_, let message): return .invalid(message: message)
        }
    }

    /// An SBI 2008 code: 2 to 5 digits (``SBICode``) whose division exists (``SBI2008/isPossibleCode(_:)``).
    /// - Returns: the code packed as `digits << 4 | length` (so `0124` and `124` differ), or `nil`.
    static func sbiCode(_ raw: String) -> UInt32? {
        bytes(raw) { b in
            let r = trimmed(b)
            let n = r.count
            guard (2...5).contains(n) else { return nil }
            var value: UInt32 = 0
            for i in r {
                let d = b[i] &- 48
                guard d <= 9 else { return nil }
                value = value * 10 + UInt32(d)
            }
            let division = Int(b[r.lowerBound] - 48) * 10 + Int(b[r.lowerBound + 1] - 48)
            guard knownDivision[division] else { return nil }
            if division >= 97,
                !SBI2008.isPossibleCode(String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self))
            {
                return nil
            }
            return value << 4 | UInt32(n)
        }
    }

    /// Division 0…99 → whether it is an SBI 2008 division.
    private static let knownDivision: [Bool] = (0..<100).map { d in
        SBI2008.divisions.contains(d < 10 ? "0\(d)" : "\(d)")
    }

    /// A CBS gemeentecode, `GM` followed by 4 digits (``Herindeling/isGemeenteCode(_:)``).
    /// - Returns: the 4-digit number (0…9999), or `nil`.
    static func gemeenteCode(_ raw: String) -> Int? {
        bytes(raw) { b in
            let r = trimmed(b)
            guard r.count == 6, b[r.lowerBound] == UInt8(ascii: "G"), b[r.lowerBound + 1] == UInt8(ascii: "M") else {
                return nil
            }
            var value = 0
            for i in (r.lowerBound + 2)..<r.upperBound {
                let d = b[i] &- 48
                guard d <= 9 else { return nil }
                value = value * 10 + Int(d)
            }
            return value
        }
    }

    /// The outcome of reading `werkzame_personen`.
    enum Persons: Equatable {
        /// Empty: the number is not known (missing, never 0).
        case missing
        case value(UInt32)
        case invalid
    }

    /// The largest `werkzame_personen` accepted; `UInt32.max` is the store's mark for a missing value.
    static let maxPersons = UInt32.max - 1

    /// `werkzame_personen`: a non-negative whole number of persons written with digits only (no sign, no
    /// decimal separator, no thousands separator), at most ``maxPersons``; empty is missing.
    static func persons(_ raw: String) -> Persons {
        bytes(raw) { b in
            let r = trimmed(b)
            if r.isEmpty { return .missing }
            var value: UInt64 = 0
            for i in r {
                let d = b[i] &- 48
                guard d <= 9 else { return .invalid }
                value = value * 10 + UInt64(d)
                guard value <= UInt64(maxPersons) else { return .invalid }
            }
            return .value(UInt32(value))
        }
    }

    /// `datum_inschrijving`: `yyyy-mm-dd` (or `yyyymmdd`), a date that exists (``CivilDate/init(parsing:)``).
    static func date(_ raw: String) -> CivilDate? {
        let fast: CivilDate?? = bytes(raw) { b in
            let r = trimmed(b)
            guard r.count == 10, b[r.lowerBound + 4] == UInt8(ascii: "-"), b[r.lowerBound + 7] == UInt8(ascii: "-")
            else { return .none }  // not this shape: the general parser decides
            func number(_ from: Int, _ to: Int) -> Int? {
                var v = 0
                for i in (r.lowerBound + from)..<(r.lowerBound + to) {
                    let d = b[i] &- 48
                    guard d <= 9 else { return nil }
                    v = v * 10 + Int(d)
                }
                return v
            }
            guard let y = number(0, 4), let m = number(5, 7), let d = number(8, 10) else { return .some(nil) }
            return .some(try? CivilDate(year: y, month: m, day: d))
        }
        if let fast { return fast }
        return try? CivilDate(parsing: raw)
    }

    /// A 64-bit FNV-1a hash of the postcode with spaces removed and ASCII letters upper-cased, so `1234ab` and
    /// `1234 AB` are the same content. The postcode is not checked (the extract's rules do not reject it).
    static func postcodeKey(_ raw: String) -> UInt64 {
        bytes(raw) { b in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            var i = 0
            while i < b.count {
                var c = b[i]
                i += 1
                if c == 0x20 || c == 0x09 { continue }
                if c == 0xC2, i < b.count, b[i] == 0xA0 {  // U+00A0
                    i += 1
                    continue
                }
                if c >= 0x61 && c <= 0x7A { c -= 0x20 }
                h = (h ^ UInt64(c)) &* 0x100_0000_01b3
            }
            return h
        }
    }

    // MARK: - Bytes

    /// The value of a cell that is exactly `count` ASCII digits (no spaces), or `nil`.
    private static func exactDigits(_ raw: String, count: Int) -> UInt64? {
        bytes(raw) { b in
            guard b.count == count else { return nil }
            var v: UInt64 = 0
            for c in b {
                let d = c &- 48
                guard d <= 9 else { return nil }
                v = v * 10 + UInt64(d)
            }
            return v
        }
    }

    /// The value of a string of ASCII digits (at most 19), or `nil`.
    static func digitsValue(_ s: String) -> UInt64? {
        exactDigits(s, count: s.utf8.count).flatMap { s.utf8.count <= 19 ? $0 : nil }
    }

    /// The range of `b` without leading and trailing spaces, tabs and U+00A0 (`C2 A0`).
    private static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lo = 0
        var hi = b.count
        while lo < hi {
            if b[lo] == 0x20 || b[lo] == 0x09 {
                lo += 1
            } else if b[lo] == 0xC2, lo + 1 < hi, b[lo + 1] == 0xA0 {
                lo += 2
            } else {
                break
            }
        }
        while hi > lo {
            if b[hi - 1] == 0x20 || b[hi - 1] == 0x09 {
                hi -= 1
            } else if hi - 2 >= lo, b[hi - 2] == 0xC2, b[hi - 1] == 0xA0 {
                hi -= 2
            } else {
                break
            }
        }
        return lo..<hi
    }

    /// Calls `body` with the string's UTF-8 bytes, without copying a native string.
    @inline(__always)
    private static func bytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(s.utf8).withUnsafeBufferPointer(body)
    }
}
