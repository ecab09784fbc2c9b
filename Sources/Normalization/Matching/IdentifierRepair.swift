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
    case invalid(reason: RejectReason, message: String)

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

    /// Reads a KvK-nummer (8 digits) through ``clean(_:as:)``.
    package static func kvkNumber(_ raw: String) -> IdentifierReading<KvKNumber> {
        // The usual cell is exactly 8 digits: no cleaning to do (this runs for every row of national extracts).
        if raw.utf8.count == 8, allDigits(raw), let v = KvKNumber(raw) { return .valid(v) }
        switch clean(raw, as: .kvkNummer) {
        case .empty: return .empty
        case .invalid(let reason, let message): return .invalid(reason: reason, message: message)
        case .valid(let d):
            return KvKNumber(d).map { .valid($0) } ?? .invalid(reason: .kvkInvalid, message: "KvK-nummer \"\(raw)\"")
        case .repaired(let d, let original):
            return KvKNumber(d).map { .repaired($0, original: original) }
                ?? .invalid(reason: .kvkInvalid, message: "KvK-nummer \"\(raw)\"")
        }
    }

    /// The identifiers ``clean(_:as:)`` knows.
    package enum Kind: Sendable {
        /// KvK-nummer: 8 digits, no check digit.
        case kvkNummer
        /// RSIN: 9 digits passing the 11-proof (``passesElfproef(_:)``).
        case rsin

        var digits: Int { self == .kvkNummer ? 8 : 9 }
        var name: String { self == .kvkNummer ? "KvK-nummer" : "RSIN" }
        /// The reject reasons of a value in scientific notation, with a decimal part, and with other characters.
        var scientificNotation: RejectReason { self == .kvkNummer ? .kvkScientificNotation : .rsinScientificNotation }
        var decimal: RejectReason { self == .kvkNummer ? .kvkDecimal : .rsinDecimal }
        var notDigits: RejectReason { self == .kvkNummer ? .kvkNotDigits : .rsinNotDigits }
    }

    /// Cleans a KvK-nummer or RSIN as spreadsheets and forms deliver it: the one rule for both (issue 20).
    ///
    /// 1. Spaces, tabs and non-breaking spaces around the value are trimmed (``trimmed(_:)``): `.valid` if nothing
    ///    else is needed.
    /// 2. Scientific notation (`1.23457E+07`) lost digits: `.invalid` (`<kind>.scientific_notation`), never repaired.
    /// 3. Grouping is removed: spaces and dots between digit groups (`0123 4567`, `12.345.678`, `8528.72.442`). A
    ///    value like `12345678.0` (a number with decimals, as Excel writes a number cell) is `.invalid`
    ///    (`<kind>.decimal`): the digits after the point are not part of the number.
    /// 4. Leading zeros lost by Excel (the column was a number) are restored: a KvK-nummer of 7 digits gets one
    ///    (``leadingZerosRule``; fewer digits are not guessed); an RSIN of 7 or 8 digits is left-padded to 9 only
    ///    if the padded number passes the 11-proof.
    /// 5. An RSIN must pass the 11-proof (`rsin.elfproef`, weights 9…2 and −1, as for the BSN; Belastingdienst). A
    ///    KvK-nummer gets **no** 11-proof: KvK describes it as an 8-digit sequence number without a check digit
    ///    (KvK, "KVK-nummer: alles wat je moet weten"; the KvK API schema checks `^[0-9]{8}$` only). Older numbers
    ///    happen to pass an 8-digit weighted 11-proof (both real test numbers in `../shared/data/real/kvk-api-openforms`
    ///    do: 68750110, 69599084), but newer ones need not — the brief dates the change to about 2016; we found no KvK
    ///    source that gives the date — so a failed proof never rejects a KvK-nummer.
    ///
    /// - Returns: `.empty`; `.valid(digits)`; `.repaired(digits, original:)` with the text as written (after trimming)
    ///   when grouping or zeros were changed; `.invalid(reason:message:)` naming the value and how to fix it.
    package static func clean(_ raw: String, as kind: Kind) -> IdentifierReading<String> {
        let t = trimmed(raw)
        if t.isEmpty { return .empty }
        if isScientific(t) {
            return .invalid(
                reason: kind.scientificNotation,
                message:
                    "\(kind.name) \"\(raw)\" is in scientific notation, so digits were lost in a spreadsheet; it cannot be repaired. Re-export the file with the column formatted as text and all \(kind.digits) digits"
            )
        }
        var digits = t
        if !allDigits(t) {
            let u = Array(t.utf8)
            if let dot = u.lastIndex(of: UInt8(ascii: ".")) ?? u.lastIndex(of: UInt8(ascii: ",")), dot > 0,
                u[(dot + 1)...].allSatisfy({ $0 == UInt8(ascii: "0") }), !u[(dot + 1)...].isEmpty,
                u[..<dot].allSatisfy({ $0 >= 48 && $0 <= 57 })
            {
                return .invalid(
                    reason: kind.decimal,
                    message:
                        "\(kind.name) \"\(raw)\" is written as a number with decimals; write the \(kind.digits) digits only (store the column as text)"
                )
            }
            let stripped = String(t.unicodeScalars.filter { $0 != " " && $0 != "." && $0 != "\t" && $0 != "\u{00A0}" })
            guard allDigits(stripped) else {
                return .invalid(
                    reason: kind.notDigits,
                    message:
                        "\(kind.name) \"\(raw)\" contains characters other than digits; write the \(kind.digits) digits only"
                )
            }
            digits = stripped
        }
        let n = digits.utf8.count
        var padded = digits
        switch kind {
        case .kvkNummer:
            if n == 7 { padded = "0" + digits }
        case .rsin:
            if n == 7 || n == 8, passesElfproef(String(repeating: "0", count: 9 - n) + digits) {
                padded = String(repeating: "0", count: 9 - n) + digits
            }
        }
        guard padded.utf8.count == kind.digits else {
            let hint =
                kind == .kvkNummer
                ? "KvK-nummers have 8 (keep leading zeros: store the column as text)"
                : "an RSIN has 9, keeping leading zeros"
            return .invalid(
                reason: kind == .kvkNummer ? .kvkLength : .rsinLength,
                message: "\(kind.name) \"\(raw)\" has \(n) digits; \(hint)")
        }
        if kind == .rsin, !passesElfproef(padded) {
            return .invalid(
                reason: .rsinElfproef,
                message: "RSIN \"\(raw)\" fails the 11-proof (a typing error?); check it against the KvK extract")
        }
        return padded == t ? .valid(padded) : .repaired(padded, original: t)
    }

    /// The rule a repair applied, for diagnostics and rejects: ``leadingZerosRule`` when zeros were added,
    /// "hersteld: spaties/punten verwijderd" when only grouping was removed, both when both.
    package static func repairRule(original: String, repaired: String) -> String {
        let grouping = !allDigits(original)
        let zeros = String(original.unicodeScalars.filter { ("0"..."9").contains($0) }).utf8.count < repaired.utf8.count
        switch (grouping, zeros) {
        case (true, true): return groupingRule + ", " + leadingZerosRule
        case (true, false): return groupingRule
        default: return leadingZerosRule
        }
    }

    /// The name of the grouping repair: "hersteld: spaties/punten verwijderd".
    package static let groupingRule = "hersteld: spaties/punten verwijderd"

    /// Reads a vestigingsnummer (12 digits).
    package static func vestigingsnummer(_ raw: String) -> IdentifierReading<Vestigingsnummer> {
        let t = trimmed(raw)
        if t.isEmpty { return .empty }
        if isScientific(t) {
            return .invalid(
                reason: .vestigingsnummerScientificNotation,
                message:
                    "vestigingsnummer \"\(raw)\" is in scientific notation, so digits were lost in a spreadsheet; it cannot be repaired. Re-export with the column formatted as text and all 12 digits"
            )
        }
        guard allDigits(t) else {
            return .invalid(
                reason: .vestigingsnummerNotDigits,
                message: "vestigingsnummer \"\(raw)\" contains characters other than digits; write the 12 digits only")
        }
        let n = t.utf8.count
        if n == 12, let v = Vestigingsnummer(t) { return .valid(v) }
        if n < 12, let v = Vestigingsnummer(String(repeating: "0", count: 12 - n) + t) {
            return .repaired(v, original: t)
        }
        return .invalid(
            reason: .vestigingsnummerLength,
            message: "vestigingsnummer \"\(raw)\" has \(n) digits; vestigingsnummers have 12")
    }

    /// Reads an RSIN (Rechtspersonen en Samenwerkingsverbanden Informatienummer): 9 digits passing the 11-proof,
    /// cleaned by ``clean(_:as:)`` (grouping removed; 7 or 8 digits left-padded only when the result passes).
    package static func rsin(_ raw: String) -> IdentifierReading<String> { clean(raw, as: .rsin) }

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
