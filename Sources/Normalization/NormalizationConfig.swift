import ConfigFiles
import Foundation
import ImpactModel

/// The configuration files of the normalize stage, read together.
package struct NormalizationConfig: Sendable {
    /// Theme ids (`config/themes.yaml`).
    package var themes: ThemeCatalog
    /// Municipal boundary changes (`config/gemeente-herindeling.csv`); empty when the file is not given.
    package var herindeling: Herindeling
    /// Quarter rules per CBS measure (`measure_rules:` in a YAML file, e.g. `config/measure-rules.yaml` or the
    /// pipeline file itself); empty when not given.
    package var measureRules: MeasureRules

    /// Reads and parses the files.
    /// - Throws: ``ImpactError`` `.config` (exit 78) naming the file that cannot be read or parsed, and why.
    package static func load(themes: URL, herindeling: URL? = nil, measureRules: URL? = nil) throws(ImpactError)
        -> NormalizationConfig
    {
        func text(_ url: URL) throws(ImpactError) -> String {
            do { return try String(contentsOf: url, encoding: .utf8) } catch {
                throw ImpactError(.config, "cannot read \(url.path): \(SystemErrorText.describe(error))")
            }
        }
        let catalog = try ThemeCatalog.parse(yaml: try text(themes), file: themes.path)
        var table = Herindeling(rules: [])
        if let h = herindeling {
            let data: Data
            do { data = try Data(contentsOf: h) } catch {
                throw ImpactError(.config, "cannot read \(h.path): \(SystemErrorText.describe(error))")
            }
            table = try Herindeling.parse(data, file: h.path)
        }
        var rules = MeasureRules()
        if let m = measureRules { rules = try MeasureRules.parse(yaml: try text(m), file: m.path) }
        return NormalizationConfig(themes: catalog, herindeling: table, measureRules: rules)
    }
}
