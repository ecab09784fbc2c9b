import Foundation
import ImpactModel
import TestSupport
import Testing

/// Every reason that normalization and the connectors write to `rejects.csv` is a case of the vocabulary
/// (``RejectReason``), so the report's catalogues have text for it (issue 18, item 3).
///
/// The reject sites pass a ``RejectReason`` (``Reject`` has an initialiser taking one; `IdentifierReading.invalid` and
/// `DecimalCell.invalid` carry one), so the compiler refuses a code outside the vocabulary. This test reads the
/// sources to keep it so: inside a `reject(…)`, `Reject(…)` or `.invalid(…)` call there is no string literal of the
/// form `subject.problem`, and the scan does see the vocabulary cases the sites name.
@Suite("Reject reasons: every code written is in the vocabulary")
struct RejectReasonVocabularyTests {
    /// What the reject calls of the Swift files under `folder` name: dotted string literals (`codes`, which should be
    /// none) and `.case` names of ``RejectReason`` (`cases`), each with the file it is in.
    static func scan(under folder: String) throws -> (codes: [(String, String)], cases: [(RejectReason, String)]) {
        let root = SharedData.packageRoot.appendingPathComponent(folder)
        let byName = Dictionary(uniqueKeysWithValues: RejectReason.allCases.map { (String(describing: $0), $0) })
        var codes: [(String, String)] = []
        var cases: [(RejectReason, String)] = []
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
                let arguments = source[call.upperBound..<end]
                for m in arguments.matches(of: /"([a-z_]+(?:\.[a-z_]+)+)"/) {
                    codes.append((String(m.1), url.lastPathComponent))
                }
                for m in arguments.matches(of: /[^A-Za-z0-9_)\]]\.([a-z][A-Za-z]+)\b/) {
                    if let c = byName[String(m.1)] { cases.append((c, url.lastPathComponent)) }
                }
            }
        }
        return (codes, cases)
    }

    @Test func everyRejectSiteNamesAVocabularyCase() throws {
        let normalization = try Self.scan(under: "Sources/Normalization")
        let connectors = try Self.scan(under: "Sources/Connectors")
        let cases = Set((normalization.cases + connectors.cases).map(\.0))
        // The scan finds the reject sites at all: these reasons are written in Connectors and Normalization today.
        for known: RejectReason in [
            .kvkNotInRegistry, .valueNotANumber, .duplicateConflict, .periodUnknownCode, .valueUnknownSymbol,
            .kvkInvalid,
        ] {
            #expect(cases.contains(known), "\(known.code) not found: the scan misses reject sites")
        }
        for (code, file) in normalization.codes + connectors.codes {
            #expect(Bool(false), "\(file) rejects with the string \"\(code)\"; pass the RejectReason case instead")
        }
    }

    /// The initialiser taking a ``RejectReason`` stores its code: `rejects.csv` reads as before.
    @Test func aRejectOfAVocabularyCaseStoresItsCode() {
        let r = Reject(
            sourceID: "impact-returns", sourceRowID: "0123456789ab:4", file: "returns.csv", line: 5,
            field: "kvk_nummer", value: "12345678", reason: .kvkScientificNotation, message: "digits lost")
        #expect(r.reason == "kvk.scientific_notation")
        #expect(r.csvFields[6] == "kvk.scientific_notation")
        #expect(r.reasonCase == .kvkScientificNotation)
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
