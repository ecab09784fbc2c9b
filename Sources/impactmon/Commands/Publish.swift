import ArgumentParser
import Foundation
import ImpactModel
import Pipeline

extension ImpactMon {
    /// `impactmon publish --period Q [--supersede --reason "…"]` (docs/OPERATIONS.md, "Publishing a report").
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Copies the finished report of a quarter into the published archive (read-only, with SHA256SUMS).",
            discussion: """
                The archive is published/<pipeline>/<quarter>/ beside the output root, or the pipeline file's \
                `publish: {folder: …}`. Publishes nothing and exits 5 when report/ holds enterprise-level content \
                (a KvK-nummer of the registry, a row of level enterprise, an internal/ folder) or fails the \
                disclosure check; 4 when the quarter's last run failed or a stage is not up to date; 73 when the \
                quarter is already published (--supersede --reason "…" replaces it and keeps the old one).
                """)

        @OptionGroup var global: GlobalOptions

        @Flag(
            name: .long,
            help: "Replace an existing publication of the quarter (kept as <quarter>.superseded-<n>/). Needs --reason.")
        var supersede = false

        @Option(
            name: .long,
            help:
                "Why the publication is superseded; recorded with the date in publication.json and publications.jsonl.")
        var reason: String?

        func run() async throws {
            let logger = makeLogger(global)
            try await reportingErrors(global) {
                let definition = try global.loadPipeline()
                try ConfigCheck.require(definition)
                let period = try definition.resolvePeriod(global.period)
                let publisher = Publisher(
                    definition: definition, outputRoot: global.outputURL, lockPolicy: global.lockPolicy,
                    command: CommandLine.arguments.joined(separator: " "), logger: logger)
                let outcome = try publisher.publish(period: period, supersede: supersede, reason: reason)
                let folder = relativePath(
                    outcome.folder, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                let what =
                    !outcome.published
                    ? "unchanged (identical to the publication of \(outcome.record.publishedAt))"
                    : outcome.record.supersedes.map {
                        "published, superseding the publication of \($0.publishedAt) (kept as \($0.folder))"
                    }
                        ?? "published"
                switch global.logFormat {
                case .text:
                    print(
                        Secrets.mask(
                            "impactmon: \(definition.name) \(period): \(what), \(outcome.record.files) files, SHA256SUMS \(outcome.checksumsSHA256.prefix(12))… → \(folder)"
                        ))
                case .json:
                    logger.info(
                        "publish finished",
                        metadata: [
                            "event": outcome.published ? "publish.finished" : "publish.unchanged",
                            "period": "\(period)",
                            "folder": "\(folder)", "files": "\(outcome.record.files)",
                            "checksums_sha256": "\(outcome.checksumsSHA256)",
                            "supersedes": "\(outcome.record.supersedes?.folder ?? "")",
                        ])
                }
            }
        }
    }
}
