import Foundation
import ImpactModel
import Normalization

extension PipelineDefinition {
    /// The normalize stage's config: `config/themes.yaml`, the boundary changes and the measure rules.
    /// - Throws: ``ImpactError`` `.config` for an unreadable or invalid file.
    func normalizationConfig() throws -> NormalizationConfig {
        try NormalizationConfig.load(themes: themesURL, herindeling: boundaryChangesURL, measureRules: measureRulesURL)
    }

    /// The registry file's bytes.
    /// - Throws: ``ImpactError`` `.config` naming the file when it cannot be read.
    func registryData() throws -> Data {
        do { return try Data(contentsOf: registryURL) } catch {
            throw ImpactError(
                .config, "registry \(registryURL.path) cannot be read: \(SystemErrorText.describe(error))")
        }
    }

    /// `url` relative to the folder of the pipeline file (`config/registry.csv`), as files are named in messages.
    func relativeToProject(_ url: URL) -> String {
        relativePath(url, from: baseURL.deletingLastPathComponent())
    }
}
