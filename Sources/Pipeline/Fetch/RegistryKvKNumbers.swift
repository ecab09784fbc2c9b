import Foundation
import ImpactModel
import Normalization

extension PipelineDefinition {
    /// The registry's KvK-nummers (repaired as the normalize stage repairs them), for `kvk-basisprofiel` sources.
    func registryKvKNumbers() -> [KvKNumber] {
        guard sources.contains(where: { $0.connector == .kvkBasisprofiel }),
            let data = try? Data(contentsOf: registryURL),
            let config = try? NormalizationConfig.load(themes: themesURL)
        else { return [] }
        let load = RegistryLoader.load(data, file: registryURL.path, themes: config.themes)
        return Array(Set(load.enterprises.map(\.kvkNumber))).sorted()
    }
}
