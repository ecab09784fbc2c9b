import CSVCodec
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

/// The normalize stage: registry → herindeling → KvK enrichment → matching and record mapping → CBS folding →
/// the ledger check.
package enum Normalizer {
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
        // 1. Registry
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
        var enterprises = load.enterprises
        var ledger = [
            LedgerEntry(sourceID: inputs.registrySourceID, recordsIn: load.recordsIn, recordsOut: enterprises.count)
        ]
        // 2. Herindeling
        let indeling = inputs.herindeling.apply(to: enterprises, on: inputs.period.lastDay, file: inputs.registryFile)
        enterprises = indeling.enterprises
        diagnostics += indeling.diagnostics
        let unresolved = indeling.diagnostics.filter { $0.code == "herindeling.unresolved" }
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
        result.ledger = ledger.sorted { $0.sourceID < $1.sourceID }
        result.diagnostics = diagnostics
        result.sortRows()
        try result.checkLedger()
        return result
    }
}
