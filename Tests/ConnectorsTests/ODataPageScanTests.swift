import Connectors
import Foundation
import JSONCodec
import TestSupport
import Testing

/// `ODataPageScan` (the fetch half's streaming page scan) against the tree path (`JSONParser` then
/// `ODataPageSummary(tree:)`): the same rows, continuation link and declared count for every valid page, and the same
/// refusal (byte offset and expectation) for every malformed one.
@Suite("OData page scan equals the tree path")
struct ODataPageScanTests {
    /// The outcome of one reader as comparable text: the summary, or the syntax error's offset and expectation.
    private static func viaScan(_ data: Data) -> String {
        do { return "ok \(try ODataPageScan.scan(data))" } catch { return "error \(error.offset): \(error.expected)" }
    }

    private static func viaTree(_ data: Data) -> String {
        do {
            return "ok \(ODataPageSummary(tree: try JSONParser.parse(data)))"
        } catch {
            return "error \(error.offset): \(error.expected)"
        }
    }

    /// Every CBS JSON file of `../shared/data/real` (the fuzz seeds, with the demo snapshots below).
    private static func realFiles() throws -> [URL] {
        let root = SharedData.realDirectory
        let dirs = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix("cbs-") }
        var out: [URL] = []
        for dir in dirs {
            let e = FileManager.default.enumerator(
                at: root.appendingPathComponent(dir), includingPropertiesForKeys: nil)
            while let url = e?.nextObject() as? URL {
                if url.pathExtension == "json" { out.append(url) }
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// The demo's recorded CBS snapshots (`pipelines/haarlem-demo/cbs/<table>/*.json`), the rest of the fuzz seeds.
    private static func demoFiles() throws -> [URL] {
        let root = SharedData.packageRoot.appendingPathComponent("pipelines/haarlem-demo/cbs")
        var out: [URL] = []
        for table in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] {
            let dir = root.appendingPathComponent(table)
            for f in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where f.hasSuffix(".json") {
                out.append(dir.appendingPathComponent(f))
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    @Test(.enabled(if: SharedData.shouldRun))
    func everyRealCBSFileAndDemoSnapshotScansAsTheTreeReadsIt() throws {
        let files = try Self.realFiles() + Self.demoFiles()
        #expect(files.count >= 60)  // 40+ real CBS files and 20+ demo snapshot files when this was written
        var pagesWithRows = 0
        for url in files {
            let data = try Data(contentsOf: url)
            let scan = Self.viaScan(data)
            #expect(scan == Self.viaTree(data), "\(url.path)")
            if let s = try? ODataPageScan.scan(data), s.rows != nil { pagesWithRows += 1 }
        }
        #expect(pagesWithRows >= 40)
    }

    /// The real v3 page of 10,000 rows with a continuation link (PROVENANCE.md: `tables_2.json`, 83599NED page 1) and
    /// its last page of 5,504 rows without one; the counts are those PROVENANCE.md records for the capture.
    @Test(.enabled(if: SharedData.shouldRun))
    func theRealV3PagesGiveTheirRowsAndLink() throws {
        let first = try ODataPageScan.scan(try SharedData.data("cbs-v3-cbsodata3jl/tables_2.json"))
        #expect(first.rows == 10_000)
        #expect(
            first.nextLink
                == "https://opendata.cbs.nl/ODataFeed/OData/83599NED/UntypedDataSet/?$format=json&$skip=10000")
        #expect(first.declaredCount == nil)
        let last = try ODataPageScan.scan(try SharedData.data("cbs-v3-cbsodata3jl/tables_3.json"))
        #expect(last.rows == 5_504)
        #expect(last.nextLink == nil)
    }

    /// Truncations (every length near the end, and evenly spaced ones) and single-byte corruptions of the real files:
    /// each gives the scan the same answer as the tree, error offset included.
    @Test(.enabled(if: SharedData.shouldRun))
    func truncatedAndCorruptedCopiesAreRefusedAtTheSameByte() throws {
        let picks = [
            "cbs-v3-cbsodata3jl/tables_2.json", "cbs-v4-checkdecijfers/37789ksz/codes-Perioden.json",
            "cbs-v4-70072ned-excerpt/observations-excerpt.json", "cbs-v4-checkdecijfers/80590ned/dimensions.json",
        ]
        let replacements: [UInt8] = Array("\"\\,:{}[]x0-. e".utf8) + [0x00, 0x1F, 0xFF]
        var compared = 0
        for path in picks {
            let data = try SharedData.data(path)
            var lengths = Set((max(0, data.count - 80)...data.count).map { $0 })
            for k in stride(from: 0, to: data.count, by: max(1, data.count / 150)) { lengths.insert(k) }
            for n in lengths.sorted() {
                let cut = data.prefix(n)
                #expect(Self.viaScan(cut) == Self.viaTree(cut), "\(path) cut at \(n)")
                compared += 1
            }
            // A deterministic spread of offsets, each byte replaced by each replacement.
            var offset = 7
            while offset < data.count {
                for r in replacements {
                    var copy = data
                    copy[copy.startIndex + offset] = r
                    #expect(Self.viaScan(copy) == Self.viaTree(copy), "\(path) byte \(offset) = \(r)")
                    compared += 1
                }
                offset += max(1, data.count / 60) + 13
            }
        }
        #expect(compared > 1_000)
    }

    /// Hand-made pages whose summaries are known without either reader (values in the comments), each also
    /// compared with the tree.
    @Test func membersAreReadAsTheTreeReadsThem() throws {
        let cases: [(String, ODataPageSummary)] = [
            // Duplicated members: the last one counts (a dictionary keeps the last), here 3 rows and link "b".
            (
                #"{"value":[1],"@odata.nextLink":"a","value":[1,2,3],"@odata.nextLink":"b"}"#,
                ODataPageSummary(isObject: true, rows: 3, nextLink: "b", declaredCount: nil)
            ),
            // Escaped member name and link: "val\u0075e" is "value", "\/" is "/".
            (
                #"{"val\u0075e":[{"a":{"b":[]}},null],"odata.nextLink":"http:\/\/x\/T?$skip=2"}"#,
                ODataPageSummary(isObject: true, rows: 2, nextLink: "http://x/T?$skip=2", declaredCount: nil)
            ),
            // An empty v4 link does not count; the v3 one does. A count as a string with spaces: 12.
            (
                #"{"@odata.nextLink":"","odata.nextLink":"next","odata.count":" 12 ","value":[]}"#,
                ODataPageSummary(isObject: true, rows: 0, nextLink: "next", declaredCount: 12)
            ),
            // v4 count wins over v3; 40.0 is the integer 40. A link that is not a string is no link.
            (
                #"{"odata.count":7,"@odata.count":40.0,"@odata.nextLink":5,"value":[]}"#,
                ODataPageSummary(isObject: true, rows: 0, nextLink: nil, declaredCount: 40)
            ),
            // A count of 1e15 is not taken as an integer (JSONValue.int: below 1e15 only); the v3 one (3) is.
            (
                #"{"@odata.count":1e15,"odata.count":3,"value":{}}"#,
                ODataPageSummary(isObject: true, rows: nil, nextLink: nil, declaredCount: 3)
            ),
            ("\u{FEFF} [1,2] ", ODataPageSummary(isObject: false, rows: nil, nextLink: nil, declaredCount: nil)),
            ("{}", ODataPageSummary(isObject: true, rows: nil, nextLink: nil, declaredCount: nil)),
        ]
        for (text, expected) in cases {
            let data = Data(text.utf8)
            #expect(try ODataPageScan.scan(data) == expected, "\(text)")
            #expect(ODataPageSummary(tree: try JSONParser.parse(data)) == expected, "\(text)")
        }
    }

    /// Malformed documents: the offsets are counted by hand (0-based) in the comments, and agree with the tree's.
    @Test func malformedPagesNameTheByte() {
        let cases: [(String, Int, String)] = [
            (#"{"value":[1,2"#, 13, "',' or ']'"),  // 13 bytes, cut after "2"
            (#"{"value":[1,}"#, 12, "a value"),  // '}' at 12
            (#"{"value":[],}"#, 12, "a member name"),  // '}' at 12 where a name must follow ','
            (#"{"value":["a\qb"]}"#, 13, "a valid escape"),  // '\' at 12, 'q' at 13
            (#"{"value":[01]}"#, 11, "',' or ']'"),  // no leading zeros: "0" ends at 11
            (#"{"value":[tru]}"#, 13, "true"),  // ']' at 13 where 'e' must be
            (#"{"value":[1.]}"#, 12, "a digit after '.'"),
            (#"{"odata.nextLink":"x\ud800\u0041"}"#, 26, "a low surrogate"),  // the second \u starts at 26
            (#"{"value":[]} x"#, 13, "end of document"),
            ("{\"value\":[\"a\u{1}\"]}", 12, "no control character in a string"),
            (String(repeating: "[", count: 513), 512, "nesting under 512"),
        ]
        for (text, offset, expected) in cases {
            let data = Data(text.utf8)
            do {
                _ = try ODataPageScan.scan(data)
                Issue.record("the scan accepted \(text)")
            } catch {
                #expect(error.offset == offset, "\(text)")
                #expect(error.expected == expected, "\(text)")
            }
            #expect(Self.viaScan(data) == Self.viaTree(data), "\(text)")
        }
    }
}
