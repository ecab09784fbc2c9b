import CSVCodec
import ConfigFiles
import Foundation
import ImpactModel

/// The result of `impactmon validate`: every diagnostic, and the exit status it implies.
package struct ValidationReport: Sendable {
    /// Every problem, in file order.
    package var diagnostics: [Diagnostic]
    /// Number of valid registry enterprises.
    package var enterpriseCount: Int

    /// Whether any diagnostic is an error.
    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    /// 65 (data invalid) when there are errors, 0 otherwise (warnings allowed).
    package var exitStatus: ExitStatus { hasErrors ? .dataInvalid : .ok }
}

/// The library entry point of `impactmon validate` for the registry and the normalization configuration.
package enum RegistryValidation {
    /// Validates the registry against the themes.
    package static func validate(
        registry: Data, registryFile: String = "config/registry.csv", themes: ThemeCatalog,
        encoding: TextEncodingName? = nil
    ) -> ValidationReport {
        let load = RegistryLoader.load(registry, file: registryFile, themes: themes, encoding: encoding)
        return ValidationReport(diagnostics: load.diagnostics, enterpriseCount: load.enterprises.count)
    }

    /// Reads the files and validates them: `registry.csv`, `themes.yaml`, and optionally `gemeente-herindeling.csv`
    /// and a YAML file with `measure_rules:`. A configuration file that cannot be read or parsed is an error
    /// diagnostic too, so the command can list everything at once.
    package static func validate(
        registryURL: URL, themesURL: URL, herindelingURL: URL? = nil, measureRulesURL: URL? = nil
    ) -> ValidationReport {
        func fail(_ url: URL, _ message: String) -> ValidationReport {
            ValidationReport(
                diagnostics: [Diagnostic(.error, code: "config.invalid", message, file: url.path)], enterpriseCount: 0)
        }
        var extra: [Diagnostic] = []
        let themes: ThemeCatalog
        do {
            let text = try String(contentsOf: themesURL, encoding: .utf8)
            themes = try ThemeCatalog.parse(yaml: text, file: themesURL.path)
        } catch let e as ImpactError {
            return fail(themesURL, e.message)
        } catch {
            return fail(themesURL, "cannot read: \(SystemErrorText.describe(error))")
        }
        if let h = herindelingURL {
            do { _ = try Herindeling.parse(try Data(contentsOf: h), file: h.path) } catch let e as ImpactError {
                extra.append(Diagnostic(.error, code: "config.herindeling", e.message, file: h.path))
            } catch {
                extra.append(
                    Diagnostic(
                        .error, code: "config.herindeling", "cannot read: \(SystemErrorText.describe(error))",
                        file: h.path))
            }
        }
        if let m = measureRulesURL {
            do { _ = try MeasureRules.parse(yaml: try String(contentsOf: m, encoding: .utf8), file: m.path) } catch let
                e as ImpactError
            {
                extra.append(Diagnostic(.error, code: "config.measure_rules", e.message, file: m.path))
            } catch {
                extra.append(
                    Diagnostic(
                        .error, code: "config.measure_rules", "cannot read: \(SystemErrorText.describe(error))",
                        file: m.path
                    ))
            }
        }
        let data: Data
        do { data = try Data(contentsOf: registryURL) } catch {
            return fail(registryURL, "cannot read: \(SystemErrorText.describe(error))")
        }
        var report = validate(registry: data, registryFile: registryURL.path, themes: themes)
        report.diagnostics += extra
        return report
    }
}
