import Foundation
import ImpactModel

/// The archive of published reports of one pipeline: `published/<pipeline>/` (issue 17 item 5).
///
/// ```
/// published/<pipeline>/
///   2026Q3/                    the report as published: a copy of output/<pipeline>/2026Q3/report/, read-only
///     SHA256SUMS               `<sha256>  <path>` for every other file of the folder (`sha256sum -c SHA256SUMS`)
///     publication.json         when, by which tool version, from which run (manifest sha256), and for a
///                              superseding publication the reason and the folder it replaced
///   2026Q3.superseded-1/       the publication it replaced, unchanged (its SHA256SUMS still checks)
///   publications.jsonl         one line per publication, oldest first (the register)
/// ```
///
/// Where: the pipeline file's `publish: {folder: …}` (relative to the pipeline file), else `published/` beside the
/// output root (`output/../published`). Not inside `output/`: that folder is generated scratch space (git-ignored,
/// safe to delete, `output/<name>/` is a pipeline's run folder, so a pipeline called `published` would collide), while
/// the archive is the record of what the municipality released and must outlive any cleanup of the outputs.
package struct PublishedArchive: Sendable {
    /// `published/<pipeline>/`.
    package let root: URL

    /// The archive of `definition`, for runs under `outputRoot`.
    package init(definition: PipelineDefinition, outputRoot: URL) {
        let base =
            definition.publishFolder
            ?? outputRoot.standardizedFileURL.deletingLastPathComponent().appendingPathComponent(
                "published", isDirectory: true)
        root = base.appendingPathComponent(definition.name, isDirectory: true)
    }

    /// The name of the checksum manifest in a published folder (GNU coreutils `sha256sum` format).
    package static let checksumsName = "SHA256SUMS"
    /// The name of the publication record in a published folder.
    package static let recordName = "publication.json"
    /// The register of every publication, one JSON object a line.
    package static let registerName = "publications.jsonl"

    /// `published/<pipeline>/<quarter>/`.
    package func folder(_ quarter: Quarter) -> URL {
        root.appendingPathComponent(quarter.description, isDirectory: true)
    }

    /// The quarters with a (current) publication, oldest first. Superseded folders (`2026Q3.superseded-1`) and
    /// staging folders are not publications.
    package func quarters() -> [Quarter] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.compactMap { name -> Quarter? in
            guard name.range(of: "^[0-9]{4}Q[1-4]$", options: .regularExpression) != nil,
                FileManager.default.fileExists(
                    atPath: root.appendingPathComponent(name).appendingPathComponent(Self.recordName).path)
            else { return nil }
            return try? Quarter(parsing: name)
        }.sorted()
    }

    /// The latest publication for a quarter up to `quarter` (that quarter's own when it was published).
    package func latest(atMost quarter: Quarter) -> Quarter? { quarters().last { $0 <= quarter } }

    /// The publication record of `quarter`, nil when it was not published.
    package func record(_ quarter: Quarter) -> PublicationRecord? {
        PublicationRecord.load(folder(quarter).appendingPathComponent(Self.recordName))
    }
}

/// `publication.json` of a published folder.
package struct PublicationRecord: Codable, Sendable, Equatable {
    /// The pipeline's name (`name:` of the pipeline file), also the archive's folder name.
    package var pipeline: String
    /// The published quarter in report form (`2026Q3`).
    package var period: String
    /// ISO 8601 with the UTC offset of the pipeline's time zone (`2026-12-04T17:05:00+01:00`).
    package var publishedAt: String
    /// ``ToolVersion/current`` of the `impactmon` that published.
    package var toolVersion: String
    /// SHA-256 of the run's `manifest.json` when published: the exact run the files came from.
    package var runManifestSHA256: String
    /// Number of files published (SHA256SUMS lines).
    package var files: Int
    /// Set when this publication superseded an earlier one: `--reason` as given.
    package var reason: String?
    /// The folder the superseded publication was moved to (`2026Q3.superseded-1`), its time and its SHA256SUMS hash.
    package var supersedes: Superseded?

    /// `supersedes` of `publication.json`: where the replaced publication now lives and how to check it is unchanged.
    package struct Superseded: Codable, Sendable, Equatable {
        /// The folder the replaced publication was moved to, relative to the archive (`2026Q3.superseded-1`).
        package var folder: String
        /// When the replaced publication was published (its own `published_at`, ISO 8601 with offset).
        package var publishedAt: String
        /// SHA-256 (hex) of the replaced folder's `SHA256SUMS`, so its contents can be checked after the move.
        package var checksumsSHA256: String
        enum CodingKeys: String, CodingKey {
            case folder
            case publishedAt = "published_at"
            case checksumsSHA256 = "checksums_sha256"
        }
    }

    enum CodingKeys: String, CodingKey {
        case pipeline, period, files, reason, supersedes
        case publishedAt = "published_at"
        case toolVersion = "tool_version"
        case runManifestSHA256 = "run_manifest_sha256"
    }

    /// The day of publication (`2026-12-04`), as the report names it.
    package var publishedOn: String { String(publishedAt.prefix(10)) }

    static func load(_ url: URL) -> PublicationRecord? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(PublicationRecord.self, from: data)
    }

    func encoded() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(self) + Data("\n".utf8)
    }
}
