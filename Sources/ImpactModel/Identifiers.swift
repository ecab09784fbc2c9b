/// A KvK-nummer: the 8-digit number of the Handelsregister, kept as text so leading zeros survive.
///
/// Source: KvK API (Basisprofiel `kvkNummer`, 8 characters). Values are never stored as numbers.
package struct KvKNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 8 digits, leading zeros kept (`01234567`).
    package let digits: String

    /// Accepts exactly 8 digits (surrounding spaces trimmed).
    package init?(_ text: String) {
        // The usual input is already exactly the digits: take it as it is (trimming cannot change it); only other
        // text goes through Foundation's trimming.
        let plain = text.utf8.count == 8 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        let t = plain ? text : text.trimmingCharacters(in: .whitespaces)
        guard t.utf8.count == 8, t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        digits = t
    }
    /// The 8 digits.
    package var description: String { digits }
    /// Orders by the digit text (the same as numeric order, since all have 8 digits).
    package static func < (a: KvKNumber, b: KvKNumber) -> Bool { a.digits < b.digits }
}

/// A vestigingsnummer: the 12-digit establishment number of the Handelsregister, kept as text.
package struct Vestigingsnummer: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 12 digits, leading zeros kept.
    package let digits: String
    /// Accepts exactly 12 digits (surrounding spaces trimmed).
    package init?(_ text: String) {
        // The usual input is already exactly the digits: take it as it is (trimming cannot change it); only other
        // text goes through Foundation's trimming.
        let plain = text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        let t = plain ? text : text.trimmingCharacters(in: .whitespaces)
        guard t.utf8.count == 12, t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        digits = t
    }
    /// The 12 digits.
    package var description: String { digits }
    /// Orders by the digit text (the same as numeric order, since all have 12 digits).
    package static func < (a: Vestigingsnummer, b: Vestigingsnummer) -> Bool { a.digits < b.digits }
}

/// A CBS region code (`RegioS`): `GM0392` (gemeente Haarlem), `PV27` (Noord-Holland), `NL01`, `LD03`, `AM…`.
/// v3 pads these with trailing spaces (`"GM0392    "`); the code is always stored trimmed.
package struct RegioCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code without CBS v3's trailing padding, e.g. `GM0392`.
    package let code: String
    /// Takes a `RegioS` key as a CBS table gives it, trimming the v3 padding; the code itself is not checked
    /// (see ``isGemeenteCode(_:)``).
    package init(_ raw: String) { code = raw.trimmingCharacters(in: .whitespaces) }
    /// The trimmed code.
    package var description: String { code }
    /// Orders by code text, so `GM…` codes sort by gemeentecode.
    package static func < (a: RegioCode, b: RegioCode) -> Bool { a.code < b.code }
    /// Haarlem, CBS gemeentecode GM0392.
    package static let haarlem = RegioCode("GM0392")

    /// Whether `text` is a CBS gemeentecode as RegioS writes it: `GM` and 4 digits (`GM0392`). Whether the
    /// municipality still exists is a separate question (config/gemeente-herindeling.csv).
    package static func isGemeenteCode(_ text: String) -> Bool {
        let u = Array(text.utf8)
        return u.count == 6 && u[0] == UInt8(ascii: "G") && u[1] == UInt8(ascii: "M")
            && u[2...].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

/// A Dutch postcode in canonical form `1234 AB`: four digits (the first not 0), a space, two capital letters.
package struct Postcode: Hashable, Sendable, CustomStringConvertible {
    /// The canonical form `1234 AB`.
    package let text: String
    /// Normalizes `1234AB`, `1234 ab`, ` 1234  Ab `, non-breaking spaces; rejects `1234-AB`, `0123 AB`, `1234 A`.
    package init?(_ raw: String) {
        var digits: [Character] = []
        var letters: [Character] = []
        var sawSpaceAfterDigits = false
        for ch in raw {
            if ch == " " || ch == "\u{00A0}" || ch == "\t" {
                if !digits.isEmpty && letters.isEmpty { sawSpaceAfterDigits = true }
                continue
            }
            if ch.isASCII, ch.isNumber {
                guard letters.isEmpty, !sawSpaceAfterDigits else { return nil }
                digits.append(ch)
            } else if ch.isASCII, ch.isLetter {
                guard digits.count == 4 else { return nil }
                letters.append(Character(ch.uppercased()))
            } else {
                return nil
            }
        }
        guard digits.count == 4, digits[0] != "0", letters.count == 2 else { return nil }
        text = String(digits) + " " + String(letters)
    }
    /// The canonical form `1234 AB`.
    package var description: String { text }
}

/// An SBI code (Standaard Bedrijfsindeling 2008, CBS): 2 to 5 digits, kept as text (`01241` has a leading zero).
package struct SBICode: Hashable, Sendable, CustomStringConvertible {
    /// The 2 to 5 digits as given, leading zero kept (`01241`).
    package let code: String
    /// Accepts 2 to 5 digits (surrounding spaces trimmed); `nil` for anything else (letters, dots, `86.91`).
    package init?(_ raw: String) {
        let t = raw.trimmingCharacters(in: .whitespaces)
        guard (2...5).contains(t.utf8.count), t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        code = t
    }
    /// The SBI section letter (A–U) derived from the 2-digit division, per SBI 2008.
    package var section: String {
        let d = Int(code.prefix(2)) ?? 0
        switch d {
        case 1...3: return "A"
        case 5...9: return "B"
        case 10...33: return "C"
        case 35: return "D"
        case 36...39: return "E"
        case 41...43: return "F"
        case 45...47: return "G"
        case 49...53: return "H"
        case 55...56: return "I"
        case 58...63: return "J"
        case 64...66: return "K"
        case 68: return "L"
        case 69...75: return "M"
        case 77...82: return "N"
        case 84: return "O"
        case 85: return "P"
        case 86...88: return "Q"
        case 90...93: return "R"
        case 94...96: return "S"
        case 97...98: return "T"
        case 99: return "U"
        default: return "?"
        }
    }
    /// The digits as given.
    package var description: String { code }
}
