import ConfigFiles
import Foundation
import ImpactModel
import Yams

/// A pipeline file (`pipelines/<name>.yaml`): the municipality, the default period, the config files and the
/// sources of one quarterly report. Paths are relative to the pipeline file. See docs/ARCHITECTURE.md.
package struct PipelineDefinition: Sendable {
    /// The newest `version:` this build reads.
    package static let supportedVersion = 1

    /// `version:` of the file format; a file newer than ``supportedVersion`` fails to load with exit 78.
    package var version: Int
    /// Pipeline name, `[a-z0-9-]`; the run directory is `output/<name>/<period>/`.
    package var name: String
    /// The report title in Dutch (`title:`), also the title of the data package; the pipeline ``name`` when the file
    /// has none.
    package var title: String
    /// The report title in English (`title_en`), for `report.en.*`; empty = ``title``.
    package var titleEN: String
    /// The programme's municipality (`municipality:`); `NL01` / "Nederland" for a national pipeline.
    package var municipalityCode: RegioCode
    /// The municipality's name as the report writes it (`municipality: {name: Haarlem}`); `Nederland` for a national
    /// pipeline, the gemeentecode itself in a partition (``partitioned(to:)``).
    package var municipalityName: String
    /// `municipality` (one report for `municipalityCode`) or `national` (`scope: national`: one partition per
    /// municipality of the registry and of the establishments extract, each computed like a municipal report).
    package var scope: PipelineScope
    /// The one municipality a partitioned run of a national pipeline computes (`--municipality GM0363`), or nil.
    /// Set by ``partitioned(to:)``, which also names the run directory `output/<name>@<code>/`.
    package private(set) var partition: RegioCode? = nil
    /// `default_period:`: the quarter a run reports on when `--period` is not given, a quarter (`2026Q3`) or `previous`
    /// (the default: the last complete quarter, see ``resolvePeriod(_:now:)``).
    package var defaultPeriod: String
    /// `timezone:`, an IANA zone (default `Europe/Amsterdam`, checked at load): decides which quarter is the last
    /// complete one, when `impactmon tick` finds a stage due, and the dates of published reports.
    package var timezone: String
    /// Absolute URLs of the config files, resolved against the pipeline file.
    package var registryURL: URL
    /// `metrics:`: the metric catalogue (`config/metrics.yaml`, METRICS.md §6), read by compute and report.
    package var metricsURL: URL
    /// `themes:`: the theme catalogue (`config/themes.yaml`), read by normalize, compute and report.
    package var themesURL: URL
    /// `measure_rules:` (optional; `config/measure-rules.yaml`): how monthly CBS values fold into quarters (`stock`:
    /// the last month, `flow`: the sum, `rate`: the mean of the three months).
    package var measureRulesURL: URL?
    /// `boundary_changes:` (optional; `config/gemeente-herindeling.csv`, `old_code,woonplaats,new_code,date`): the
    /// herindelingen that map registry `gemeente_code`s to the indeling of a period's last day (CBS region codes are
    /// not remapped).
    package var boundaryChangesURL: URL?
    /// The registry's validity-dated history (`registry_history:`, optional; ``RegistryHistory``, issue 20).
    package var registryHistoryURL: URL? = nil
    /// `regional_classification: per_period | current` (default `current`): the municipal boundaries each quarter
    /// is counted in (``RegionalClassification``).
    package var regionalClassification: RegionalClassification = .current
    /// The afwegingskader (`assessment:`, optional; `config/assessment.yaml`, docs/assessment.md).
    package var assessmentURL: URL?
    /// `sources:`, in file order; every id unique and `[a-z0-9-]`, every connector known (else exit 78).
    package var sources: [SourceDefinition]
    /// The report's headline metrics (summary and trend charts), from `report: {headline_metrics: [...]}`.
    package var headlineMetrics: [String]
    /// The municipalities CBS context is set beside (`peer_group:`, optional; ``PeerGroup``).
    package var peerGroup: PeerGroup?
    /// The languages of the report when `--lang` is not given, from `report: {languages: [nl, en]}`; empty = Dutch.
    package var reportLanguages: [String]
    /// When `impactmon tick` runs each stage; nil when the file has no `schedule:` block.
    package var schedule: Schedule?
    /// `strict: true`: warnings fail the run with exit 3, like `--strict`.
    package var strict: Bool
    /// Retry and timeout overrides of the run's HTTP client (`fetch:`); empty when the file has none.
    package var fetchSettings: FetchSettings
    /// `publish: {folder: …}`: the archive `impactmon publish` writes to (`<folder>/<name>/<quarter>/`), resolved
    /// against the pipeline file; nil = `published/` beside the output root (``PublishedArchive``).
    package var publishFolder: URL? = nil
    /// The pipeline file itself.
    package var fileURL: URL
    /// The folder that holds the pipeline file; relative source URLs resolve against it.
    package var baseURL: URL { fileURL.deletingLastPathComponent() }

    /// Loads and validates a pipeline file.
    /// - Throws: ``ImpactError`` with ``ExitStatus/config`` naming the file, the key and the fix.
    /// - Parameter environment: where `${NAME}` in a source's `url`, `headers` and parameters is looked up.
    package static func load(
        _ url: URL, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PipelineDefinition {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ImpactError(.config, "pipeline file \(url.path) cannot be read: \(SystemErrorText.describe(error))")
        }
        // Every block strictly, all problems at once, each with its line and column (YAML syntax errors too):
        // a misspelt key (`requried: true`, `headline_metric:`) would otherwise silently fall back to a default.
        try ConfigSchema.problems(yaml: text, file: ConfigSchema.display(url), shape: ConfigCheck.pipeline).throwIfAny()
        let raw: RawPipeline
        do {
            raw = try YAMLDecoder().decode(RawPipeline.self, from: text)
        } catch let error as DecodingError {
            throw ImpactError(.config, "\(url.path): \(describe(error))")
        } catch {
            throw ImpactError(.config, "\(url.path): not a valid pipeline file: \(SystemErrorText.describe(error))")
        }
        return try PipelineDefinition(raw: raw, fileURL: url, environment: environment)
    }

    private init(raw: RawPipeline, fileURL: URL, environment: [String: String]) throws {
        let file = fileURL.path
        guard raw.version <= Self.supportedVersion else {
            throw ImpactError(
                .config,
                "\(file): version \(raw.version) is newer than this impactmon reads (\(Self.supportedVersion)); upgrade impactmon"
            )
        }
        guard raw.name.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw ImpactError(.config, "\(file): name \"\(raw.name)\" must be lower-case letters, digits and '-'")
        }
        let base = fileURL.deletingLastPathComponent()
        func resolve(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
        }
        version = raw.version
        name = raw.name
        title = raw.title ?? raw.name
        titleEN = raw.title_en ?? ""
        switch (raw.municipality, raw.scope) {
        case (let m?, nil), (let m?, "municipality"?):
            scope = .municipality
            municipalityCode = RegioCode(m.code)
            municipalityName = m.name
        case (nil, "national"?):
            scope = .national
            municipalityCode = RegioCode("NL01")
            municipalityName = "Nederland"
        case (_?, "national"?):
            throw ImpactError(
                .config,
                "\(file): `scope: national` computes every municipality; remove `municipality:` (or remove `scope:`)")
        case (nil, nil), (nil, "municipality"?):
            throw ImpactError(
                .config,
                "\(file): missing key \"municipality\" ({code: GM0392, name: Haarlem}), or write `scope: national`")
        case (_, let other?):
            throw ImpactError(.config, "\(file): scope \"\(other)\" is unknown (municipality or national)")
        }
        defaultPeriod = raw.default_period ?? "previous"
        if defaultPeriod != "previous" {
            do { _ = try Quarter(parsing: defaultPeriod) } catch {
                throw ImpactError(.config, "\(file): default_period \"\(defaultPeriod)\": \(error.message)")
            }
        }
        timezone = raw.timezone ?? "Europe/Amsterdam"
        guard TimeZone(identifier: timezone) != nil else {
            throw ImpactError(.config, "\(file): timezone \"\(timezone)\" is not a known IANA zone")
        }
        registryURL = resolve(raw.registry)
        metricsURL = resolve(raw.metrics)
        themesURL = resolve(raw.themes)
        measureRulesURL = raw.measure_rules.map(resolve)
        boundaryChangesURL = raw.boundary_changes.map(resolve)
        registryHistoryURL = raw.registry_history.map(resolve)
        if let c = raw.regional_classification {
            guard let value = RegionalClassification(rawValue: c) else {
                throw ImpactError(
                    .config,
                    "\(file): regional_classification \"\(c)\" is not known; write per_period (CBS indeling per peildatum) or current (actuele indeling)"
                )
            }
            regionalClassification = value
        }
        assessmentURL = raw.assessment.map(resolve)
        self.fileURL = fileURL
        var seen = Set<String>()
        var sources: [SourceDefinition] = []
        for (i, s) in raw.sources.enumerated() {
            guard s.id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
                throw ImpactError(
                    .config, "\(file): sources[\(i)].id \"\(s.id)\" must be lower-case letters, digits and '-'")
            }
            guard seen.insert(s.id).inserted else {
                throw ImpactError(.config, "\(file): source id \"\(s.id)\" is used twice; ids must be unique")
            }
            guard SourceDefinition.Connector(rawValue: s.connector) != nil else {
                let known = SourceDefinition.Connector.allCases.map(\.rawValue).joined(separator: ", ")
                throw ImpactError(
                    .config, "\(file): source \(s.id): connector \"\(s.connector)\" is unknown (known: \(known))")
            }
            let source = SourceDefinition(raw: s, base: base, environment: environment)
            try source.checkDeclaredReading(file: file)
            sources.append(source)
        }
        self.sources = sources
        headlineMetrics = raw.report?.headline_metrics ?? []
        if let g = raw.peer_group {
            let group = PeerGroup(
                name: g.name, basis: g.basis ?? "", classificationYear: g.classification_year,
                members: g.regions.map { PeerGroup.Member(code: RegioCode($0.code), name: $0.name) })
            let problems = group.problems(municipality: municipalityCode)
            guard problems.isEmpty else {
                throw ImpactError(.config, problems.map { "\(file): \($0)" }.joined(separator: "\n"))
            }
            peerGroup = group
        }
        reportLanguages = raw.report?.languages ?? []
        strict = raw.strict ?? false
        fetchSettings = raw.fetch?.settings ?? FetchSettings()
        publishFolder = raw.publish?.folder.map(resolve)
        fetchSettings.caBundle = fetchSettings.caBundle.map { resolve($0).path }
        fetchSettings.caPath = fetchSettings.caPath.map { resolve($0).path }
        try fetchSettings.validate(file: file)
        for (i, s) in raw.sources.enumerated() {
            if let v = s.ca_bundle, !FileManager.default.isReadableFile(atPath: resolve(v).path) {
                throw ImpactError(
                    .config,
                    "\(file): sources[\(i)] (\(s.id)).ca_bundle = \"\(v)\" is invalid; the file does not exist or is not readable"
                )
            }
        }
        for i in self.sources.indices {
            self.sources[i].caBundle = raw.sources[i].ca_bundle.map { resolve($0).path }
            self.sources[i].caPath = raw.sources[i].ca_path.map { resolve($0).path }
        }
        if let raw = raw.schedule {
            var rules: [Stage: Schedule.Rule] = [:]
            for (key, value) in raw.stages {
                guard let stage = Stage(rawValue: key) else {
                    throw ImpactError(
                        .config, "\(file): schedule.\(key) is not a stage (fetch, normalize, compute, report)")
                }
                do {
                    rules[stage] = try Schedule.parseRule(value)
                } catch let e as ImpactError {
                    throw ImpactError(.config, "\(file): schedule.\(key): \(e.message)")
                }
            }
            var from: Quarter?
            if let f = raw.catchUpFrom {
                do { from = try Quarter(parsing: f) } catch {
                    throw ImpactError(.config, "\(file): schedule.catch_up_from: \(error.message)")
                }
            }
            schedule = Schedule(rules: rules, catchUpFrom: from)
        }
    }

    /// Resolves `--period` (`2026Q3`, `previous`, or empty for the pipeline's default) to a quarter.
    /// `previous` is the last complete quarter on today's date in the pipeline's time zone.
    /// - Throws: ``ImpactError`` with ``ExitStatus/usage`` for text that is not a quarter.
    package func resolvePeriod(_ text: String?, now: Date = Date()) throws -> Quarter {
        let t = (text?.isEmpty ?? true) ? defaultPeriod : (text ?? defaultPeriod)
        if t == "previous" {
            let zone = TimeZone(identifier: timezone) ?? .amsterdam
            return Quarter.lastComplete(on: CivilDate.today(in: zone, now: now))
        }
        let zone = TimeZone(identifier: timezone) ?? .amsterdam
        let q: Quarter
        do {
            q = try Quarter(parsing: t)
        } catch {
            let origin = (text?.isEmpty ?? true) ? "\(fileURL.path): default_period" : "--period"
            throw ImpactError((text?.isEmpty ?? true) ? .config : .usage, "\(origin) \"\(t)\": \(error.message)")
        }
        let latest = Quarter.lastComplete(on: CivilDate.today(in: zone, now: now))
        guard q <= latest else {
            throw ImpactError(
                .usage,
                "period \(q) has not ended yet (today is \(CivilDate.today(in: zone, now: now)) in \(timezone)); the last complete quarter is \(latest)"
            )
        }
        return q
    }
}

extension PipelineDefinition {
    /// Whether this is a national pipeline (`scope: national`).
    package var isNational: Bool { scope == .national }

    /// The municipalities a run computes: the partition when set, else nil for "every municipality in the inputs"
    /// (national) or the programme's municipality.
    package var municipalities: [RegioCode]? {
        if let partition { return [partition] }
        return isNational ? nil : [municipalityCode]
    }

    /// This national pipeline restricted to one municipality (one partition of the fan-out, docs/scaling.md): it
    /// reads the same national inputs, keeps the records of `code` (the rest are counted as filtered in the ledger)
    /// and writes `output/<name>@<code>/<period>/`, computed exactly as the national run computes that municipality.
    /// - Throws: ``ImpactError`` `.usage` when the pipeline is not national or `code` is not `GM` + 4 digits.
    package func partitioned(to code: String) throws -> PipelineDefinition {
        guard isNational else {
            throw ImpactError(
                .usage,
                "--municipality needs a national pipeline (`scope: national`); \(fileURL.lastPathComponent) is for \(municipalityCode.code)"
            )
        }
        guard code.range(of: "^GM[0-9]{4}$", options: .regularExpression) != nil else {
            throw ImpactError(.usage, "--municipality \"\(code)\": write a CBS gemeentecode, GM + 4 digits (GM0363)")
        }
        var d = self
        d.partition = RegioCode(code)
        d.municipalityCode = RegioCode(code)
        d.municipalityName = code
        d.name = "\(name)@\(code)"
        return d
    }
}

/// What a pipeline reports on (`scope:` in the pipeline file).
package enum PipelineScope: String, Sendable {
    /// One municipality (`municipality: {code, name}`): the programme report.
    case municipality
    /// Every municipality (`scope: national`): one partition per gemeentecode.
    case national
}

/// One source of a pipeline: a connector and its parameters, as written in the pipeline file.
package struct SourceDefinition: Sendable {
    /// `connector:`: which connector fetches and parses the source; the raw value is the name as written in the
    /// pipeline file (`cbs-odata-v4`).
    package enum Connector: String, Sendable, CaseIterable {
        case cbsODataV4 = "cbs-odata-v4"
        case cbsODataV3 = "cbs-odata-v3"
        case kvkBasisprofiel = "kvk-basisprofiel"
        case ckan
        case csv
        case json
        case statlineCSV = "statline-csv"
    }
    /// `id:`: the source's unique id, `[a-z0-9-]` (`cbs-bijstand`); names its folder `fetch/<id>/` and the source in
    /// rejects, the ledger and run warnings.
    package var id: String
    /// `connector:`, checked against ``Connector`` when the file is loaded (an unknown name is exit 78).
    package var connector: Connector
    /// The URL as written (may be relative, may contain `{quarter}` or `{kvk_number}`).
    package var url: String
    /// The URL resolved: absolute `https://`/`http://`, or `file://` against the pipeline folder.
    package var resolvedURL: String
    /// `required:` (default false): a required source that cannot be fetched, or whose `{quarter}` URL lacks the
    /// run's own quarter, ends the run (exit 69; 78 for a configuration error); an optional one becomes a warning and
    /// falls back to its last good stored bodies where there are any.
    package var required: Bool
    /// `table:`: the CBS table id (`37789ksz`) of a CBS or `statline-csv` source, `${NAME}` expanded; nil for the other
    /// connectors. The report's list of sources names the table by it.
    package var table: String?
    /// CKAN dataset name.
    package var dataset: String?
    /// CBS v3: `untyped` (default) or `typed`.
    package var dataSet: String?
    /// CBS: other dimensions to select, key → codes (`Geslacht: [T001038]`).
    package var filters: [String: [String]]
    /// `resource_id:` of a `ckan` source: the resource a DataStore table (`datastore: true`) is read from, or for a
    /// download the id remembered from an earlier run, only to report a change.
    package var resourceID: String?
    /// `pinned_url:` of a `ckan` source: a download URL remembered from an earlier run (`${NAME}` expanded); its
    /// resource id is compared like ``resourceID``.
    package var pinnedURL: String?
    /// CKAN `package_search` query.
    package var query: String?
    /// `measures:` of a CBS or `statline-csv` source: the measure codes or Topic keys to keep (`D000203_2`), sent to
    /// a CBS server (v4 `$filter`, v3 `$select`) and applied client-side again; empty: all.
    package var measures: [String]
    /// `regions:` of a CBS or `statline-csv` source: the `RegioS` codes to keep (`GM0392`, `NL01`), sent as `$filter`
    /// and applied client-side again; empty = all.
    package var regions: [String]
    /// `period_from:` of a CBS or `statline-csv` source: the first year (`2019`) whose periods are kept; nil = all.
    package var periodFrom: Int?
    /// `first_quarter:` of a source whose URL holds `{quarter}`: the first quarter fetched (`2020Q1`), up to the run's
    /// period (nil: the run's period only); the earliest over all sources is where compute's history starts.
    package var firstQuarter: String?
    /// `record:` of a `csv` or `ckan` source: the column mapping its tables are read with, a raw value of
    /// Normalization's `RecordKind` (`impact_return`, `procurement_award`, `establishment`, `subsidy_award`); a table
    /// without it fails normalize with exit 78.
    package var record: String?
    /// `resource_name:` of a `ckan` source: the resource's name within ``dataset`` (looked up through `package_show` on
    /// every run), or a `*` pattern for the resources a ``query`` finds.
    package var resourceName: String?
    /// `format:` of a `ckan` source: the resource format to pick (`CSV`, `JSON`); nil = any format.
    package var format: String?
    /// `title:`: the source's name in the report's list of sources (after `CBS StatLine <table>:` for a CBS OData
    /// source); without it the report shows the table id alone for CBS, else the id with its dashes as spaces.
    package var title: String?
    /// `metadata:` of a `statline-csv` source: the table's metadata CSV, resolved like ``resolvedURL``.
    package var metadataURL: String?
    /// `datastore:` of a `ckan` source: read the resource's DataStore table through `datastore_search`.
    package var datastore: Bool = false
    /// `datastore_sql:` with `datastore: true`: page through `datastore_search_sql` (issue 20).
    package var datastoreSQL: Bool = false
    /// `pinned_title:` of a CBS source: the table title the metrics were written for (checked on every fetch).
    package var pinnedTitle: String?
    /// `pinned_modified:` of a CBS source: the table's `Modified` the figures were checked against.
    package var pinnedModified: String?
    /// `select:` of a CKAN `query` source: `all` (default) or `newest` of the matching resources.
    package var select: String?
    /// `headers:`: request headers sent with every request of the source, `${NAME}` expanded. A header whose value
    /// came from the environment, or whose name marks a credential (`Authorization`, `apikey`, `*token*`, `*key*`),
    /// is secret: masked in every output, log and error message and never stored.
    package var headers: [String: String]
    /// Names of ``headers`` whose values are secrets.
    package var secretHeaderNames: Set<String>
    /// `allow_hosts:`: hosts, besides the source's own, that its pagination links, redirects and CKAN resource URLs
    /// may lead to (docs/FETCHING.md, "Links").
    package var allowHosts: [String]
    /// `ca_bundle:` / `ca_path:` of this source (absolute), overriding `fetch.ca_bundle` / `fetch.ca_path`.
    package var caBundle: String? = nil
    /// See ``caBundle``.
    package var caPath: String? = nil
    /// `encoding:` of a CSV source as written (`UTF-8` or `windows-1252`); `nil`: detected.
    package var encodingName: String? = nil
    /// `number_format:` of a CSV source as written (`decimal`, `thousands`); `nil`: detected.
    package var numberFormatKeys: (decimal: String, thousands: String?)? = nil
    /// `${NAME}` references whose variable is unset or empty; fetching the source is then a configuration error.
    package var missingVariables: [String]
    /// Credentials written literally in the pipeline file (`user:password@`, a secret query parameter, a secret
    /// header), one sentence each, for `impactmon validate` warnings. The values themselves are never included.
    package var literalSecrets: [String]

    init(raw: RawSource, base: URL, environment: [String: String] = [:]) {
        id = raw.id
        connector = Connector(rawValue: raw.connector) ?? .csv
        url = raw.url
        var missing: [String] = []
        func expand(_ text: String) -> String {
            let e = Secrets.expand(text, environment: environment)
            missing += e.missing
            return e.text
        }
        let expandedURL = expand(raw.url)
        if expandedURL.hasPrefix("http://") || expandedURL.hasPrefix("https://") || expandedURL.hasPrefix("file://") {
            resolvedURL = expandedURL
        } else if expandedURL.hasPrefix("/") {
            resolvedURL = "file://" + expandedURL
        } else {
            resolvedURL = "file://" + base.appendingPathComponent(expandedURL).standardizedFileURL.path
        }
        required = raw.required ?? false
        table = raw.table.map(expand)
        dataset = raw.dataset.map(expand)
        dataSet = raw.data_set
        filters = (raw.filters ?? [:]).mapValues { $0.map(expand) }
        resourceID = raw.resource_id
        pinnedURL = raw.pinned_url.map(expand)
        query = raw.query.map(expand)
        measures = raw.measures ?? []
        regions = raw.regions ?? []
        periodFrom = raw.period_from
        firstQuarter = raw.first_quarter
        record = raw.record
        resourceName = raw.resource_name
        format = raw.format
        title = raw.title
        metadataURL = raw.metadata.map { Self.resolve(expand($0), base: base) }
        datastore = raw.datastore ?? false
        datastoreSQL = raw.datastore_sql ?? false
        pinnedTitle = raw.pinned_title
        pinnedModified = raw.pinned_modified
        select = raw.select
        encodingName = raw.encoding
        numberFormatKeys = raw.number_format.map { ($0.decimal, $0.thousands) }
        var headers: [String: String] = [:]
        var secret: Set<String> = []
        var literal: [String] = []
        for (name, value) in raw.headers ?? [:] {
            let fromEnvironment = Secrets.referencesEnvironment(value)
            headers[name] = expand(value)
            if fromEnvironment || Secrets.isSecretHeader(name) { secret.insert(name.lowercased()) }
            if !fromEnvironment && Secrets.isSecretHeader(name) {
                Secrets.register(value)
                literal.append("header \(name) holds a literal credential")
            }
        }
        self.headers = headers
        secretHeaderNames = secret
        allowHosts = raw.allow_hosts ?? []
        missingVariables = Array(Set(missing)).sorted()
        literal += Self.literalURLSecrets(raw.url, field: "url")
        if let p = raw.pinned_url { literal += Self.literalURLSecrets(p, field: "pinned_url") }
        literalSecrets = literal
    }

    /// Literal credentials in a URL as written: a user-info password or a secret query parameter not taken from
    /// `${NAME}`. Each is registered for masking; the sentences name the place, never the value.
    private static func literalURLSecrets(_ url: String, field: String) -> [String] {
        guard
            let c = URLComponents(
                string: url.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""))
        else { return [] }
        var found: [String] = []
        if let pw = c.percentEncodedPassword, !pw.isEmpty, !pw.hasPrefix("$") {
            Secrets.register(pw)
            found.append("\(field) has a literal password in user:password@")
        }
        for item in c.percentEncodedQueryItems ?? [] where Secrets.isSecretParameter(item.name) {
            guard let v = item.value, !v.isEmpty, !v.hasPrefix("$") else { continue }
            Secrets.register(v)
            found.append("\(field) has a literal value for the secret query parameter \(item.name)")
        }
        return found
    }
}

struct RawPipeline: Decodable {
    struct Municipality: Decodable {
        var code: String
        var name: String
    }
    var version: Int
    var name: String
    var title: String?
    var title_en: String?
    var municipality: Municipality?
    var scope: String?
    var default_period: String?
    var timezone: String?
    var registry: String
    var metrics: String
    var themes: String
    var measure_rules: String?
    var boundary_changes: String?
    var registry_history: String?
    var regional_classification: String?
    var assessment: String?
    var sources: [RawSource]
    var schedule: RawSchedule?
    var report: RawReport?
    var fetch: RawFetchSettings?
    var strict: Bool?
    var peer_group: RawPeerGroup?
    var publish: RawPublish?
}

/// `publish:` (docs/OPERATIONS.md, "Publishing a report").
struct RawPublish: Decodable {
    var folder: String?
}

/// `peer_group:` (``PeerGroup``).
struct RawPeerGroup: Decodable {
    var name: String
    var basis: String?
    var classification_year: Int
    var regions: [RawPipeline.Municipality]
}

struct RawReport: Decodable {
    var headline_metrics: [String]?
    var languages: [String]?
}

/// `schedule:`: `catch_up_from` plus one rule per stage name.
struct RawSchedule: Decodable {
    var catchUpFrom: String?
    var stages: [String: String]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var stages: [String: String] = [:]
        for k in c.allKeys where k.stringValue != "catch_up_from" {
            stages[k.stringValue] = try c.decode(String.self, forKey: k)
        }
        self.stages = stages
        catchUpFrom = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "catch_up_from"))
    }
}

struct RawSource: Decodable {
    var id: String
    var connector: String
    var url: String
    var required: Bool?
    var table: String?
    var dataset: String?
    var data_set: String?
    var filters: [String: [String]]?
    var resource_id: String?
    var pinned_url: String?
    var query: String?
    var measures: [String]?
    var regions: [String]?
    var period_from: Int?
    var first_quarter: String?
    var record: String?
    var resource_name: String?
    var format: String?
    var title: String?
    var headers: [String: String]?
    var allow_hosts: [String]?
    var ca_bundle: String?
    var ca_path: String?
    var metadata: String?
    var datastore: Bool?
    var datastore_sql: Bool?
    var pinned_title: String?
    var pinned_modified: String?
    var select: String?
    var encoding: String?
    var number_format: RawNumberFormat?
}

/// `number_format:` of a CSV source (docs/ARCHITECTURE.md, "CSV sources").
struct RawNumberFormat: Decodable {
    var decimal: String
    var thousands: String?
}

/// Turns a `DecodingError` into a sentence naming the key path.
func describe(_ error: DecodingError) -> String {
    func path(_ p: [any CodingKey]) -> String {
        p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
    switch error {
    case .keyNotFound(let key, let ctx):
        let at = path(ctx.codingPath)
        return "missing key \"\(key.stringValue)\"\(at.isEmpty ? "" : " in \(at)")"
    case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
        return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
    case .dataCorrupted(let ctx):
        return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}
