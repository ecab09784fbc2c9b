import Foundation

/// Locates the project's checkout and `../shared/data/real` (the real CBS and KvK responses, see its
/// PROVENANCE.md) for tests.
///
/// Outside CI a missing `../shared` lets tests skip; with `CI` set they must fail, so a CI run never passes
/// by skipping the real-data tests.
package enum SharedData {
    /// The package root (the folder holding `Package.swift`), found from this source file's path.
    package static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `IMPACTMON_SHARED_DATA` if set, else `<packageRoot>/../shared/data/real`.
    package static var realDirectory: URL {
        if let env = ProcessInfo.processInfo.environment["IMPACTMON_SHARED_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/real")
    }

    /// Whether the real data is present.
    package static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: realDirectory.appendingPathComponent("PROVENANCE.md").path)
    }

    /// Whether tests run under CI (`CI` set and not `false`/`0`), where missing data is a failure.
    package static var isCI: Bool {
        let v = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !v.isEmpty && v != "false" && v != "0"
    }

    /// Tests that need the real data use `.enabled(if: SharedData.shouldRun)`: they run when the data is there,
    /// and under CI they run anyway (and fail loudly on the missing file).
    package static var shouldRun: Bool { isAvailable || isCI }

    /// The URL of a real file, e.g. `url("cbs-v3-cbsodata3jl/tables_2.json")`.
    package static func url(_ relativePath: String) -> URL {
        realDirectory.appendingPathComponent(relativePath)
    }

    /// The bytes of a real file.
    /// - Throws: when the file is missing, with a message that names the path and the `CI` rule.
    package static func data(_ relativePath: String) throws -> Data {
        let u = url(relativePath)
        guard FileManager.default.fileExists(atPath: u.path) else {
            throw SharedDataMissing(path: u.path)
        }
        return try Data(contentsOf: u)
    }
}

package struct SharedDataMissing: Error, CustomStringConvertible {
    package let path: String
    package var description: String {
        "real test data not found at \(path); the tests read ../shared/data/real (set IMPACTMON_SHARED_DATA to move it)"
    }
}
