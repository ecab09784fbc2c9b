import Foundation
import ImpactModel
import Logging
import RunArtifacts

/// One condition that makes the report less than complete, as one fact: logged at level `warning` on standard
/// error, listed in `run.md` and `run.json` (`warnings`), and the only basis of the report's statements about its
/// sources ("Alle bronnen zijn volledig en actueel ingelezen" appears only when a run has none of them).
///
/// A stage writes its facts to `<stage>/warnings.json` (a JSON array of these objects, keys in snake_case) so that
/// a later stage, a rerun of the report alone, or `run.json` of a run that skipped the stage still sees them.
///
/// Shape in JSON:
/// ```json
/// {"stage":"fetch","source":"impact-returns","kind":"missing","subject":"haarlem-demo/returns/impact-2026Q2.csv",
///  "message":"source impact-returns: no file for 2026Q2 …","action":"deliver the file … and rerun …"}
/// ```
package struct RunWarning: Codable, Sendable, Hashable {
    /// What is incomplete. The thresholds are constants of ``RunWarning``.
    package enum Kind: String, Codable, Sendable, CaseIterable {
        /// A source (or one of its per-quarter files) could not be read and nothing was stored to fall back to.
        case missing
        /// A source answered, but with no records.
        case empty
        /// A source failed and its last good bodies of this period were reused (`stale_reason` in fetch.json).
        case stale
        /// A source was read from the response store (`--offline`), not asked again.
        case replayed
        /// A source delivered fewer records than the last time this run directory (or the previous quarter) read it.
        case fewerRows = "fewer_rows"
        /// A municipality-level figure of the run's quarter is withheld: coverage below 60 %.
        case lowCoverage = "low_coverage"
        /// More than ``RunWarning/rejectShareLimit`` of a source's records were rejected.
        case rejectsShare = "rejects_share"
        /// A CBS table has a new title, was revised (new `Modified`) or is discontinued (issue 20; FetchStage's
        /// `tableChangeFacts`).
        case tableChanged = "table_changed"
    }

    /// The stage that found it.
    package var stage: Stage
    /// The source id (for ``Kind/lowCoverage`` the metric id).
    package var source: String
    /// What is incomplete (``Kind``); written as `kind` in snake_case (`fewer_rows`).
    package var kind: Kind
    /// What it concerns, short: a file relative to the pipeline file, a quarter, `812 → 640 rows`, `12.5 %`.
    package var subject: String
    /// What happened, one sentence (English, for operators).
    package var message: String
    /// What to do about it, one sentence.
    package var action: String

    /// Share of a source's records that may be rejected before ``Kind/rejectsShare`` (5 %).
    package static let rejectShareLimit = 0.05
    /// Coverage (percent) below which a figure is withheld and ``Kind/lowCoverage`` is raised (60 %).
    package static let coverageFloor = 60.0

    /// A fact as a stage found it; `subject` and `message` are masked with ``ImpactModel/Secrets/mask(_:secretNames:)``
    /// here, once, so no credential in a quoted URL or reply reaches any place the fact is shown.
    package init(stage: Stage, source: String, kind: Kind, subject: String, message: String, action: String) {
        self.stage = stage
        self.source = source
        self.kind = kind
        // Subjects and messages quote URLs and server replies: credentials are masked once, here, so every place a
        // fact lands (stderr, run.json, run.md, the report) gets the masked text.
        self.subject = Secrets.mask(subject)
        self.message = Secrets.mask(message)
        self.action = action
    }

    /// One line for `run.md` and text logs: `missing impact-returns: <message>. To do: <action>`.
    package var line: String { "\(kind.rawValue) \(source): \(message). To do: \(action)" }

    /// The name of the file a stage's facts are kept in, in the stage's folder.
    static let fileName = RunFile.warningsName
    /// The file a stage's facts are kept in.
    static func file(in folder: URL) -> URL { folder.appendingPathComponent(fileName) }

    /// Reads `<folder>/warnings.json`; empty when there is none.
    package static func load(from folder: URL) -> [RunWarning] {
        guard let data = try? Data(contentsOf: file(in: folder)) else { return [] }
        return (try? JSONDecoder().decode([RunWarning].self, from: data)) ?? []
    }

    /// Writes `<folder>/warnings.json` (always, `[]` when there are none, so a rerun replaces old facts).
    static func write(_ warnings: [RunWarning], to folder: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(try enc.encode(warnings) + Data("\n".utf8), to: file(in: folder))
    }

    /// Logs the fact at level `warning`, with `stage`, `source`, `kind`, `subject` and `action` as metadata.
    func log(to logger: Logger) {
        logger.warning(
            "\(message)",
            metadata: [
                "event": "warning.\(kind.rawValue)", "stage": "\(stage.rawValue)", "source": "\(source)",
                "kind": "\(kind.rawValue)", "subject": "\(subject)", "action": "\(action)",
            ])
    }
}

extension [RunWarning] {
    /// The facts without repeats of the same (source, kind), earliest stage first.
    package var deduplicated: [RunWarning] {
        var seen = Set<String>()
        return sorted { $0.stage < $1.stage }.filter {
            seen.insert("\($0.source)|\($0.kind.rawValue)|\($0.subject)").inserted
        }
    }
}

extension PipelineDefinition {
    /// `text` with the machine's absolute paths of the pipeline folder and the project folder made relative to the
    /// pipeline file (`file:///srv/x/pipelines/haarlem-demo/returns/a.csv` → `haarlem-demo/returns/a.csv`), so
    /// that no report or warning shows where the checkout lives.
    package func relativizingPaths(_ text: String) -> String {
        let base = baseURL.standardizedFileURL.path
        let project = baseURL.deletingLastPathComponent().standardizedFileURL.path
        var out = text.replacingOccurrences(of: "file://\(base)/", with: "")
        out = out.replacingOccurrences(of: "\(base)/", with: "")
        if project != "/" {
            out = out.replacingOccurrences(of: "file://\(project)/", with: "../")
            out = out.replacingOccurrences(of: "\(project)/", with: "../")
        }
        return out
    }
}
