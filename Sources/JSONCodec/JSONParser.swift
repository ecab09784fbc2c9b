import Foundation

/// A strict RFC 8259 JSON parser over bytes into ``JSONValue``.
///
/// Written for the connectors because decoding CBS pages of 10,000 objects through `JSONDecoder` and a
/// `Decodable` enum costs seconds per page on Linux; this scanner is linear and reports the byte offset of the
/// first fault, which the error message passes on (a page cut off mid-transfer ends "at byte N of N").
package struct JSONParser {
    /// A syntax error: what was expected and at which 0-based byte offset.
    package struct SyntaxError: Error, Sendable, CustomStringConvertible {
        /// The 0-based byte offset of the fault.
        package var offset: Int
        /// What the grammar expected there.
        package var expected: String
        /// `expected X at byte N`.
        package var description: String { "expected \(expected) at byte \(offset)" }

        /// A fault at `offset` where the grammar expected `expected`.
        package init(offset: Int, expected: String) {
            self.offset = offset
            self.expected = expected
        }
    }

    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0
    private static let maxDepth = 512

    /// Parses a whole document (a UTF-8 BOM is skipped; trailing whitespace allowed, nothing else).
    /// - Throws: ``SyntaxError`` naming the byte offset.
    package static func parse(_ data: Data) throws(SyntaxError) -> JSONValue {
        var p = JSONParser(bytes: [UInt8](data))
        if p.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
        p.skipWhitespace()
        let v = try p.value()
        p.skipWhitespace()
        guard p.i == p.bytes.count else { throw SyntaxError(offset: p.i, expected: "end of document") }
        return v
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            i += 1
        }
    }

    private mutating func value() throws(SyntaxError) -> JSONValue {
        guard i < bytes.count else { throw SyntaxError(offset: i, expected: "a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count else { throw SyntaxError(offset: i, expected: word) }
        for k in 0..<w.count where bytes[i + k] != w[k] { throw SyntaxError(offset: i + k, expected: word) }
        i += w.count
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw SyntaxError(offset: i, expected: "nesting under \(Self.maxDepth)") }
    }

    private mutating func object() throws(SyntaxError) -> JSONValue {
        try enter()
        i += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw SyntaxError(offset: i, expected: "a member name")
            }
            let key = try string()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw SyntaxError(offset: i, expected: "':'") }
            i += 1
            skipWhitespace()
            members[key] = try value()
            skipWhitespace()
            guard i < bytes.count else { throw SyntaxError(offset: i, expected: "',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "}") {
                i += 1
                depth -= 1
                return .object(members)
            } else {
                throw SyntaxError(offset: i, expected: "',' or '}'")
            }
        }
    }

    private mutating func array() throws(SyntaxError) -> JSONValue {
        try enter()
        i += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            guard i < bytes.count else { throw SyntaxError(offset: i, expected: "',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "]") {
                i += 1
                depth -= 1
                return .array(items)
            } else {
                throw SyntaxError(offset: i, expected: "',' or ']'")
            }
        }
    }

    private mutating func string() throws(SyntaxError) -> String {
        var at = i
        let lexeme: Result<JSONStringLexer.Lexeme, SyntaxError> = bytes.withUnsafeBytes { raw in
            do throws(SyntaxError) {
                return .success(try JSONStringLexer.read(raw, &at, decode: true))
            } catch {
                return .failure(error)
            }
        }
        i = at
        switch try lexeme.get() {
        case .raw(let range): return String(decoding: bytes[range], as: UTF8.self)
        case .decoded(let out): return String(decoding: out, as: UTF8.self)
        }
    }

    private mutating func number() throws(SyntaxError) -> Double {
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.i
            while p.i < p.bytes.count, p.bytes[p.i] >= 48, p.bytes[p.i] <= 57 { p.i += 1 }
            return p.i - s
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "0") {
            i += 1  // RFC 8259 §6: no leading zeros
        } else {
            guard digits(&self) > 0 else { throw SyntaxError(offset: start, expected: "a value") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits(&self) > 0 else { throw SyntaxError(offset: i, expected: "a digit after '.'") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(&self) > 0 else { throw SyntaxError(offset: i, expected: "an exponent") }
        }
        guard let d = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else {
            throw SyntaxError(offset: start, expected: "a number")
        }
        return d
    }
}
