import Fetching
import Foundation
import Testing

/// The response store's entries are lines of append-only logs, one log per store that writes (issue 19 item 4: a
/// file per entry was one more inode per response). These tests pin what a reader of the store relies on.
@Suite struct ResponseStoreEntryLogTests {
    static func entry(_ body: Data, url: String = "https://x.test/a", etag: String? = nil)
        -> ResponseStore.StoredResponse
    {
        ResponseStore.StoredResponse(
            url: url, effectiveURL: url, status: 200, headers: ["content-type": "text/plain"], etag: etag,
            lastModified: nil, sha256: ResponseStore.sha256Hex(body), bytes: body.count,
            retrievedAt: "2026-12-05T05:00:00Z")
    }

    static func logs(_ output: URL) throws -> [URL] {
        let folder = output.appendingPathComponent(".cache/entries")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "jsonl" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// One log per store, one line per save; another store (the next run) sees the newest entry of each key, also
    /// when it was written by a later log.
    @Test func theNewestEntryOfAKeyWinsAcrossLogs() throws {
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let v1 = Data("version 1".utf8)
        let v2 = Data("version 2".utf8)
        let first = ResponseStore(outputDirectory: output)
        try first.save("k", entry: Self.entry(v1, etag: "\"1\""), body: v1)
        try first.save("other", entry: Self.entry(v1, url: "https://x.test/b"), body: v1)
        #expect(try Self.logs(output).count == 1)
        // The store that wrote sees its own saves.
        #expect(try first.lookupEntry("k")?.etag == "\"1\"")
        Thread.sleep(forTimeInterval: 1.1)  // log names carry their creation second
        let second = ResponseStore(outputDirectory: output)
        try second.save("k", entry: Self.entry(v2, etag: "\"2\""), body: v2)
        #expect(try Self.logs(output).count == 2)
        let reader = ResponseStore(outputDirectory: output)
        #expect(try reader.lookupEntry("k")?.etag == "\"2\"")
        #expect(try reader.lookup("k")?.1 == v2)
        #expect(try reader.lookup("other")?.1 == v1)
        #expect(reader.size().entries == 2)
        #expect(reader.size().bodies == 2)
    }

    /// A line cut short by a crash (no newline) is not an entry; the complete lines before it are.
    @Test func aTornLastLineIsSkipped() throws {
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let body = Data("body".utf8)
        try ResponseStore(outputDirectory: output).save("k", entry: Self.entry(body), body: body)
        let log = try #require(try Self.logs(output).first)
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"entry\":{\"url\":\"https://x.test/torn\"".utf8))
        try handle.close()
        let reader = ResponseStore(outputDirectory: output)
        #expect(try reader.lookup("k")?.1 == body)
        #expect(reader.size().entries == 1)
    }

    /// An entry file of the layout before the logs (`entries/<key>.json`) is still read, and a log entry of the same
    /// key overrides it.
    @Test func anEntryFileOfTheEarlierLayoutIsRead() throws {
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let old = Data("old layout".utf8)
        let store = ResponseStore(outputDirectory: output)
        try store.save("seed", entry: Self.entry(old), body: old)  // creates the folders and the body file
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(Self.entry(old, etag: "\"legacy\"")).write(
            to: output.appendingPathComponent(".cache/entries/legacy.json"))
        #expect(try ResponseStore(outputDirectory: output).lookupEntry("legacy")?.etag == "\"legacy\"")
        let new = Data("new layout".utf8)
        try ResponseStore(outputDirectory: output).save("legacy", entry: Self.entry(new, etag: "\"log\""), body: new)
        #expect(try ResponseStore(outputDirectory: output).lookupEntry("legacy")?.etag == "\"log\"")
    }

    /// Pruning compacts the logs old enough into one and drops the entries of bodies no kept run references; a log
    /// younger than the minimum age is left alone, and the pruning store's next save starts a new log.
    @Test func pruneCompactsOldLogsAndLeavesYoungOnes() throws {
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = ResponseStore(outputDirectory: output)
        let bodies = (0..<4).map { Data("body \($0)".utf8) }
        for (i, b) in bodies.enumerated() { try store.save("k\(i)", entry: Self.entry(b), body: b) }
        let oldLog = try #require(try Self.logs(output).first)
        // Make the first log and the bodies two hours old.
        let past = Date().addingTimeInterval(-7200)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: oldLog.path)
        for b in bodies {
            let file = output.appendingPathComponent(".cache/bodies/\(ResponseStore.sha256Hex(b))")
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: file.path)
        }
        Thread.sleep(forTimeInterval: 1.1)
        let young = Data("young".utf8)
        try ResponseStore(outputDirectory: output).save("young", entry: Self.entry(young), body: young)
        let keep = Set(bodies.suffix(2).map(ResponseStore.sha256Hex))
        // k0 and k1 with their bodies go (4); k2, k3 are compacted; the young log and its body stay.
        #expect(try store.prune(keeping: keep, minimumAge: .seconds(3600)) == 4)
        let logs = try Self.logs(output)
        #expect(logs.count == 2)
        #expect(!logs.contains(oldLog))
        #expect(logs.contains { $0.lastPathComponent.contains("-compacted-") })
        let reader = ResponseStore(outputDirectory: output)
        #expect(try reader.lookup("k0") == nil)
        #expect(try reader.lookup("k2")?.1 == bodies[2])
        #expect(try reader.lookup("young")?.1 == young)
        #expect(reader.size().entries == 3)
        // The store whose log was compacted away writes its next entry to a new log, which the next run reads.
        let late = Data("late".utf8)
        try store.save("late", entry: Self.entry(late), body: late)
        #expect(try ResponseStore(outputDirectory: output).lookup("late")?.1 == late)
    }
}
