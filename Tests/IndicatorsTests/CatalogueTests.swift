import ConfigFiles
import Foundation
import ImpactModel
import Indicators
import TestSupport
import Testing

@Suite struct CatalogueTests {
    static let file = SharedData.packageRoot.appendingPathComponent("config/metrics.yaml")

    @Test func shippedCatalogueLoadsAndHasAtLeast35Metrics() throws {
        let c = try MetricCatalogue.load(contentsOf: Self.file)
        #expect(c.metrics.count >= 35)
        let ids = Set(c.metrics.map(\.id))
        #expect(ids.count == c.metrics.count)
        // The metrics issue #2 needs first.
        for id in [
            "pop_active_se", "emp_headcount_total", "emp_growth_yoy_panel", "ent_emp_cagr_3y", "scale_class",
            "soc_tg_fte_share", "soc_beneficiaries_r4q", "sus_ghg_avoided_r4q", "proc_spend_share_se",
            "edu_individuals_trained_r4q", "pop_hge_share", "ctx_bijstand_nl", "ctx_unemployment_rate_nl",
            "ctx_net_participation_nl", "ctx_bankruptcies_nl", "ctx_renewable_share_nl", "ctx_vacancies_nl",
            "ctx_vacancies_nh",
        ] {
            #expect(ids.contains(id), "missing \(id)")
        }
    }

    @Test func targetGroupAndBeneficiaryMetricsUseMinN5() throws {
        let c = try MetricCatalogue.load(contentsOf: Self.file)
        for m in c.metrics
        where m.inputs.contains(where: { $0.hasPrefix("tg_") || $0 == "clients_individuals" })
            && m.level != .enterprise && m.kind != .scale_class
        {
            #expect(m.minN == 5, "\(m.id) reads target-group or beneficiary data")
        }
    }

    @Test func contextMetricsNameTheirCBSCell() throws {
        let c = try MetricCatalogue.load(contentsOf: Self.file)
        let bijstand = try #require(c.metric("ctx_bijstand_nl")?.context)
        #expect(bijstand.table == "37789ksz" && bijstand.measure == "D000203_2" && bijstand.regio == "NL01")
        let nh = try #require(c.metric("ctx_vacancies_nh")?.context)
        #expect(nh.table == "83599NED" && nh.measure == "OpenstaandeVacatures_1" && nh.regio == "PV27")
    }

    static let base = """
        version: 1
        metrics:
          - id: x_metric
            label_nl: X
            label_en: X
            theme: THEME
            class: impact
            level: programme
            unit: persons
            direction: up
            period: R4Q
            kind: KIND
            inputs: [INPUT]
            definition: d
            source: s
        """

    @Test(arguments: [
        ("economie", "formula_sum", "clients_individuals", "kind \"formula_sum\" is unknown"),
        ("werk", "flow_sum_r4q", "clients_individuals", "theme \"werk\" is not a theme of themes.yaml"),
        ("economie", "flow_sum_r4q", "clients", "input measure \"clients\" is unknown"),
        ("economie", "ratio_r4q", "clients_individuals", "reads 2 input measure(s)"),
        ("economie", "procurement_share", "clients_individuals", "reads 2 input measure(s)"),
    ])
    func invalidCatalogueIsAConfigError(theme: String, kind: String, input: String, expected: String) {
        let yaml = Self.base.replacingOccurrences(of: "THEME", with: theme)
            .replacingOccurrences(of: "KIND", with: kind).replacingOccurrences(of: "INPUT", with: input)
        do {
            // The theme ids come from config/themes.yaml (ThemeCatalog), not from a list in the code.
            let themes = try ThemeCatalog.load(SharedData.packageRoot.appendingPathComponent("config/themes.yaml"))
            _ = try MetricCatalogue.parse(yaml: yaml, file: "metrics.yaml", themes: themes)
            Issue.record("expected a configuration error")
        } catch let e as ImpactError {
            #expect(e.status == .config)
            #expect(e.message.contains("metrics.yaml:3, metric #1 \"x_metric\""))  // the line of `- id:`
            #expect(e.message.contains(expected), "\(e.message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func missingFieldNamesTheField() {
        let yaml = "version: 1\nmetrics:\n  - id: a\n    label_nl: A\n"
        #expect(throws: ImpactError.self) { try MetricCatalogue.parse(yaml: yaml) }
        do { _ = try MetricCatalogue.parse(yaml: yaml) } catch let e as ImpactError {
            #expect(e.message.contains("label_en"))
        } catch {}
    }
}
