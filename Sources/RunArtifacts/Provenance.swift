import Foundation
import ImpactModel

/// How one value of `compute/metrics.csv` was computed: what `impactmon explain <provenance_id>` prints.
package struct Provenance: Sendable, Hashable, Codable {
    /// `<metric_id>/<entity>/<period>[/<breakdown>]`.
    package var id: String
    /// The catalogue id.
    package var metricID: String
    /// Dutch label.
    package var labelNL: String
    /// English label.
    package var labelEN: String
    /// The formula in words (catalogue `definition`).
    package var definition: String
    /// Where the definition comes from (catalogue `source`).
    package var source: String
    /// `GM0392`, a KvK-nummer or a CBS region.
    package var entity: String
    /// Quarter or CBS period code.
    package var period: String
    /// `<dimension>=<cell>` or empty.
    package var breakdown: String
    /// The input observations (source_row_ids and values) or registry facts.
    package var inputs: [InputRef]
    /// Arithmetic that reproduces the unrounded value, e.g. `(12 + 7 + 30) = 49`.
    package var arithmetic: String
    /// The published value as text (empty when not published) and its decision.
    package var value: String
    /// Publication status.
    package var status: CellStatus
    /// Revision status.
    package var valueStatus: ValueStatus
    /// Reasons and flags, including per-enterprise flags that rows do not print.
    package var notes: [String]

    /// Creates the provenance of one value.
    package init(
        id: String, metricID: String, labelNL: String, labelEN: String, definition: String, source: String,
        entity: String, period: String, breakdown: String, inputs: [InputRef], arithmetic: String, value: String,
        status: CellStatus, valueStatus: ValueStatus, notes: [String]
    ) {
        self.id = id
        self.metricID = metricID
        self.labelNL = labelNL
        self.labelEN = labelEN
        self.definition = definition
        self.source = source
        self.entity = entity
        self.period = period
        self.breakdown = breakdown
        self.inputs = inputs
        self.arithmetic = arithmetic
        self.value = value
        self.status = status
        self.valueStatus = valueStatus
        self.notes = notes
    }

    /// Plain-text explanation, one fact a line; notes as stored (``explanation(wording:)`` words them).
    package var explanation: String { explanation(wording: { $0 }) }

    /// Plain-text explanation, one fact a line, each note (a stored note code, or a KvK-nummer and one) as
    /// `wording` writes it.
    package func explanation(wording: (String) -> String) -> String {
        var lines = [
            "\(id)",
            "  \(labelNL) / \(labelEN)",
            "  definitie: \(definition)",
            "  bron: \(source)",
            "  berekening: \(arithmetic)",
            "  waarde: \(value.isEmpty ? "(niet gepubliceerd)" : value)  status: \(status.rawValue)  \(valueStatus.rawValue)",
        ]
        for n in notes { lines.append("  noot: \(wording(n))") }
        lines.append("  invoer (\(inputs.count)):")
        for i in inputs {
            lines.append(
                "    \(i.sourceRowID)  \(i.entity)  \(i.measure)  \(i.period)  \(i.value.map(formatNumber) ?? ".")")
        }
        return lines.joined(separator: "\n")
    }

    /// Reads `compute/provenance.json` (written by ``MetricRun/provenanceJSON()``), keyed by id, for
    /// `impactmon explain <provenance_id>` in a later process.
    /// - Throws: ``ImpactError`` (`.dataInvalid`) naming the file when it is not that JSON.
    package static func read(_ data: Data, file: String = RunFile.provenance.path) throws -> [String: Provenance] {
        do {
            let list = try JSONDecoder().decode([Provenance].self, from: data)
            return Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        } catch {
            throw ImpactError(
                .dataInvalid,
                "\(file): not a provenance file (\(SystemErrorText.describe(error))); rerun `impactmon compute`")
        }
    }
}
