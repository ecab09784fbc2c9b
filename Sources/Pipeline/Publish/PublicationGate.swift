import CSVCodec
import Foundation
import ImpactModel
import Indicators
import Reporting
import RunArtifacts

/// What `impactmon publish` checks in a report folder before anything leaves the run directory (issue 17 items 5–6;
/// METRICS.md §8). Each check reads the folder as a recipient would: the files, not the run's internal state.
package enum PublicationGate {
    /// One reason not to publish, naming the file (relative to the report folder), the line and what was found.
    package struct Finding: Sendable, Hashable, CustomStringConvertible {
        /// The file, relative to the report folder (`metrics.csv`, `internal/` for a folder).
        package var file: String
        /// 1-based line, 0 when the finding concerns the whole file.
        package var line: Int
        /// What was found, in the operator's words (`KvK-nummer 12345678 of the registry (an enterprise-level value)`).
        package var detail: String
        /// `file:line: detail`, or `file: detail` for a finding about the whole file.
        package var description: String { line > 0 ? "\(file):\(line): \(detail)" : "\(file): \(detail)" }
    }

    /// Enterprise-level content anywhere below `folder`: a folder named `internal`, a row of a CSV whose `level` is
    /// `enterprise`, or a KvK-nummer of the registry in any file (a run of exactly 8 ASCII digits, not part of a
    /// longer number, equal to one of `registryKvK`; binary files are scanned as bytes).
    ///
    /// An 8-digit figure that happens to equal a registry KvK-nummer is refused too: the check errs on the safe side.
    /// - Parameter registryKvK: the registry's KvK-nummers, 8 digits each (`PipelineDefinition.registryKvKNumbers()`).
    package static func enterpriseLevel(in folder: URL, registryKvK: Set<String>) -> [Finding] {
        var out: [Finding] = []
        let fm = FileManager.default
        guard let e = fm.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey]) else {
            return []
        }
        for case let url as URL in e {
            let path = relativePath(url, from: folder)
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey])
            if values?.isDirectory == true {
                if url.lastPathComponent == RunDirectory.internalName {
                    out.append(
                        Finding(
                            file: path + "/", line: 0,
                            detail: "the core group's internal folder is inside the public report"))
                }
                continue
            }
            guard values?.isRegularFile == true, let data = try? Data(contentsOf: url) else { continue }
            out += kvkNumbers(in: data, file: path, registry: registryKvK)
            if url.pathExtension == "csv" { out += enterpriseRows(in: data, file: path) }
        }
        return out.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    }

    /// Registry KvK-nummers in `data`, one finding per line and number.
    static func kvkNumbers(in data: Data, file: String, registry: Set<String>) -> [Finding] {
        guard !registry.isEmpty else { return [] }
        var out: [Finding] = []
        var line = 1
        var start = -1
        let bytes = [UInt8](data)
        func close(at end: Int) {
            if start >= 0, end - start == 8 {
                let digits = String(decoding: bytes[start..<end], as: UTF8.self)
                if registry.contains(digits) {
                    out.append(
                        Finding(
                            file: file, line: line,
                            detail: "KvK-nummer \(digits) of the registry (an enterprise-level value)"))
                }
            }
            start = -1
        }
        for (i, b) in bytes.enumerated() {
            if b >= 0x30 && b <= 0x39 {
                if start < 0 { start = i }
            } else {
                close(at: i)
                if b == 0x0A { line += 1 }
            }
        }
        close(at: bytes.count)
        return out
    }

    /// Rows whose `level` column is `enterprise` in a CSV with such a column (`metrics.csv`, its Excel variant).
    static func enterpriseRows(in data: Data, file: String) -> [Finding] {
        guard let table = try? CSVReader.read(data, file: file), let level = table.column("level") else { return [] }
        return table.records.filter { $0.fields.count > level && $0.fields[level] == "enterprise" }.map {
            Finding(file: file, line: $0.line, detail: "a row of level \"enterprise\" (figures of one enterprise)")
        }
    }

    /// ``disclosure(metricsCSV:file:catalogue:)`` with the catalogue read from `metricsURL` (`config/metrics.yaml`).
    /// - Throws: ``ImpactError`` when the catalogue or `metrics.csv` cannot be read.
    package static func disclosure(metricsCSV data: Data, file: String, metricsURL: URL) throws -> [Finding] {
        try disclosure(metricsCSV: data, file: file, catalogue: try MetricCatalogue.load(contentsOf: metricsURL))
    }

    /// The disclosure check of a report's public `metrics.csv` against the published rules of `catalogue`
    /// (`config/metrics.yaml`; METRICS.md §8). This is the gate `publish` applies; the LP/interval auditor of issue 14
    /// (today `Tests/EndToEndTests/PublicAuditor.swift`) is meant to replace or extend this function, and every check
    /// it adds here is applied by `publish` without further changes.
    ///
    /// Today it re-checks, for every row a reader sees (level not `enterprise`):
    /// - a hidden cell (`suppressed`, `withheld`) carries no `value`, `numerator` or `denominator`, and a suppressed one
    ///   no `n_enterprises` (`MetricRecord.forPublication`);
    /// - a published cell (`ok`, `partial`) of a metric under disclosure control (`disclosure` not `none`) rests on at
    ///   least `min_n` enterprises (threshold rule, when `n_enterprises` is given);
    /// - a percentage of a ratio kind or a panel growth rate rests on at least `percent_min_enterprises` enterprises;
    /// - a count of persons with a `rounding_base` is a multiple of it.
    ///
    /// What it cannot see from the public file: dominance ((2, 85) rule) of a published magnitude and the interval a
    /// reader can derive for a hidden cell from linked tables; those are decided at compute time
    /// (`Indicators/DisclosureControl.swift`, `Indicators/DisclosureStep.swift`).
    /// - Throws: ``ImpactError`` (``ExitStatus/dataInvalid``) when `metrics.csv` cannot be read.
    package static func disclosure(metricsCSV data: Data, file: String, catalogue: MetricCatalogue) throws -> [Finding]
    {
        let table: CSVTable
        do {
            table = try CSVReader.read(data, file: file, options: CSVReadOptions(delimiter: UInt8(ascii: ",")))
        } catch {
            throw ImpactError(.dataInvalid, error.description)
        }
        let rows = try MetricRecord.read(data, file: file)
        var out: [Finding] = []
        let ratioKinds: Set<ComputeKind> = [.ratio_q, .ratio_r4q, .yoy_panel_growth]
        for (record, r) in zip(table.records, rows) where r.level != "enterprise" {
            func finding(_ detail: String) {
                out.append(Finding(file: file, line: record.line, detail: "\(r.provenanceID): \(detail)"))
            }
            if r.status == .suppressed || r.status == .withheld {
                for (column, value) in [
                    ("value", r.valueText), ("numerator", r.numerator.map(formatNumber) ?? ""),
                    ("denominator", r.denominator.map(formatNumber) ?? ""),
                ]
                where !value.isEmpty {
                    finding("\(r.status.rawValue) cell shows its \(column) (\(value))")
                }
                if r.status == .suppressed, let n = r.nEnterprises {
                    finding("suppressed cell shows n_enterprises (\(n))")
                }
                continue
            }
            guard r.status == .ok || r.status == .partial, let m = catalogue.metric(r.metricID), m.disclosure != .none
            else { continue }
            if let n = r.nEnterprises, n > 0, n < m.minN {
                finding("published on \(n) enterprises, fewer than min_n \(m.minN)")
            }
            if r.unit == "%", ratioKinds.contains(m.kind), let min = m.percentMinEnterprises, let n = r.nEnterprises,
                n > 0, n < min
            {
                finding("percentage on \(n) enterprises, fewer than percent_min_enterprises \(min)")
            }
            if let base = m.roundingBase, r.unit == "persons", let v = r.value,
                v.truncatingRemainder(dividingBy: Double(base)) != 0
            {
                finding("person count \(r.valueText) is not a multiple of its rounding base \(base)")
            }
        }
        return out
    }
}
