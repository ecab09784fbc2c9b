import Foundation

/// One file of a run folder (`output/<pipeline>/<period>/`): the one place its name is spelled.
///
/// Every reader and writer of a run-folder file takes its path from here, so `grep` finds each name in this module
/// only (issue 18). The stage folder is `fetch`, `normalize`, `compute` or `report`, or empty for a file in the run's
/// root; a per-source file (`fetch/<source>/fetch.json`) has the source folder added by ``url(in:)``'s caller.
/// The format of each file is owned by one type: ``MetricRecord`` (`compute/metrics.csv`), ``Provenance``
/// (`compute/provenance.json`), `Normalization.NormalizedArtifacts` (the `normalize/` files), and in `Pipeline`
/// `SourceFetchRecord`, `RunWarning`, `Manifest` and `RunSummary`. docs/ARCHITECTURE.md has the table.
package struct RunFile: Sendable, Hashable, CustomStringConvertible {
    /// The stage folder (`normalize`), or empty for the run's root.
    package let folder: String
    /// The file name (`ledger.json`).
    package let name: String

    /// A file of `folder` called `name`.
    package init(_ folder: String, _ name: String) {
        self.folder = folder
        self.name = name
    }

    /// `normalize/ledger.json`: the path relative to the run folder, as manifests, inputs and messages name it.
    package var path: String { folder.isEmpty ? name : "\(folder)/\(name)" }

    /// ``path``.
    package var description: String { path }

    /// The file's URL in the run folder `runRoot`.
    package func url(in runRoot: URL) -> URL { runRoot.appendingPathComponent(path) }

    /// The file's URL in its own stage folder `stageFolder` (a folder that is already `<run>/<folder>`, or a staging
    /// folder that becomes it).
    package func url(inStageFolder stageFolder: URL) -> URL { stageFolder.appendingPathComponent(name) }
}

extension RunFile {
    /// `fetch/<source>/fetch.json`: what one source's fetch did (the source folder is added by the caller).
    package static let fetchRecord = RunFile("fetch", "fetch.json")
    /// `<stage>/warnings.json`: the facts a stage reports for the run summary (fetch and normalize).
    package static let warningsName = "warnings.json"

    /// `normalize/observations.csv`: the canonical observations of a municipal run (`Observation`).
    package static let observations = RunFile("normalize", "observations.csv")
    /// `normalize/observations/`: the binary, columnar observations of a national run (one folder per partition).
    package static let observationStore = RunFile("normalize", "observations")
    /// `normalize/enterprises.csv`: the registry members with their attributes (`Enterprise`).
    package static let enterprises = RunFile("normalize", "enterprises.csv")
    /// `normalize/matches.csv`: how each source row was matched to a member (`Match`).
    package static let matches = RunFile("normalize", "matches.csv")
    /// `normalize/review.csv`: matches a person must confirm (`ReviewItem`).
    package static let review = RunFile("normalize", "review.csv")
    /// `normalize/rejects.csv`: every record not used, with its reason (`Reject`).
    package static let rejects = RunFile("normalize", "rejects.csv")
    /// `normalize/ledger.json`: per source, records in = observations + rejects (`LedgerEntry`).
    package static let ledger = RunFile("normalize", "ledger.json")
    /// `normalize/identities.csv`: the members' identities over time, when the registry has a history.
    package static let identities = RunFile("normalize", "identities.csv")

    /// `compute/metrics.csv`: every computed cell (``MetricRecord``).
    package static let metrics = RunFile("compute", "metrics.csv")
    /// `compute/provenance.json`: how each cell was computed (``Provenance``).
    package static let provenance = RunFile("compute", "provenance.json")

    /// `report/metrics.csv`: the public cells, after disclosure control (machine profile of the report CSV).
    package static let publicMetrics = RunFile("report", "metrics.csv")
    /// `report/report.md`: the Dutch report under the name every earlier run and link uses.
    package static let reportMarkdown = RunFile("report", "report.md")
    /// `report/inputs.json`: the inputs a report was made from (restatement baseline).
    package static let reportInputs = RunFile("report", "inputs.json")

    /// `manifest.json`: the hashes of each stage's inputs and outputs (staleness).
    package static let manifest = RunFile("", "manifest.json")
    /// `run.json`: the last run's summary (`RunSummary`).
    package static let runSummary = RunFile("", "run.json")
    /// `run.md`: the same summary for people.
    package static let runSummaryMarkdown = RunFile("", "run.md")
}
