import Foundation
import ImpactModel
import TestSupport
import Testing

/// Every reason code that normalization and the connectors write to `rejects.csv` is a case of the vocabulary
/// (``RejectReason``), so the report's catalogues have text for it (issue 18, item 3).
///
/// The reject sites still pass the code as a string (typing them is a mechanical follow-up once the concurrent
/// edits of `Normalization` and `Connectors` are merged), so this test reads the sources: every string literal of
/// the form `subject.problem` inside a `reject(…)`, `Reject(…)` or `.invalid(…)` call.
@Suite("Reject reasons: every code written is in the vocabulary")
struct RejectReasonVocabularyTests {
    /// The dotted code literals inside reject calls of the Swift files under `folder`, with the file they are in.
    static func codes(under folder: String) throws -> [(code: String, file: String)] {
        let root = SharedData.packageRoot.appendingPathComponent(folder)
        var out: [(String, String)] = []
        let files =
            FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        for url in files {
            let source = try String(contentsOf: url, encoding: .utf8)
            for call in source.ranges(of: /(?:reject|Reject|\.invalid)\(/) {
                // The arguments: up to the parenthesis that closes the call.
                var depth = 1
                var end = call.upperBound
                while end < source.endIndex, depth > 0 {
                    if source[end] == "(" { depth += 1 } else if source[end] == ")" { depth -= 1 }
                    end = source.index(after: end)
                }
                for m in source[call.upperBound..<end].matches(of: /"((?:\\\(kind\.code\)|[a-z_]+)(?:\.[a-z_]+)+)"/) {
                    let code = String(m.1)
                    // IdentifierRepair builds `\(kind.code).problem` for the KvK-nummer and the RSIN.
                    let expanded =
                        code.hasPrefix(#"\(kind.code)"#)
                        ? ["kvk", "rsin"].map { code.replacingOccurrences(of: #"\(kind.code)"#, with: $0) } : [code]
                    out += expanded.map { ($0, url.lastPathComponent) }
                }
            }
        }
        return out
    }

    @Test func everyRejectCodeInTheSourcesIsAReason() throws {
        let found = try Self.codes(under: "Sources/Normalization") + Self.codes(under: "Sources/Connectors")
        // The scan finds the reject sites at all: these codes are written in Connectors and Normalization today.
        for known in [
            "kvk.not_in_registry", "value.not_a_number", "duplicate.conflict", "period.unknown_code",
            "kvk.scientific_notation",
        ] {
            #expect(found.contains { $0.code == known }, "\(known) not found: the scan misses reject sites")
        }
        for (code, file) in found {
            #expect(
                RejectReason(rawValue: code) != nil,
                "\(file) rejects with \"\(code)\", which is not a RejectReason case")
        }
    }

    /// A reject's `reasonCase` is the vocabulary case of its code; a code from a newer version is `nil`.
    @Test func rejectReadsItsReason() {
        var r = Reject(
            sourceID: "impact-returns", sourceRowID: "0123456789ab:4", file: "returns.csv", line: 5,
            field: "kvk_nummer",
            value: "12345678", reason: "kvk.not_in_registry", message: "KvK-nummer 12345678 is not in the registry")
        #expect(r.reasonCase == .kvkNotInRegistry)
        #expect(r.csvFields[6] == "kvk.not_in_registry")
        r.reason = "kvk.something_new"
        #expect(r.reasonCase == nil)
        #expect(
            Reject.csvHeader == ["source_id", "source_row_id", "file", "line", "field", "value", "reason", "message"])
    }
}
