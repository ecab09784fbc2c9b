import Foundation
import TestSupport
import Testing

/// The command line's contract that does not need data: exit codes for bad usage and bad configuration.
@Suite("impactmon command line")
struct CommandLineTests {
    @Test func helpDocumentsTheExitCodes() throws {
        let r = try ImpactmonBinary.run(["--help"])
        #expect(r.status == 0)
        for code in ["64", "65", "69", "75", "78"] { #expect(r.stdout.contains(code)) }
    }

    @Test func anImpossiblePeriodIsAUsageError() throws {
        let out = try ImpactmonBinary.temporaryDirectory("usage")
        let r = try ImpactmonBinary.run(["report", "--period", "2026Q5", "--output", out.path])
        #expect(r.status == 64)
        #expect(r.stderr.contains("2026Q5"))
    }

    @Test func aMissingPipelineFileIsAConfigurationError() throws {
        let out = try ImpactmonBinary.temporaryDirectory("config")
        let r = try ImpactmonBinary.run(["run", "--pipeline", "pipelines/does-not-exist.yaml", "--output", out.path])
        #expect(r.status == 78)
        #expect(r.stderr.contains("does-not-exist.yaml"))
    }

    /// A file system error reaches the operator in our words with a stable code, never as Foundation's
    /// "The operation could not be completed. (NSCocoaErrorDomain error 256.)".
    @Test func aPipelinePathThatIsAFolderIsNamedInPlainWords() throws {
        let dir = try ImpactmonBinary.temporaryDirectory("folder")
        let folder = dir.appendingPathComponent("haarlem.yaml")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = try ImpactmonBinary.run(["run", "--pipeline", folder.path, "--output", dir.path])
        #expect(text.status == 78)
        #expect(
            text.stderr == "impactmon: error: pipeline file \(folder.path) cannot be read: it is a folder, not a file\n"
        )
        let json = try ImpactmonBinary.run([
            "run", "--pipeline", folder.path, "--output", dir.path, "--log-format", "json",
        ])
        #expect(json.status == 78)
        let line = try JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any]
        let fields = line?["fields"] as? [String: String]
        #expect(fields?["error_code"] == "config.invalid")
        #expect(fields?["exit_status"] == "78")
        #expect(!json.stderr.contains("could not be completed"))
    }

    @Test func anUnknownConnectorIsAConfigurationError() throws {
        let dir = try ImpactmonBinary.temporaryDirectory("connector")
        let file = dir.appendingPathComponent("bad.yaml")
        try """
        version: 1
        name: bad
        municipality: {code: GM0392, name: Haarlem}
        registry: registry.csv
        metrics: metrics.yaml
        themes: themes.yaml
        sources:
          - {id: x, connector: ftp, url: x.csv}
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try ImpactmonBinary.run(["run", "--pipeline", file.path, "--output", dir.path])
        #expect(r.status == 78)
        #expect(r.stderr.contains("connector \"ftp\" is unknown"))
    }
}
