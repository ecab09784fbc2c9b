import Foundation

/// A private copy of the demo's `pipelines/` and `config/` in a temporary folder, so a test can edit the registry
/// or a CBS figure and run `impactmon` there without touching the checkout or other tests.
package struct DemoWorkspace: Sendable {
    package let root: URL

    package init(_ name: String) throws {
        root = try ImpactmonBinary.temporaryDirectory(name)
        let fm = FileManager.default
        for folder in ["pipelines", "config"] {
            try fm.copyItem(
                at: SharedData.packageRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
    }

    package var pipeline: String { root.appendingPathComponent("pipelines/haarlem-demo.yaml").path }
    package var output: URL { root.appendingPathComponent("output") }
    package func runDirectory(_ period: String = "2026Q3") -> URL {
        output.appendingPathComponent("haarlem-demo/\(period)")
    }

    /// Runs `impactmon <command> --pipeline … --output … <extra>` in the workspace.
    package func impactmon(
        _ command: String, _ extra: [String] = [], environment: [String: String]? = nil
    ) throws -> BinaryRun {
        try ImpactmonBinary.run(
            [command, "--pipeline", pipeline, "--output", output.path] + extra, in: root, environment: environment)
    }

    /// The bytes of a file below the run directory.
    package func read(_ relative: String, period: String = "2026Q3") throws -> Data {
        try Data(contentsOf: runDirectory(period).appendingPathComponent(relative))
    }

    /// Every regular file below `folder` with its bytes, keyed by relative path.
    package func snapshot(_ folder: String, period: String = "2026Q3") -> [String: Data] {
        let base = runDirectory(period).appendingPathComponent(folder)
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return out }
        for case let url as URL in e {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
                out[String(url.path.dropFirst(base.path.count + 1))] = try? Data(contentsOf: url)
            }
        }
        return out
    }
}
