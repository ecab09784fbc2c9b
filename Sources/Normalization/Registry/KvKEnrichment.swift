import ImpactModel

/// The KvK Basisprofielen fetched for the registry's KvK-nummers.
package struct KvKInput: Sendable, Hashable {
    /// The pipeline source id (`kvk`).
    package var sourceID: String
    /// Profiles found (HTTP 200 or a stored file).
    package var profiles: [KvKProfile]
    /// KvK-nummers asked for and not found (HTTP 404 or a missing file): not in the Handelsregister.
    package var notFound: [KvKNumber]

    /// Creates the KvK input.
    package init(sourceID: String, profiles: [KvKProfile], notFound: [KvKNumber] = []) {
        self.sourceID = sourceID
        self.profiles = profiles
        self.notFound = notFound
    }
}

/// Merges KvK Basisprofielen into registry enterprises.
///
/// - `kvkRegistrationDate` is taken from `materieleRegistratie.datumAanvang`.
/// - SBI: an empty registry SBI code is filled with the KvK main activity (a note); a registry code that disagrees
///   with the main activity at the precision of the shorter code is a warning (the registry is kept: the programme
///   may classify the social activity deliberately).
/// - A registry name that shares little with the KvK name (similarity < 0.5) is a warning.
/// - A registry KvK-nummer without a profile (`notFound`, or simply absent) is a warning (`kvk.not_found`); a
///   profile whose KvK-nummer is not in the registry is rejected (`kvk.not_in_registry`).
/// Source: KvK API Basisprofiel v1 (`kvkNummer`, `naam`, `materieleRegistratie.datumAanvang`, `sbiActiviteiten`).
package enum KvKEnrichment {
    /// Merges the profiles into `enterprises` (same order) and accounts for every profile in the ledger.
    package static func apply(_ input: KvKInput, to enterprises: [Enterprise]) -> (
        enterprises: [Enterprise], output: SourceOutput
    ) {
        var out = SourceOutput(sourceID: input.sourceID)
        out.ledger.recordsIn = input.profiles.count
        let registry = Set(enterprises.map(\.kvkNumber))
        var order: [KvKNumber] = []
        var groups: [KvKNumber: [KvKProfile]] = [:]
        for p in input.profiles {
            if groups[p.kvkNumber] == nil { order.append(p.kvkNumber) }
            groups[p.kvkNumber, default: []].append(p)
        }
        var byKvK: [KvKNumber: KvKProfile] = [:]
        for k in order {
            guard let group = groups[k], let first = group.first else { continue }
            let rowID = "basisprofiel:\(k.digits)"
            let file = "kvk/\(k.digits).json"
            if !registry.contains(k) {
                for _ in group {
                    out.reject(
                        rowID, file: file, line: nil, field: "kvkNummer", value: k.digits,
                        reason: .kvkNotInRegistry,
                        message: "a Basisprofiel was supplied for KvK-nummer \(k.digits), which is not in the registry")
                }
            } else if Set(group).count > 1 {
                for _ in group {
                    out.reject(
                        rowID, file: file, line: nil, field: "kvkNummer", value: k.digits, reason: .duplicateConflict,
                        message: "\(group.count) different Basisprofielen for KvK-nummer \(k.digits); none is used")
                }
            } else {
                byKvK[k] = first
                out.ledger.merged += group.count - 1
            }
        }
        let notFound = Set(input.notFound)
        var result: [Enterprise] = []
        for var e in enterprises {
            guard let p = byKvK[e.kvkNumber] else {
                let why =
                    notFound.contains(e.kvkNumber)
                    ? "is not in the Handelsregister (404)" : "has no Basisprofiel in the fetched data"
                out.diagnostics.append(
                    Diagnostic(
                        .warning, code: "kvk.not_found",
                        "KvK-nummer \(e.kvkNumber.digits) (\(e.name)) \(why); check the number in config/registry.csv",
                        file: "config/registry.csv", line: e.registryLine, field: "kvk_number"))
                result.append(e)
                continue
            }
            out.ledger.recordsOut += 1
            e.kvkRegistrationDate = p.registrationDate ?? e.kvkRegistrationDate
            if let kvkSBI = p.mainSBICode {
                if let own = e.sbiCode {
                    if !SBI2008.agree(own.code, kvkSBI.code) {
                        out.diagnostics.append(
                            Diagnostic(
                                .warning, code: "kvk.sbi_differs",
                                "\(own.code) differs from the KvK main activity \(kvkSBI.code); check which one the programme should report",
                                file: "config/registry.csv", line: e.registryLine, field: "sbi_code"))
                    }
                } else {
                    e.sbiCode = kvkSBI
                    out.diagnostics.append(
                        Diagnostic(
                            .note, code: "kvk.sbi_filled",
                            "empty; taken from the KvK main activity \(kvkSBI.code)",
                            file: "config/registry.csv", line: e.registryLine, field: "sbi_code"))
                }
            }
            let sim = TradeNameNormalization.similarity(e.name, p.name)
            if sim < 0.5 {
                out.diagnostics.append(
                    Diagnostic(
                        .warning, code: "kvk.name_differs",
                        "\"\(e.name)\" differs from the KvK name \"\(p.name)\" (similarity \(formatNumber((sim * 100).rounded() / 100))); check the KvK-nummer",
                        file: "config/registry.csv", line: e.registryLine, field: "name"))
            }
            result.append(e)
        }
        out.ledger.observations = 0
        return (result, out)
    }
}
