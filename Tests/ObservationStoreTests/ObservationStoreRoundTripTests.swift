import Foundation
import ImpactModel
import ObservationStore
import TestSupport
import Testing

/// Issue 19 item 1: the binary observation store gives back exactly the observations written to it, and refuses a
/// truncated or altered file with an error naming the file.
@Suite("Observation store: round trip and damaged files")
struct ObservationStoreRoundTripTests {
    /// Observations with what the CSV carried: empty and non-ASCII strings, a comma and a quote and a line break in
    /// a label, missing values with each attribute, fractions that have no short decimal, large and small
    /// magnitudes, a value written as -0.0 (read back as 0, as the CSV's "0" was).
    static func sample(_ n: Int, source: String = "impact-returns") throws -> [Observation] {
        let statuses = ValueStatus.allCases
        let attributes = ValueAttribute.allCases
        return try (0..<n).map { i in
            let missing = i % 7 == 3
            let value: Double? =
                missing ? nil : [1.0 / 3.0, 12.0, 1e-7, 4.5e15, -2.25, 0.1 + 0.2][i % 6] * Double(i + 1)
            return Observation(
                sourceID: source, dataset: "returns-2026Q\(i % 4 + 1).csv",
                measure: ["employees_headcount", "fte", "revenue_eur"][i % 3],
                measureLabel: i % 5 == 0 ? "Omzet, \"netto\"\nin € (×1000)" : "Werkzame personen",
                unit: i % 2 == 0 ? "persons" : "EUR",
                regio: i % 4 == 0 ? "" : "GM0392", kvkNumber: String(format: "%08d", 10_000_000 + i % 11),
                periodCode: "2026KW0\(i % 4 + 1)",
                periodStart: try CivilDate(year: 2026, month: 3 * (i % 4) + 1, day: 1),
                periodEnd: try CivilDate(
                    year: 2026 + (i % 4 == 3 ? 1 : 0), month: i % 4 == 3 ? 1 : 3 * (i % 4) + 4, day: 1),
                value: value, valueStatus: statuses[i % statuses.count],
                valueAttribute: missing ? attributes[1 + i % (attributes.count - 1)] : .none,
                sourceRowID: "0123456789ab:\(i / 3 + 1)", dimensions: i % 9 == 0 ? "beinvloedbaar=ja;type=werk" : "")
        }
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("obs-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `batches` as segments of one file and returns its URL.
    static func write(_ batches: [[Observation]], in folder: URL, code: String = "GM0392") throws -> URL {
        let url = ObservationStore.file(code, in: folder)
        var writer = try ObservationStore.Writer(url: url)
        for b in batches { try writer.append(b) }
        try writer.finish()
        return url
    }

    @Test func readsBackExactlyWhatWasWrittenAcrossSegments() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try Self.sample(200)
        let b = try Self.sample(37, source: "procurement")
        let url = try Self.write([a, b, []], in: dir)
        let back = try ObservationStore.read(url)
        #expect(back.count == 237)
        // Observation is Equatable over every field: strings, dates, the Double bits, status, attribute.
        #expect(back == a + b)
        // The values are the very Doubles written (1/3 × 1 has no exact short decimal), not rounded by text.
        #expect(back[0].value == 1.0 / 3.0)
        #expect(back[3].value == nil && back[3].valueAttribute != .none)
        #expect(ObservationStore.partitions(in: dir) == ["GM0392"])
    }

    @Test func negativeZeroIsWrittenAsZeroAsTheCSVDid() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var o = try Self.sample(1)[0]
        o.value = -0.0
        let back = try ObservationStore.read(try Self.write([[o]], in: dir))
        #expect(back[0].value == 0 && back[0].value?.sign == .plus)
    }

    @Test func aFileIsOnlyThereUnderItsNameOnceFinished() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = ObservationStore.file("GM0363", in: dir)
        var writer = try ObservationStore.Writer(url: url)
        try writer.append(try Self.sample(10))
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(FileManager.default.fileExists(atPath: url.path + ".partial"))
        #expect(ObservationStore.partitions(in: dir).isEmpty)
        try writer.finish()
        #expect(FileManager.default.fileExists(atPath: url.path))
        #expect(!FileManager.default.fileExists(atPath: url.path + ".partial"))
    }

    /// Every truncation of a file (each length from 0 to its size − 1) is refused with the file named.
    @Test func everyTruncationIsRefusedNamingTheFile() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Self.write([try Self.sample(5), try Self.sample(3)], in: dir)
        let full = try Data(contentsOf: url)
        let cut = dir.appendingPathComponent("cut.imobs")
        for length in 0..<full.count {
            try full.prefix(length).write(to: cut)
            do {
                _ = try ObservationStore.read(cut)
                Issue.record("a file cut to \(length) of \(full.count) bytes was read")
            } catch {
                #expect(error.status == .dataInvalid, "\(length): \(error.message)")
                #expect(error.message.hasPrefix(cut.path + ": "), "\(length): \(error.message)")
                #expect(error.message.contains("rerun impactmon normalize"), "\(length): \(error.message)")
            }
        }
    }

    /// A changed byte anywhere after the header is found: by a segment's checksum, the trailer's, or the layout.
    @Test func everyAlteredByteIsRefusedNamingTheFile() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Self.write([try Self.sample(4), try Self.sample(2)], in: dir)
        let full = try Data(contentsOf: url)
        let bad = dir.appendingPathComponent("bad.imobs")
        for i in 0..<full.count where !(12..<16).contains(i) {  // bytes 12–15 are reserved
            var d = full
            d[i] ^= 0x20
            try d.write(to: bad)
            do {
                _ = try ObservationStore.read(bad)
                Issue.record("a file with byte \(i) of \(full.count) changed was read")
            } catch {
                #expect(error.message.hasPrefix(bad.path + ": "), "\(i): \(error.message)")
            }
        }
    }

    @Test func namesWhatIsWrong() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Self.write([try Self.sample(6)], in: dir)
        let full = try Data(contentsOf: url)
        func message(_ d: Data) throws -> String {
            let f = dir.appendingPathComponent("x.imobs")
            try d.write(to: f)
            do {
                _ = try ObservationStore.read(f)
                return ""
            } catch { return error.message }
        }
        // A CSV where the store is expected.
        #expect(try message(Data("source_id,dataset\n".utf8)).contains("not an ImpactMonitor observation store"))
        // Another format version (byte 8 is the version's low byte).
        var v2 = full
        v2[8] = 2
        #expect(try message(v2).contains("format version 2; this impactmon reads version 1"))
        // A payload byte changed: the segment's checksum (segment header 24 bytes after the 16-byte header).
        var flipped = full
        flipped[16 + 24 + 10] ^= 1
        #expect(try message(flipped).contains("segment 1 (bytes 40–"))
        #expect(try message(flipped).contains("fails its checksum"))
        // Cut inside the trailer, and with no trailer at all.
        #expect(try message(full.prefix(full.count - 3)).contains("truncated"))
        #expect(try message(full.prefix(full.count - 24)).contains("the trailer is missing after 1 segment(s)"))
        // A missing file is a read failure naming it.
        do {
            _ = try ObservationStore.read(dir.appendingPathComponent("GM9999.imobs"))
            Issue.record("a missing file was read")
        } catch {
            #expect(error.status == .failure && error.message.contains("GM9999.imobs"))
        }
    }
}
