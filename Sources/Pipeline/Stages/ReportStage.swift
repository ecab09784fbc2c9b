import CSVCodec
import Foundation
import ImpactModel
import Reporting

/// The report stage: reads `compute/metrics.csv`, `normalize/ledger.json`, `normalize/rejects.csv` and each
/// source's `fetch/<id>/fetch.json`, and writes per language `report/report.<lang>.md`, `report.<lang>.html` and
/// (with Chromium) `report.<lang>.pdf`, with `report/report.md` a copy of the Dutch Markdown (the name every
/// earlier run, link and tool used), plus `report/metrics.csv` and `report/metrics-excel-nl.csv`, into a staging
/// folder.
struct ReportStage {
    let definition: PipelineDefinition
    let run: RunDirectory
    /// The report languages, in order; the first one is the language of restatement causes and of the internal files.
    let languages: [ReportLanguage]
    let generatedAt: String
    private var language: ReportLanguage { languages.first ?? .nl }

    init(definition: PipelineDefinition, run: RunDirectory, languages: [ReportLanguage], generatedAt: String) {
        self.definition = definition
        self.run = run
        self.languages = languages.isEmpty ? [.nl] : languages
        self.generatedAt = generatedAt
    }

    /// - Parameter notes: receives what the run summary should say about the report (no PDF without Chromium).
    /// - Returns: row counts for the manifest.
    /// - Throws: ``ImpactError`` (``ExitStatus/dataInvalid``) when an input artifact is missing or malformed,
    ///   naming the file and the stage to rerun.
    func produce(into staging: URL, notes: inout [String]) throws -> [String: Int] {
        let metricsURL = run.folder(.compute).appendingPathComponent("metrics.csv")
        guard let metricsData = try? Data(contentsOf: metricsURL) else {
            throw ImpactError(.dataInvalid, "\(metricsURL.path) is missing; run `impactmon compute` first")
        }
        let rows = try PublishedMetric.read(metricsData, file: relativePath(metricsURL, from: run.outputRoot))
        let texts = try LabelCatalogue.metrics(definition.metricsURL)
        let themes = try LabelCatalogue.themes(definition.themesURL)
        let ledger = try readLedger()
        let rejects = try readRejectCounts()
        let sources = readSourceSummaries()
        let registrySHA = fileSHA256(definition.registryURL) ?? ""
        let basis = ReportBasis(
            period: run.period.description, registrySHA256: registrySHA,
            metricsSHA256: fileSHA256(definition.metricsURL) ?? "", toolVersion: ToolVersion.current,
            sources: sourceBodyHashes())
        // The public report sees only what may leave the core group; the internal report gets the full rows.
        var inputs = ReportInputs(
            title: definition.title, municipalityName: definition.municipalityName,
            municipalityCode: definition.municipalityCode.code, period: run.period, language: language,
            metrics: rows.map { $0.level == "enterprise" ? $0 : $0.forPublication }, metricTexts: texts, themes: themes, sources: sources, ledger: ledger, rejectCounts: rejects,
            registrySHA256: registrySHA, generatedAt: generatedAt)
        inputs.headlineMetrics = definition.headlineMetrics
        // The source statements and restatement causes come from the same facts as run.md and the warning logs.
        let facts = (RunWarning.load(from: run.folder(.fetch)) + RunWarning.load(from: run.folder(.normalize))).deduplicated
        inputs.sourceWarnings = facts.map {
            SourceWarning(source: $0.source, kind: $0.kind.rawValue, subject: definition.relativizingPaths($0.subject))
        }
        let incomplete = Set(facts.filter { [.missing, .empty, .fewerRows].contains($0.kind) }.map(\.source))
        let publicRows = ReportCSV.publicRows(rows)
        let previousBaseline = baseline(for: basis)
        if let previous = previousBaseline {
            inputs.previousReport = previous.label
            inputs.restatements = Restatement.find(
                new: publicRows, old: previous.rows,
                causes: basis.causes(since: previous.basis, language: language, incomplete: incomplete),
                language: language)
            try writeAtomically(previous.metrics, to: staging.appendingPathComponent("baseline/metrics.csv"))
            try writeAtomically(previous.inputs, to: staging.appendingPathComponent("baseline/inputs.json"))
        }
        let printer = PDFPrinter.find()
        var printed: [String] = []
        for lang in languages {
            var localized = inputs
            localized.language = lang
            if lang == .en, !definition.titleEN.isEmpty { localized.title = definition.titleEN }
            // Restatement causes in the report's own language.
            if lang != language, let previous = previousBaseline {
                localized.restatements = Restatement.find(
                    new: publicRows, old: previous.rows,
                    causes: basis.causes(since: previous.basis, language: lang, incomplete: incomplete), language: lang)
            }
            let report = MarkdownReport(localized)
            let document = report.document()
            for chart in document.charts {
                try writeAtomically(Data(chart.svg.utf8), to: staging.appendingPathComponent(chart.fileName))
            }
            let markdown = MarkdownRenderer.render(document)
            try writeAtomically(Data(markdown.utf8), to: staging.appendingPathComponent("report.\(lang.rawValue).md"))
            // `report.md` stays the Dutch report (an alias of report.nl.md), `report.en.md` is the English one.
            if lang == .nl { try writeAtomically(Data(markdown.utf8), to: staging.appendingPathComponent("report.md")) }
            let htmlURL = staging.appendingPathComponent("report.\(lang.rawValue).html")
            try writeAtomically(Data(HTMLRenderer.render(document).utf8), to: htmlURL)
            if let printer {
                try printer.print(htmlURL, to: staging.appendingPathComponent("report.\(lang.rawValue).pdf"), timestamp: generatedAt)
                printed.append("report.\(lang.rawValue).pdf")
            }
            let sfx = lang.fileSuffix
            let internalReport = InternalReport(localized, names: enterpriseNames()).render()
            try writeAtomically(Data(internalReport.utf8), to: staging.appendingPathComponent("internal/report-internal\(sfx).md"))
        }
        if printer == nil {
            notes.append("no report.pdf: Chromium is not installed (bash scripts/install-deps.sh installs it)")
        }
        let internalCounts = try AssessmentOutputs(definition: definition, run: run)
            .write(into: staging, metrics: rows, texts: texts, themes: themes)
        try writeAtomically(ReportCSV.machine(publicRows), to: staging.appendingPathComponent("metrics.csv"))
        try writeAtomically(ReportCSV.excelNL(publicRows), to: staging.appendingPathComponent("metrics-excel-nl.csv"))
        for lang in languages {
            try writeAtomically(
                try DataPackage.json(title: definition.title, period: run.period.description, language: lang),
                to: staging.appendingPathComponent("datapackage\(lang.fileSuffix).json"))
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(try enc.encode(basis) + Data("\n".utf8), to: staging.appendingPathComponent("inputs.json"))
        keepOtherLanguage(basis: basis, in: staging)
        return ["metrics": publicRows.count, "restatements": inputs.restatements.count].merging(internalCounts) { a, _ in a }
    }

    /// Copies the other language's files (`report.md` beside a new `report.en.md`, or the reverse) from the published
    /// report into the staging folder when they were made from the same inputs (`inputs.json` equal); a report in
    /// the other language on older inputs is dropped rather than left beside newer figures.
    private func keepOtherLanguage(basis: ReportBasis, in staging: URL) {
        let published = run.folder(.report)
        guard let data = try? Data(contentsOf: published.appendingPathComponent("inputs.json")),
            let old = try? JSONDecoder().decode(ReportBasis.self, from: data), old == basis
        else { return }
        for file in Manifest.FileHash.all(in: published, relativeTo: published) {
            let target = staging.appendingPathComponent(file.path)
            guard !FileManager.default.fileExists(atPath: target.path) else { continue }
            try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.copyItem(at: published.appendingPathComponent(file.path), to: target)
        }
    }

    /// Enterprise names by KvK-nummer from `normalize/enterprises.csv` (empty when it cannot be read).
    private func enterpriseNames() -> [String: String] {
        let url = run.folder(.normalize).appendingPathComponent("enterprises.csv")
        guard let data = try? Data(contentsOf: url),
            let table = try? CSVReader.read(data, file: url.path, options: CSVReadOptions(delimiter: UInt8(ascii: ","))),
            let k = table.column("kvk_number"), let n = table.column("name")
        else { return [:] }
        var out: [String: String] = [:]
        for r in table.records where r.fields.count > max(k, n) { out[r.fields[k]] = r.fields[n] }
        return out
    }

    /// SHA-256 of every stored response body per source (not `fetch.json`, whose times change on every fetch).
    private func sourceBodyHashes() -> [String: [String]] {
        var out: [String: [String]] = [:]
        for src in definition.sources {
            let folder = run.folder(.fetch).appendingPathComponent(src.id)
            out[src.id] = Manifest.FileHash.all(in: folder, relativeTo: folder)
                .filter { $0.path != "fetch.json" }.map(\.sha256).sorted()
        }
        return out
    }

    /// The report to compare with (the restatement baseline), kept in `report/baseline/` so that rerunning the
    /// report on unchanged inputs gives the same bytes:
    /// - this quarter's published report on the same inputs: carry its baseline forward unchanged;
    /// - this quarter's published report on other inputs (a source revision, a registry or definition change):
    ///   that report becomes the baseline;
    /// - no report for this quarter yet: the previous quarter's report is the baseline.
    private func baseline(for basis: ReportBasis) -> (label: String, rows: [PublishedMetric], basis: ReportBasis, metrics: Data, inputs: Data)? {
        func load(_ folder: URL) -> (label: String, rows: [PublishedMetric], basis: ReportBasis, metrics: Data, inputs: Data)? {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent("metrics.csv")),
                let rows = try? PublishedMetric.read(data, file: "metrics.csv"),
                let basisData = try? Data(contentsOf: folder.appendingPathComponent("inputs.json")),
                let b = try? JSONDecoder().decode(ReportBasis.self, from: basisData)
            else { return nil }
            return (b.period, rows, b, data, basisData)
        }
        let current = run.folder(.report)
        if let published = load(current) {
            if published.basis == basis { return load(current.appendingPathComponent("baseline")) }
            return published
        }
        let previousQuarter = RunDirectory(outputRoot: run.outputRoot, pipelineName: run.pipelineName, period: run.period - 1)
        return load(previousQuarter.folder(.report))
    }

    private func readLedger() throws -> [LedgerEntry] {
        let url = run.folder(.normalize).appendingPathComponent("ledger.json")
        guard let data = try? Data(contentsOf: url) else {
            throw ImpactError(.dataInvalid, "\(url.path) is missing; run `impactmon normalize` first")
        }
        if let list = try? JSONDecoder().decode([LedgerEntry].self, from: data) { return list }
        if let map = try? JSONDecoder().decode([String: LedgerEntry].self, from: data) {
            return map.values.sorted { $0.sourceID < $1.sourceID }
        }
        struct Wrapped: Decodable { var sources: [LedgerEntry] }
        if let w = try? JSONDecoder().decode(Wrapped.self, from: data) { return w.sources }
        throw ImpactError(.dataInvalid, "\(url.path) is not a ledger; rerun `impactmon normalize`")
    }

    private func readRejectCounts() throws -> [RejectCount] {
        let url = run.folder(.normalize).appendingPathComponent("rejects.csv")
        guard let data = try? Data(contentsOf: url) else { return [] }
        let table: CSVTable
        do {
            table = try CSVReader.read(data, file: url.path, options: CSVReadOptions(delimiter: UInt8(ascii: ",")))
        } catch {
            throw ImpactError(.dataInvalid, error.description)
        }
        guard let s = table.column("source_id"), let r = table.column("reason") else { return [] }
        var counts: [String: Int] = [:]
        for rec in table.records where rec.fields.count > max(s, r) {
            counts[rec.fields[s] + "\u{1F}" + rec.fields[r], default: 0] += 1
        }
        return counts.map { k, v in
            let parts = k.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            return RejectCount(sourceID: parts[0], reason: parts.count > 1 ? parts[1] : "", count: v)
        }.sorted { ($0.sourceID, $0.reason) < ($1.sourceID, $1.reason) }
    }

    /// One summary per pipeline source from its `fetch.json` (tolerant of added keys).
    private func readSourceSummaries() -> [SourceSummary] {
        definition.sources.map { src in
            let url = run.folder(.fetch).appendingPathComponent(src.id).appendingPathComponent("fetch.json")
            var first: [String: Any] = [:]
            var stale: String?
            if !FileManager.default.fileExists(atPath: url.path) {
                stale = language == .nl
                    ? "niet opgehaald in deze run (zie run.md); de cijfers uit deze bron ontbreken"
                    : "not fetched in this run (see run.md); the figures from this source are missing"
            }
            if let data = try? Data(contentsOf: url), let json = try? JSONSerialization.jsonObject(with: data) {
                if let obj = json as? [String: Any] {
                    if let reqs = obj["requests"] as? [[String: Any]], let f = reqs.first { first = f }
                    stale = obj["stale_reason"] as? String
                } else if let arr = json as? [[String: Any]], let f = arr.first {
                    first = f
                }
            }
            let isCBS = src.connector == .cbsODataV3 || src.connector == .cbsODataV4
            return SourceSummary(
                id: src.id, table: src.table ?? src.dataset ?? "", title: src.title ?? "",
                url: Secrets.mask(src.url), retrievedAt: (first["retrieved_at"] as? String) ?? "",
                sha256: (first["sha256"] as? String) ?? "", isCBS: isCBS, staleReason: stale)
        }
    }
}
