import ImpactModel

extension Herindeling {
    /// Puts registry enterprises on the indeling in force on `date` (the last day of the reporting period).
    ///
    /// A merged municipality's code is replaced by its successor (a note per enterprise); a record of a split
    /// municipality whose woonplaats is empty or not listed keeps its old code and gets a warning
    /// `herindeling.unresolved` with ``Herindeling/unresolvedReason`` (KNOWN-FAULTS B10).
    /// - Parameters:
    ///   - enterprises: the registry, in any order (the order is kept).
    ///   - date: the date whose indeling applies.
    ///   - file: the registry path, for diagnostics.
    package func apply(to enterprises: [Enterprise], on date: CivilDate, file: String) -> (
        enterprises: [Enterprise], diagnostics: [Diagnostic]
    ) {
        var out = enterprises
        var diagnostics: [Diagnostic] = []
        for i in out.indices {
            let e = out[i]
            let place = e.woonplaats.isEmpty ? "-" : e.woonplaats
            switch resolve(e.gemeenteCode, woonplaats: e.woonplaats, on: date) {
            case .unchanged: break
            case .mapped(let code, let via):
                out[i].gemeenteCode = code
                diagnostics.append(
                    Diagnostic(
                        .note, code: "herindeling.mapped",
                        "\(e.gemeenteCode.code) (\(place)) → \(code.code) by the herindeling of \(via.last?.date.description ?? "?")",
                        file: file, line: e.registryLine, field: "gemeente_code"))
            case .unresolved(let code, _):
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "herindeling.unresolved",
                        "gemeente_code \(code.code) with woonplaats \"\(e.woonplaats)\": \(Self.unresolvedReason); fill in the woonplaats so the successor can be chosen",
                        file: file, line: e.registryLine, field: "woonplaats"))
            }
        }
        return (out, diagnostics)
    }
}
