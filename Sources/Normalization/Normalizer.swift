import CSVCodec
import ConfigFiles
import Foundation
import ImpactModel

/// Everything the normalize stage reads: the registry and its configuration, and the fetched sources.
package struct NormalizeInputs: Sendable {
    /// The reporting period; herindelingen in force on its last day apply to the registry.
    package var period: Quarter
    /// `config/registry.csv` as bytes, and the name shown in diagnostics.
    package var registry: Data
    /// The registry's path as shown in diagnostics.
    package var registryFile: String
    /// A declared encoding of the registry, or `nil` to detect it.
    package var registryEncoding: TextEncodingName?
    /// The theme ids of `config/themes.yaml`.
    package var themes: ThemeCatalog
    /// How monthly CBS values fold into quarters.
    package var measureRules: MeasureRules
    /// Municipal boundary changes (`config/gemeente-herindeling.csv`).
    package var herindeling: Herindeling
    /// Observations of the CBS connectors, per source.
    package var cbsSources: [CBSSourceInput]
    /// Impact-return and procurement bodies, per source.
    package var csvSources: [CSVSourceInput]
    /// KvK Basisprofielen, when the pipeline has a `kvk-basisprofiel` source.
    package var kvk: KvKInput?
    /// The ledger's source id of the registry.
    package var registrySourceID: String
    /// The registry's validity-dated history (`registry_history:`), if the pipeline has one (issue 20).
    package var registryHistory: RegistryHistory? = nil
    /// Which municipal boundaries each quarter is counted in (`regional_classification:`).
    package var regionalClassification: RegionalClassification = .current

    /// Creates the inputs; the defaults give no rules, no herindelingen and no sources.
    package init(
        period: Quarter, registry: Data, registryFile: String = "config/registry.csv",
        registryEncoding: TextEncodingName? = nil, themes: ThemeCatalog, measureRules: MeasureRules = MeasureRules(),
        herindeling: Herindeling = Herindeling(rules: []), cbsSources: [CBSSourceInput] = [],
        csvSources: [CSVSourceInput] = [], kvk: KvKInput? = nil, registrySourceID: String = "registry"
    ) {
        self.period = period
        self.registry = registry
        self.registryFile = registryFile
        self.registryEncoding = registryEncoding
        self.themes = themes
        self.measureRules = measureRules
        self.herindeling = herindeling
        self.cbsSources = cbsSources
        self.csvSources = csvSources
        self.kvk = kvk
        self.registrySourceID = registrySourceID
    }
}

/// The registry as the normalize stage uses it: loaded, validated and with herindelingen applied.
package struct PreparedRegistry: Sendable {
    /// Registry enterprises, herindeling applied (in file order).
    package var enterprises: [Enterprise]
    /// The registry's ledger entry (rows in, enterprises out).
    package var ledger: LedgerEntry
    /// Warnings and notes of loading and herindeling (no errors: those throw).
    package var diagnostics: [Diagnostic]
    /// Registry records of a split municipality without a known successor (KNOWN-FAULTS B10).
    package var unresolvedHerindeling: [Diagnostic]
    /// The history file's ledger entry and rejected rows, when the pipeline has one.
    package var historyLedger: LedgerEntry? = nil
    package var historyRejects: [Reject] = []
}

/// The normalize stage: registry → herindeling → KvK enrichment → matching and record mapping → CBS folding →
/// the ledger check.
package enum Normalizer {
    /// Steps 1 and 2 of ``run(inputs:)``: loads and validates the registry, then applies the herindelingen in force
    /// on the period's last day. The national normalize stage calls it once and then maps source files one by one.
    /// - Throws: ``ImpactError`` `.dataInvalid` (exit 65) listing the first registry errors.
    package static func prepareRegistry(_ inputs: NormalizeInputs) throws(ImpactError) -> PreparedRegistry {
        let load = RegistryLoader.load(
            inputs.registry, file: inputs.registryFile, themes: inputs.themes, encoding: inputs.registryEncoding)
        var diagnostics = load.diagnostics
        let errors = load.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            let shown = errors.prefix(5).map(\.description).joined(separator: "\n  ")
            throw ImpactError(
                .dataInvalid,
                "\(inputs.registryFile) has \(errors.count) error(s); nothing was normalized. Fix them (impactmon validate lists all):\n  \(shown)"
            )
        }
        let ledger = LedgerEntry(
            sourceID: inputs.registrySourceID, recordsIn: load.recordsIn, recordsOut: load.enterprises.count)
        var members = load.enterprises
        var history: (rejects: [Reject], ledger: LedgerEntry)?
        if let h = inputs.registryHistory {
            let attached = h.attach(
                to: members, herindeling: inputs.herindeling, classification: inputs.regionalClassification,
                period: inputs.period, registryFile: inputs.registryFile)
            members = attached.enterprises
            diagnostics += attached.diagnostics
            history = (attached.rejects, attached.ledger)
        }
        let indeling = inputs.herindeling.apply(to: members, on: inputs.period.lastDay, file: inputs.registryFile)
        diagnostics += indeling.diagnostics
        return PreparedRegistry(
            enterprises: indeling.enterprises, ledger: ledger, diagnostics: diagnostics,
            unresolvedHerindeling: indeling.diagnostics.filter { $0.code == "herindeling.unresolved" },
            historyLedger: history?.ledger, historyRejects: history?.rejects ?? [])
    }

    /// Runs the stage in memory; nothing is written (see ``NormalizeResult/write(to:)``).
    /// - Throws: ``ImpactError`` `.dataInvalid` (exit 65) when the registry has errors, a source file cannot be read
    ///   as a table, or a ledger entry does not balance (naming the source and its counts); `.config` (exit 78) when
    ///   two sources share an id.
    package static func run(inputs: NormalizeInputs) throws(ImpactError) -> NormalizeResult {
        let ids =
            [inputs.registrySourceID] + inputs.cbsSources.map(\.sourceID) + inputs.csvSources.map(\.sourceID)
            + (inputs.kvk.map { [$0.sourceID] } ?? [])
        var seenIDs: Set<String> = []
        for id in ids where !seenIDs.insert(id).inserted {
            throw ImpactError(
                .config, "source id \"\(id)\" is used twice; give every source of the pipeline its own id")
        }
        let prepared = try prepareRegistry(inputs)
        var enterprises = prepared.enterprises
        var diagnostics = prepared.diagnostics
        var ledger = [prepared.ledger] + (prepared.historyLedger.map { [$0] } ?? [])
        let unresolved = prepared.unresolvedHerindeling
        // 3. KvK
        var outputs: [SourceOutput] = []
        if let kvk = inputs.kvk {
            let (enriched, out) = KvKEnrichment.apply(kvk, to: enterprises)
            enterprises = enriched
            outputs.append(out)
        }
        // 4. CSV sources
        let matcher = Matcher(registry: enterprises)
        for s in inputs.csvSources {
            switch s.kind {
            case .impact_return: outputs.append(try ImpactReturnMapping.map(s, matcher: matcher))
            case .procurement_award: outputs.append(try ProcurementMapping.map(s, matcher: matcher))
            case .subsidy_award: outputs.append(try SubsidyRegisterMapping.map(s, matcher: matcher))
            case .establishment:
                throw ImpactError(
                    .config,
                    "source \(s.sourceID): `record: establishment` (an establishments extract) is read by the national normalize stage only; use it in a pipeline with `scope: national`"
                )
            }
        }
        // 5. CBS sources
        for s in inputs.cbsSources { outputs.append(CBSNormalization.normalize(s, rules: inputs.measureRules)) }

        var result = NormalizeResult(
            observations: [], enterprises: enterprises.sorted { $0.kvkNumber < $1.kvkNumber }, matches: [], reviews: [],
            rejects: [], ledger: [], diagnostics: [], unresolvedHerindeling: unresolved)
        for o in outputs {
            result.observations += o.observations
            result.matches += o.matches
            result.reviews += o.reviews
            result.rejects += o.rejects
            diagnostics += o.diagnostics
            ledger.append(o.ledger)
        }
        result.rejects += prepared.historyRejects
        result.ledger = ledger.sorted { $0.sourceID < $1.sourceID }
        result.diagnostics = diagnostics
        result.sortRows()
        try result.checkLedger()
        return result
    }
}
