import Foundation
import ImpactModel
import Testing

/// Real errors thrown by Foundation on this platform, described in our own words. On Linux every one of them has
/// the `localizedDescription` "The operation could not be completed. …", which names neither the cause nor a fix.
@Suite struct SystemErrorTextTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("syserr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent("a-file"))
    }

    /// Runs `body`, which must throw, and returns our sentence for its error.
    func described(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            let text = SystemErrorText.describe(error)
            #expect(!text.contains("could not be completed"))
            #expect(!text.contains("NSCocoaErrorDomain"))
            return text
        }
    }

    @Test func missingFile() {
        let missing = folder.appendingPathComponent("missing.csv")
        #expect(described { _ = try Data(contentsOf: missing) } == "it does not exist")
        #expect(described { _ = try String(contentsOf: missing, encoding: .utf8) } == "it does not exist")
        #expect(
            described { _ = try FileManager.default.contentsOfDirectory(atPath: missing.path) } == "it does not exist")
    }

    @Test func folderReadAsFile() {
        #expect(described { _ = try Data(contentsOf: folder) } == "it is a folder, not a file")
    }

    @Test func pathThroughAFile() {
        let under = folder.appendingPathComponent("a-file/sub")
        #expect(
            described { try FileManager.default.createDirectory(at: under, withIntermediateDirectories: true) }
                == "a part of the path is a file, not a folder")
        #expect(described { try Data().write(to: under) } == "a part of the path is a file, not a folder")
    }

    @Test func textInTheWrongEncoding() throws {
        let file = folder.appendingPathComponent("cp1252.csv")
        try Data([0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: file)  // "café" in Windows-1252: 0xE9 alone is not UTF-8
        #expect(
            described { _ = try String(contentsOf: file, encoding: .utf8) }
                == "its bytes are not valid in the expected encoding (UTF-8), or it is corrupt")
    }

    @Test func errnoWithoutAPhraseOfOurOwnFallsBackToTheCLibrary() {
        // ECONNREFUSED has no phrase of ours; strerror's text, lower-cased, with the number for a search engine.
        #expect(SystemErrorText.describe(errno: ECONNREFUSED) == "connection refused (errno \(ECONNREFUSED))")
        #expect(SystemErrorText.describe(POSIXError(.ENOSPC)) == "the disk is full")
    }

    @Test func decodingErrorsNameTheKeyPath() throws {
        struct Row: Decodable { let rows: [Int] }
        let text = described { _ = try JSONDecoder().decode(Row.self, from: Data(#"{"rows": [1, "two"]}"#.utf8)) }
        #expect(text == "rows[1]: expected Int")
    }

    @Test func ourOwnErrorsKeepTheirMessageAndGetAStableCode() {
        let error = ImpactError(.config, "pipelines/x.yaml line 3: unknown key", hint: "see docs/OPERATIONS.md")
        #expect(SystemErrorText.describe(error) == "pipelines/x.yaml line 3: unknown key")
        #expect(error.code == "config.invalid")
        let wrapped = ImpactError(unexpected: POSIXError(.EROFS), context: "cannot write output/run.json")
        #expect(wrapped.message == "cannot write output/run.json: the file system is read-only")
        #expect(wrapped.code == "internal.unexpected")
        #expect(wrapped.status == .failure)
    }
}
