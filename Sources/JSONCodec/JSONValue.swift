import Foundation

/// A decoded JSON value (RFC 8259), for protocols whose object keys vary per table (CBS v3 topic keys, v4
/// dimension columns). Numbers are kept as `Double`; a CBS value never needs more than 15 significant digits.
package enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Decodes any JSON value (for `Decodable` callers; the connectors use ``JSONParser``).
    package init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    /// The member `key` of an object, `nil` for other values or an absent key.
    package subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The string, or `nil` for other values.
    package var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    /// The number, or `nil` for other values.
    package var number: Double? {
        if case .number(let d) = self { return d }
        return nil
    }
    /// The elements, or `nil` for other values.
    package var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
    /// The members, or `nil` for other values.
    package var object: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }
    /// Whether the value is JSON `null`.
    package var isNull: Bool { self == .null }

    /// The value as text for messages and rejects: strings verbatim, numbers shortest, `null` as `null`.
    package var text: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .string(let s): return s
        case .array(let a): return "[" + a.map(\.text).joined(separator: ",") + "]"
        case .object: return "{…}"
        }
    }

    /// An integer member (`RecordCount`, `count`, `@odata.count`), from a number or a numeric string.
    package var int: Int? {
        switch self {
        case .number(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
        case .string(let s): return Int(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }
}
