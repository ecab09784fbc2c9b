import Foundation
import Pipeline
import Testing

/// `FileDigests.record`: the fetch stage hands over the digest its client computed while the body streamed in, so the
/// manifest does not read the body back to hash it a second time; a later write to the file is still noticed.
@Suite struct FileDigestsRecordTests {
    @Test func aRecordedDigestIsUsedUntilTheFileChanges() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("digests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("001-Observations.json")
        try writeAtomically(Data("abc".utf8), to: file)
        // SHA-256("abc"), FIPS 180-2 Appendix B.1.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        let digests = FileDigests()
        digests.record(file, sha256: abc)
        let first = try #require(digests.digest(file))
        #expect(first.sha256 == abc)
        #expect(first.bytes == 3)
        #expect(digests.hashed == 0)  // answered from the record: the file was not read
        #expect(digests.reused == 1)

        // A new write (new inode and time) is hashed again: SHA-256("abcd") from coreutils, `printf abcd | sha256sum`.
        try writeAtomically(Data("abcd".utf8), to: file)
        let second = try #require(digests.digest(file))
        #expect(second.sha256 == "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589")
        #expect(digests.hashed == 1)
    }
}
