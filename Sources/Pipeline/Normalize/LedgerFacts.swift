import Foundation
import ImpactModel
import Normalization
import RunArtifacts

extension NormalizeStage {
    /// Per source: no records, fewer records than the last normalize of this period (or of the previous quarter),
    /// or a reject share above ``RunWarning/rejectShareLimit``.
    func ledgerFacts(_ ledger: [LedgerEntry]) -> [RunWarning] {
        func load(_ url: URL) -> [String: Int]? {
            guard FileManager.default.fileExists(atPath: url.path),
                let list = try? NormalizedArtifacts.readLedger(from: url)
            else { return nil }
            return Dictionary(list.map { ($0.sourceID, $0.recordsIn) }, uniquingKeysWith: { a, _ in a })
        }
        let previousQuarter = RunDirectory(
            outputRoot: run.outputRoot, pipelineName: run.pipelineName, period: run.period - 1)
        let (before, when) =
            load(RunFile.ledger.url(in: run.root)).map {
                ($0, "the last run of \(run.period)")
            }
            ?? load(RunFile.ledger.url(in: previousQuarter.root)).map {
                ($0, "the run of \(run.period - 1)")
            }
            ?? ([:], "")
        var facts: [RunWarning] = []
        for e in ledger {
            if e.recordsIn == 0 {
                facts.append(
                    RunWarning(
                        stage: .normalize, source: e.sourceID, kind: .empty, subject: "0 rows",
                        message: "source \(e.sourceID) delivered no records",
                        action: "check the source's files or URL and filters in the pipeline file"))
                continue
            }
            if let old = before[e.sourceID], e.recordsIn < old {
                facts.append(
                    RunWarning(
                        stage: .normalize, source: e.sourceID, kind: .fewerRows, subject: "\(old) → \(e.recordsIn)",
                        message:
                            "source \(e.sourceID) delivered \(e.recordsIn) records, fewer than the \(old) of \(when)",
                        action:
                            "check whether a file or page of the source is missing or was truncated before publishing"))
            }
            let share = Double(e.rejected) / Double(e.recordsIn)
            if share > RunWarning.rejectShareLimit {
                let pct = formatNumber((share * 1000).rounded() / 10)
                facts.append(
                    RunWarning(
                        stage: .normalize, source: e.sourceID, kind: .rejectsShare, subject: "\(pct) %",
                        message:
                            "source \(e.sourceID): \(e.rejected) of \(e.recordsIn) records (\(pct) %) were rejected, more than \(formatNumber(RunWarning.rejectShareLimit * 100)) %",
                        action: "see normalize/rejects.csv for the reasons and fix the source or the registry"))
            }
        }
        return facts
    }
}
