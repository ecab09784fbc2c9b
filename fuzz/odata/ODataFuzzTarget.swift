import Foundation

// libFuzzer entry point for the CBS OData readers (fuzz/run-odata.sh builds this file together with the
// Connectors sources it exercises). Every input goes to three readers:
//   1. `JSONParser.parse` (RFC 8259 byte scanner), compared with `ODataPageScan.scan` (the fetch half's page scan
//      without a tree: the same summary or the same error offset, else the target crashes),
//   2. `CBSODataV4Connector.parse` with the input as the only `Observations` page (of a filtered request, so the
//      page's own `@odata.count` is the one checked) and the fixed metadata of the
//      demo snapshot 37789ksz (Properties, Dimensions, MeasureCodes, PeriodenCodes),
//   3. `CBSODataV3Connector.parse` with the input as the only `UntypedDataSet` (or, for odd-length inputs,
//      `TypedDataSet`) page and the fixed metadata of the demo snapshot 83599NED (TableInfos, DataProperties,
//      code lists).
// A thrown error is a correct answer to a bad page; a crash, a sanitizer report or a timeout is a defect.

/// The metadata bodies, read once from the snapshot folders named by `ODATA_FUZZ_V4` and `ODATA_FUZZ_V3`.
private struct Fixtures {
    var v4: [StoredBody] = []
    var v3: [StoredBody] = []

    static let v4Base = "http://127.0.0.1/odata/v1/CBS/37789ksz"
    static let v3Base = "http://127.0.0.1/ODataFeed/odata/83599NED"

    static func load() -> Fixtures {
        let env = ProcessInfo.processInfo.environment
        var f = Fixtures()
        func bodies(_ folder: String?, base: String, _ entities: [String]) -> [StoredBody] {
            guard let folder else {
                fatalError("set ODATA_FUZZ_V4 and ODATA_FUZZ_V3 to snapshot folders (fuzz/run-odata.sh does)")
            }
            return entities.enumerated().map { i, entity in
                let url = URL(fileURLWithPath: folder).appendingPathComponent(entity + ".json")
                guard let data = try? Data(contentsOf: url) else { fatalError("cannot read \(url.path)") }
                return StoredBody(
                    fileName: StoredBody.fileName(index: i + 1, entity: entity), url: base + "/" + entity, data: data,
                    mediaType: "application/json")
            }
        }
        f.v4 = bodies(
            env["ODATA_FUZZ_V4"], base: v4Base, ["Properties", "Dimensions", "MeasureCodes", "PeriodenCodes"])
        f.v3 = bodies(
            env["ODATA_FUZZ_V3"], base: v3Base,
            ["TableInfos", "DataProperties", "BedrijfstakkenBranchesSBI2008", "Perioden", "RegioS"])
        return f
    }
}

nonisolated(unsafe) private var fixtures = Fixtures()

private let v4 = CBSODataV4Connector(
    sourceID: "fuzz-v4", table: "37789ksz", baseURL: Fixtures.v4Base,
    selection: CBSSelection(measures: ["D000203_2", "90210"], regions: [], periodFrom: 2019, dimensions: [:]))
private let v3Untyped = CBSODataV3Connector(
    sourceID: "fuzz-v3", table: "83599NED", baseURL: Fixtures.v3Base,
    selection: CBSSelection(
        measures: ["OpenstaandeVacatures_1"], regions: ["NL01", "PV27"], periodFrom: nil, dimensions: [:]))
private let v3Typed = CBSODataV3Connector(
    sourceID: "fuzz-v3t", table: "83599NED", baseURL: Fixtures.v3Base, selection: CBSSelection(), dataSet: .typed)

@_cdecl("LLVMFuzzerInitialize")
public func odataFuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    // FIPS 180-2 Appendix B.1 test vector, so the SHA-256 stand-in is known to be SHA-256.
    let abc = SHA256.hash(data: Data("abc".utf8)).map { String(format: "%02x", $0) }.joined()
    guard abc == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" else {
        fatalError("SHA256Shim.swift is wrong: sha256(\"abc\") = \(abc)")
    }
    fixtures = Fixtures.load()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func odataFuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    // The fetch half's streaming page scan must read every input as the tree does: the same summary, or the same
    // error at the same byte (a difference is a defect, reported as a crash).
    let tree: String
    do { tree = "ok \(ODataPageSummary(tree: try JSONParser.parse(data)))" } catch { tree = "error \(error)" }
    let scan: String
    do { scan = "ok \(try ODataPageScan.scan(data))" } catch { scan = "error \(error)" }
    if tree != scan { fatalError("ODataPageScan differs from JSONParser: tree \(tree), scan \(scan)") }
    let page = StoredBody(
        fileName: StoredBody.fileName(index: fixtures.v4.count + 1, entity: "Observations"),
        url: Fixtures.v4Base + "/Observations?$count=true&$filter=Measure%20eq%20%27D000203_2%27", data: data, mediaType: "application/json")
    _ = try? v4.parse(fixtures.v4 + [page])
    let v3 = count % 2 == 0 ? v3Untyped : v3Typed
    let entity = v3.dataSet.rawValue
    let v3Page = StoredBody(
        fileName: StoredBody.fileName(index: fixtures.v3.count + 1, entity: entity),
        url: Fixtures.v3Base + "/" + entity + "?$format=json&$filter=startswith(RegioS,%27NL01%27)", data: data, mediaType: "application/json")
    _ = try? v3.parse(fixtures.v3 + [v3Page])
    return 0
}
