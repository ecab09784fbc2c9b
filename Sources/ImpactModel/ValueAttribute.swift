/// Why a value is missing, after CBS's legend of symbols and the v4 `ValueAttribute` field.
///
/// Source: CBS StatLine "verklaring van tekens": `.` onbekend, onvoldoende betrouwbaar of geheim; `x` geheim;
/// blank: cannot occur; `-` nihil (which is the value 0, not missing). v4 Observations carry `ValueAttribute`
/// `None`, `Impossible`, `Confidential`, `NotAvailable` (and `Missing` in some tables).
/// A missing value is never written or summed as 0.
package enum ValueAttribute: String, Sendable, Codable, CaseIterable {
    /// A real value.
    case none
    /// Cannot occur logically (CBS blank, v4 `Impossible`).
    case impossible
    /// Secret (CBS `x`, v4 `Confidential`).
    case confidential
    /// Unknown or insufficiently reliable (CBS `.`, v4 `NotAvailable`/`Missing`).
    case not_available

    /// Maps a v4 `ValueAttribute` string.
    /// - Returns: `nil` for a string CBS does not define, which callers must treat as an error.
    package init?(v4 text: String?) {
        switch text {
        case nil, "None": self = .none
        case "Impossible": self = .impossible
        case "Confidential": self = .confidential
        case "NotAvailable", "Missing": self = .not_available
        default: return nil
        }
    }

    /// The symbol printed in reports for a missing value.
    package var symbol: String {
        switch self {
        case .none: return ""
        case .impossible: return ""
        case .confidential: return "x"
        case .not_available: return "."
        }
    }
}

/// The outcome of reading one CBS cell as text (`UntypedDataSet`, StatLine CSV).
package enum CBSCell: Equatable, Sendable {
    case value(Double)
    case missing(ValueAttribute)

    /// Reads an untyped CBS cell: right-aligned numbers (`"   135.5"`), `.` (onbekend), `x` (geheim),
    /// `-` (nihil = 0), empty or blank (cannot occur).
    /// - Returns: `nil` for text that is neither a number nor a CBS symbol (e.g. `"?"`), which is an error.
    package static func parse(_ raw: Substring) -> CBSCell? {
        let t = raw.trimmingCharacters(in: .whitespaces)
        switch t {
        case "": return .missing(.impossible)
        case ".": return .missing(.not_available)
        case "x", "X": return .missing(.confidential)
        case "-": return .value(0)
        default:
            guard let d = Double(t).flatMap(NumericRange.accepted) else { return nil }
            return .value(d)
        }
    }
}
