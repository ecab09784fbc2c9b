import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Pipeline

/// `publish: {folder: …}` in the pipeline file (issue 17 item 5): checked strictly like every key, resolved against
/// the pipeline file; without it the archive is `published/` beside the output root.
@Suite("Where published reports go")
struct PublishConfigTests {
    private func pipeline(_ ws: DemoWorkspace, appending text: String) throws -> URL {
        let url = URL(fileURLWithPath: ws.pipeline)
        let original = try String(contentsOf: url, encoding: .utf8)
        try (original + text).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func theArchiveDefaultsToPublishedBesideTheOutputRoot() throws {
        let ws = try DemoWorkspace("publish-config-default")
        let definition = try PipelineDefinition.load(URL(fileURLWithPath: ws.pipeline))
        #expect(definition.publishFolder == nil)
        let archive = PublishedArchive(definition: definition, outputRoot: ws.root.appendingPathComponent("output"))
        #expect(archive.root.path == ws.root.appendingPathComponent("published/haarlem-demo").path)
        #expect(
            archive.folder(try Quarter(parsing: "2026Q3")).path
                == ws.root.appendingPathComponent("published/haarlem-demo/2026Q3").path)
        // An output root given with a trailing slash or `..` parts names the same archive.
        let odd = PublishedArchive(
            definition: definition, outputRoot: URL(fileURLWithPath: ws.root.path + "/x/../output/"))
        #expect(odd.root.standardizedFileURL.path == archive.root.path)
    }

    @Test func theFolderKeyIsRelativeToThePipelineFile() throws {
        let ws = try DemoWorkspace("publish-config-folder")
        let url = try pipeline(ws, appending: "publish:\n  folder: ../archief\n")
        #expect(ConfigCheck.problems(pipelineFile: url).isEmpty)
        let definition = try PipelineDefinition.load(url)
        // pipelines/haarlem-demo.yaml + ../archief = <workspace>/archief
        #expect(definition.publishFolder?.path == ws.root.appendingPathComponent("archief").path)
        let archive = PublishedArchive(definition: definition, outputRoot: ws.root.appendingPathComponent("output"))
        #expect(archive.root.path == ws.root.appendingPathComponent("archief/haarlem-demo").path)
    }

    @Test func aMisspeltOrMistypedPublishKeyIsAConfigError() throws {
        let ws = try DemoWorkspace("publish-config-bad")
        let url = URL(fileURLWithPath: ws.pipeline)
        let lines = try String(contentsOf: url, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        ).count
        _ = try pipeline(ws, appending: "publish:\n  foldr: ../archief\n")
        // The file ends with a newline, so it has `lines - 1` lines: `publish:` is line `lines`, `foldr:` the next.
        #expect(
            ConfigCheck.problems(pipelineFile: url).map(\.description).map {
                String($0.split(separator: "/").last ?? "")
            }
                == ["haarlem-demo.yaml:\(lines + 1):3: unknown key \"foldr\" in publish — did you mean \"folder\"?"])
        let ws2 = try DemoWorkspace("publish-config-type")
        let url2 = try pipeline(ws2, appending: "publish:\n  folder: [a, b]\n")
        #expect(
            ConfigCheck.problems(pipelineFile: url2).map(\.message) == [
                "publish.folder: expected a string, found a list"
            ])
        #expect(throws: ImpactError.self) { try PipelineDefinition.load(url2) }
    }
}
