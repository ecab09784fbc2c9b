import ImpactModel

/// The outcome of reading an identifier cell (KvK-nummer, vestigingsnummer, RSIN) from an input file.
///
/// Identifiers are text: a value is never parsed as a number, so leading zeros survive (KNOWN-FAULTS B17).
package enum IdentifierReading<Value: Hashable & Sendable>: Hashable, Sendable {
    /// The cell is empty (after trimming).
    case empty
    /// The cell holds a valid identifier as written.
    case valid(Value)
    /// The cell held fewer digits than the identifier has and was left-padded with zeros under the explicit rule
    /// ``IdentifierRepair/leadingZerosRule`` ("hersteld: voorloopnullen"); `original` is the text as written.
    case repaired(Value, original: String)
    /// The cell cannot be read as this identifier; `reason` is a stable code, `message` says how to fix it.
    case invalid(reason: String, message: String)

    /// The identifier, when valid or repaired.
    package var value: Value? {
        switch self {
        case .valid(let v), .repaired(let v, _): return v
        case .empty, .invalid: return nil
        }
    }
}

/// Reading and repairing the identifiers of the Handelsregister as they arrive from spreadsheets.
///
/// Rules (KNOWN-FAULTS B17, KvK API docs: `kvkNummer` 8 digits, `vestigingsnummer` 12 digits, RSIN 9 digits):
/// - Surrounding spaces, tabs and non-breaking spaces are trimmed; nothing else is changed silently.
/// - A KvK-nummer of exactly 7 digits lost its leading zero in a spreadsheet and is left-padded to 8
///   (``leadingZerosRule``). Shorter values are not repaired: two or more lost zeros are too rare to guess.
/// - A vestigingsnummer of 1–11 digits is left-padded to 12 under the same rule (branch numbers very often start
///   with several zeros).
/// - Scientific notation (`1.23457E+07`, the way Excel shows a long number) has lost digits and is rejected,
///   never repaired.
package enum IdentifierRepair {
    /// The name of the one repair rule, written to diagnostics and matches: "hersteld: voorloopnullen".
    package static let leadingZerosRule = "hersteld: voorloopnullen"

    /// Reads a KvK-nummer (8 digits).
    package static func kvkNumber(_ raw: String) -> IdentifierReading<KvKNumber> {
        let t = trimmed(raw)
        if t.isEmpty { return .empty }
        if isScientific(t) {
            return .invalid(
                reason: "kvk.scientific_notation",
                message:
                    "KvK-nummer \"\(raw)\" is in scientific notation, so digits were lost in a spreadsheet; it cannot be repaired. Re-export the file with the column formatted as text and all 8 digits"
            )
        }
        guard allDigits(t) else {
            return .invalid(
                reason: "kvk.not_digits",
                message: "KvK-nummer \"\(raw)\" contains characters other than digits; write the 8 digits only")
        }
        switch t.utf8.count {
        case 8:
            return KvKNumber(t).map { .valid($0) } ?? .invalid(reason: "kvk.invalid", message: "KvK-nummer \"\(raw)\"")
        case 7:
            guard let v = KvKNumber("0" + t) else { return .invalid(reason: "kvk.invalid", message: raw) }
            return .repaired(v, original: t)
        default:
            return .invalid(
                reason: "kvk.length",
                message:
                    "KvK-nummer \"\(raw)\" has \(t.utf8.count) digits; KvK-nummers have 8 (keep leading zeros: store the column as text)"
            )
        }
    }

    /// Reads a vestigingsnummer (12 digits).
    package static func vestigingsnummer(_ raw: String) -> IdentifierReading<Vestigingsnummer> {
        let t = trimmed(raw)
        if t.isEmpty { return .empty }
        if isScientific(t) {
            return .invalid(
                reason: "vestigingsnummer.scientific_notation",
                message:
                    "vestigingsnummer \"\(raw)\" is in scientific notation, so digits were lost in a spreadsheet; it cannot be repaired. Re-export with the column formatted as text and all 12 digits"
            )
        }
        guard allDigits(t) else {
            return .invalid(
                reason: "vestigingsnummer.not_digits",
                message: "vestigingsnummer \"\(raw)\" contains characters other than digits; write the 12 digits only")
        }
        let n = t.utf8.count
        if n == 12, let v = Vestigingsnummer(t) { return .valid(v) }
        if n < 12, let v = Vestigingsnummer(String(repeating: "0", count: 12 - n) + t) {
            return .repaired(v, original: t)
        }
        return .invalid(
            reason: "vestigingsnummer.length",
            message: "vestigingsnummer \"\(raw)\" has \(n) digits; vestigingsnummers have 12")
    }

    /// Reads an RSIN (Rechtspersonen en Samenwerkingsverbanden Informatienummer): 9 digits passing the 11-proof.
    ///
    /// 11-proof (elfproef, as for the BSN; Belastingdienst): with digits d1…d9,
    /// `9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 − 1·d9` is divisible by 11.
    /// An RSIN is not repaired: it is not left-padded.
    package static func rsin(_ raw: String) -> IdentifierReading<String> {
        let t = trimmed(raw)
        if t.isEmpty { return .empty }
        guard allDigits(t), t.utf8.count == 9 else {
            return .invalid(
                reason: "rsin.length",
                message: "RSIN \"\(raw)\" is not 9 digits; write all 9 digits, keeping leading zeros")
        }
        guard passesElfproef(t) else {
            return .invalid(
                reason: "rsin.elfproef",
                message: "RSIN \"\(raw)\" fails the 11-proof (a typing error?); check it against the KvK extract")
        }
        return .valid(t)
    }

    /// The 11-proof of a 9-digit RSIN/BSN; weights 9…2 and −1.
    package static func passesElfproef(_ nineDigits: String) -> Bool {
        let d = nineDigits.utf8.map { Int($0) - 48 }
        guard d.count == 9, d.allSatisfy({ (0...9).contains($0) }) else { return false }
        var sum = 0
        for i in 0..<8 { sum += (9 - i) * d[i] }
        sum -= d[8]
        return sum % 11 == 0
    }

    /// Trims spaces, tabs and U+00A0 (non-breaking space) from both ends.
    ///
    /// Called for nearly every cell of every source, and almost no cell has an edge blank: when neither the first
    /// nor the last byte can start one (space, tab, or 0xC2, the lead byte of U+00A0 in UTF-8), the text is
    /// returned as it is without walking Characters. Otherwise the Character walk below decides, exactly as before
    /// (a space with a combining mark after it is one Character and is kept).
    package static func trimmed(_ raw: String) -> String {
        let utf8 = raw.utf8
        guard let first = utf8.first, let last = utf8.last else { return raw }
        if !mayStartBlank(first) && !mayEndBlank(last) { return raw }
        var s = Substring(raw)
        while let c = s.first, c == " " || c == "\t" || c == "\u{00A0}" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\u{00A0}" { s.removeLast() }
        return String(s)
    }

    /// Whether a text starting with byte `b` may start with a space, tab or U+00A0 (`C2 A0`).
    private static func mayStartBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0xC2 }

    /// Whether a text ending with byte `b` may end with a space, tab or U+00A0 (`C2 A0`), or with a Character
    /// whose last scalar is one of them.
    private static func mayEndBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0xA0 }

    private static func allDigits(_ t: String) -> Bool { !t.isEmpty && t.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }

    /// `1.23457E+07`, `1,23457E+07`, `1E7`: a mantissa, `E`/`e`, an optionally signed exponent.
    private static func isScientific(_ t: String) -> Bool {
        let u = Array(t.utf8)
        guard let e = u.firstIndex(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }), e > 0,
            e + 1 < u.count
        else { return false }
        let mantissa = u[..<e]
        var exponent = u[(e + 1)...]
        if let f = exponent.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { exponent = exponent.dropFirst() }
        let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit)
            && mantissa.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }
            && mantissa.contains(where: isDigit)
    }
}
