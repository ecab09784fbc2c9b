import CSVCodec
import Foundation
import ImpactModel
import Normalization
import Reporting
import RunArtifacts

/// The report stage: reads what ``PipelineDefinition/reads(of:)`` declares for it (`compute/metrics.csv`,
/// `normalize/ledger.json`, `normalize/rejects.csv`, each source's `fetch/<id>/fetch.json`, …) through a
/// ``RunFolderReader``, and writes per language `report/report.<lang>.md`, `report.<lang>.html` and (with Chromium)
/// `report.<lang>.pdf`, with `report/report.md` a copy of the Dutch Markdown (the name every earlier run, link and
/// tool used), plus `report/metrics.csv` and `report/metrics-excel-nl.csv`, into a staging folder; and the core
/// group's files (`report-internal.md`, the afwegingskader, the profiles) into a second one that becomes `internal/`
/// beside `report/`, never inside it.
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
    /// The only way this stage reads the run folder: declared reads, hashed into the manifest by the runner.
    var reader: RunFolderReader { RunFolderReader(run: run, stage: .report, definition: definition) }

    /// - Returns: row counts for the manifest.
    /// - Throws: ``ImpactError`` (``ExitStatus/dataInvalid``) when an input artifact is missing or malformed,
    ///   naming the file and the stage to rerun.
    /// - Parameters:
    ///   - staging: becomes `report/`, the public folder.
    ///   - internalStaging: becomes `internal/`, the core group's enterprise-level files.
    ///   - notes: receives what the run summary should say about the report (no PDF without Chromium).
    func produce(into staging: URL, internal internalStaging: URL, notes: inout [String]) throws -> [String: Int] {
        let metricsURL = try reader.url("compute/metrics.csv")
        guard let metricsData = try reader.data("compute/metrics.csv") else {
            throw ImpactError(.dataInvalid, "\(metricsURL.path) is missing; run `impactmon compute` first")
        }
        let rows = try MetricRecord.read(metricsData, file: relativePath(metricsURL, from: run.outputRoot))
        let texts = try LabelCatalogue.metrics(definition.metricsURL)
        let themes = try LabelCatalogue.themes(definition.themesURL)
        let ledger = try readLedger()
        let rejects = try readRejectCounts()
        let sources = try readSourceSummaries()
        let registrySHA = fileSHA256(definition.registryURL) ?? ""
        var basis = ReportBasis(
            period: run.period.description, registrySHA256: registrySHA,
            metricsSHA256: fileSHA256(definition.metricsURL) ?? "", toolVersion: ToolVersion.current,
            sources: try sourceBodyHashes())
        basis.bodies = try RestatementBaseline.bodies(definition: definition, reader: reader)
        basis.returns = try RestatementBaseline.returnCounts(definition: definition, reader: reader)
        basis.identities = try IdentityDigests.perQuarter(reader: reader, upTo: run.period)
        basis.tables = try TableVersions.fetched(definition: definition, reader: reader)
        // The public report sees only what may leave the core group (one gate: PublicationDisclosure); the internal
        // report gets the full rows.
        let disclosure = try PublicationDisclosure.load(definition)
        let publicRows = ReportCSV.publicRows(rows, disclosure: disclosure)
        let unsafe = disclosure.violations(publicRows)
        guard unsafe.isEmpty else {
            throw ImpactError(
                .dataInvalid,
                "disclosure control: \(unsafe.count) rows would break a primary rule: \(unsafe.prefix(5).joined(separator: "; "))"
            )
        }
        var inputs = ReportInputs(
            title: definition.title, municipalityName: definition.municipalityName,
            municipalityCode: definition.municipalityCode.code, period: run.period, language: language,
            metrics: publicRows, metricTexts: texts, themes: themes, sources: sources, ledger: ledger,
            rejectCounts: rejects,
            registrySHA256: registrySHA, generatedAt: generatedAt)
        inputs.headlineMetrics = definition.headlineMetrics
        inputs.peerGroup = definition.peerGroup
        if definition.boundaryChangesURL != nil || definition.registryHistoryURL != nil {
            inputs.regionalClassification = definition.regionalClassification
        }
        // The source statements and restatement causes come from the same facts as run.md and the warning logs.
        let facts = try (warnings(.fetch) + warnings(.normalize)).deduplicated
        inputs.sourceWarnings = facts.map {
            SourceWarning(source: $0.source, kind: $0.kind.rawValue, subject: definition.relativizingPaths($0.subject))
        }
        let incomplete = Set(facts.filter { [.missing, .empty, .fewerRows].contains($0.kind) }.map(\.source))
        // The last published report of the quarter, else of an earlier quarter, else the last local one.
        let previousBaseline = RestatementBaseline.choose(
            for: basis, run: run, definition: definition, language: language)
        if let previous = previousBaseline {
            inputs.previousReport = previous.label
            inputs.restatements = Restatement.find(
                new: publicRows, old: previous.rows,
                causes: basis.causes(since: previous.basis, language: language, incomplete: incomplete),
                language: language)
            for (name, data) in previous.files.sorted(by: { $0.key < $1.key }) {
                try writeAtomically(data, to: staging.appendingPathComponent("baseline/\(name)"))
            }
        }
        let printer = PDFPrinter.find()
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
            let document = MarkdownReport(localized).document()
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
                try printer.print(
                    htmlURL, to: staging.appendingPathComponent("report.\(lang.rawValue).pdf"), timestamp: generatedAt)
            }
            // The core group's report gets the full rows, enterprise level included, in `internal/` only.
            var internalInputs = localized
            internalInputs.metrics = rows
            let internalReport = InternalReport(internalInputs, names: try enterpriseNames()).render()
            try writeAtomically(
                Data(internalReport.utf8),
                to: internalStaging.appendingPathComponent("report-internal\(lang.fileSuffix).md"))
        }
        if printer == nil {
            notes.append("no report.pdf: Chromium is not installed (bash scripts/install-deps.sh installs it)")
        }
        let internalCounts = try AssessmentOutputs(definition: definition, run: run)
            .write(into: internalStaging, metrics: rows, texts: texts, themes: themes)
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
        keepOtherLanguage(basis: basis, from: run.folder(.report), in: staging)
        keepOtherLanguage(basis: basis, from: run.internalFolder, in: internalStaging)
        return ["metrics": publicRows.count, "restatements": inputs.restatements.count].merging(internalCounts) {
            a, _ in a
        }
    }

    /// Copies the other language's files (`report.md` beside a new `report.en.md`, or the reverse) from the published
    /// report into the staging folder when they were made from the same inputs (`inputs.json` equal); a report in
    /// the other language on older inputs is dropped rather than left beside newer figures.
    private func keepOtherLanguage(basis: ReportBasis, from published: URL, in staging: URL) {
        guard let data = try? Data(contentsOf: run.folder(.report).appendingPathComponent("inputs.json")),
            let old = try? JSONDecoder().decode(ReportBasis.self, from: data), old == basis
        else { return }
        for file in Manifest.FileHash.all(in: published, relativeTo: published) {
            let target = staging.appendingPathComponent(file.path)
            guard !FileManager.default.fileExists(atPath: target.path) else { continue }
            try? FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.copyItem(at: published.appendingPathComponent(file.path), to: target)
        }
    }

    /// A stage's warning facts (`<stage>/warnings.json`); empty when there are none.
    private func warnings(_ stage: Stage) throws(ImpactError) -> [RunWarning] {
        guard let data = try reader.data("\(stage.rawValue)/\(RunWarning.fileName)") else { return [] }
        return (try? JSONDecoder().decode([RunWarning].self, from: data)) ?? []
    }

    /// Enterprise names by KvK-nummer from `normalize/enterprises.csv` (empty when it cannot be read).
    private func enterpriseNames() throws(ImpactError) -> [String: String] {
        let url = try reader.url("normalize/enterprises.csv")
        guard let data = try? Data(contentsOf: url),
            let table = try? CSVReader.read(
                data, file: url.path, options: CSVReadOptions(delimiter: UInt8(ascii: ","))),
            let k = table.column("kvk_number"), let n = table.column("name")
        else { return [:] }
        var out: [String: String] = [:]
        for r in table.records where r.fields.count > max(k, n) { out[r.fields[k]] = r.fields[n] }
        return out
    }

    /// SHA-256 of every stored response body per source (not `fetch.json`, whose times change on every fetch).
    private func sourceBodyHashes() throws(ImpactError) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for src in definition.sources {
            let folder = try reader.url("fetch/\(src.id)/")
            out[src.id] = Manifest.FileHash.all(in: folder, relativeTo: folder)
                .filter { $0.path != "fetch.json" }.map(\.sha256).sorted()
        }
        return out
    }

    /// `normalize/ledger.json`, through its one reader (``NormalizedArtifacts/readLedger(from:)``).
    private func readLedger() throws -> [LedgerEntry] {
        let url = try reader.url("normalize/ledger.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ImpactError(.dataInvalid, "\(url.path) is missing; run `impactmon normalize` first")
        }
        return try NormalizedArtifacts.readLedger(from: url)
    }

    /// Rejects per source and reason, from `normalize/rejects.csv` through its one reader
    /// (``NormalizedArtifacts/readRejects(_:file:)``).
    private func readRejectCounts() throws -> [RejectCount] {
        let url = try reader.url("normalize/rejects.csv")
        guard let data = try reader.data("normalize/rejects.csv") else { return [] }
        var counts: [String: [String: Int]] = [:]
        for r in try NormalizedArtifacts.readRejects(data, file: url.path) {
            counts[r.sourceID, default: [:]][r.reason, default: 0] += 1
        }
        return counts.flatMap { source, reasons in
            reasons.map { RejectCount(sourceID: source, reason: $0.key, count: $0.value) }
        }.sorted { ($0.sourceID, $0.reason) < ($1.sourceID, $1.reason) }
    }

    /// One summary per pipeline source from its `fetch.json`, read by its one owner type (``SourceFetchRecord``).
    private func readSourceSummaries() throws -> [SourceSummary] {
        try definition.sources.map { src in
            let url = try reader.url("fetch/\(src.id)/fetch.json")
            var record: SourceFetchRecord?
            var stale: String?
            if FileManager.default.fileExists(atPath: url.path) {
                record = try SourceFetchRecord.load(url.deletingLastPathComponent())
                stale = record?.staleReason
            } else {
                stale =
                    language == .nl
                    ? "niet opgehaald in deze run (zie run.md); de cijfers uit deze bron ontbreken"
                    : "not fetched in this run (see run.md); the figures from this source are missing"
            }
            let first = record?.requests.first
            let isCBS = src.connector == .cbsODataV3 || src.connector == .cbsODataV4
            return SourceSummary(
                id: src.id, table: src.table ?? src.dataset ?? "", title: src.title ?? "",
                url: Secrets.mask(src.url), retrievedAt: first?.retrievedAt ?? "",
                sha256: first?.sha256 ?? "", isCBS: isCBS, staleReason: stale)
        }
    }
}
