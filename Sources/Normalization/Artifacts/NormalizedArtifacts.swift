import CSVCodec
import Foundation
import ImpactModel

/// Reads the normalize stage's files back, for the compute stage.
package enum NormalizedArtifacts {
    /// Reads `normalize/observations.csv`.
    /// - Throws: ``ImpactError`` `.dataInvalid` naming the file, line and problem (a header that is not
    ///   ``Observation/csvHeader``, a malformed row); `.failure` when the file cannot be read.
    package static func readObservations(from url: URL) throws(ImpactError) -> [Observation] {
        try read(url, header: Observation.csvHeader) { fields throws in try Observation(csvFields: fields) }
    }

    /// Reads `normalize/enterprises.csv`.
    /// - Throws: as ``readObservations(from:)``.
    package static func readEnterprises(from url: URL) throws(ImpactError) -> [Enterprise] {
        try read(url, header: Enterprise.csvHeader) { fields throws in try Enterprise(csvFields: fields) }
    }

    /// Reads `normalize/enterprises.csv` and, when the registry has a history, `normalize/identities.csv` beside
    /// it, and attaches each member's identity rows (issue 20).
    /// - Throws: as ``readObservations(from:)``.
    package static func readEnterprisesWithIdentities(from url: URL) throws(ImpactError) -> [Enterprise] {
        var enterprises = try readEnterprises(from: url)
        let identitiesURL = url.deletingLastPathComponent().appendingPathComponent("identities.csv")
        guard FileManager.default.fileExists(atPath: identitiesURL.path) else { return enterprises }
        let rows = try read(identitiesURL, header: IdentityRow.csvHeader) { fields throws in try IdentityRow(csvFields: fields) }
        let byMember = Dictionary(grouping: rows, by: \.memberKvK)
        for i in enterprises.indices { enterprises[i].identities = byMember[enterprises[i].kvkNumber] ?? [] }
        return enterprises
    }

    /// Reads `normalize/ledger.json`.
    package static func readLedger(from url: URL) throws(ImpactError) -> [LedgerEntry] {
        let data = try bytes(url)
        do { return try JSONDecoder().decode([LedgerEntry].self, from: data) } catch {
            throw ImpactError(.dataInvalid, "\(url.path): not a ledger (\(SystemErrorText.describe(error))); rerun impactmon normalize")
        }
    }

    private static func bytes(_ url: URL) throws(ImpactError) -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw ImpactError(
                .failure, "cannot read \(url.path): \(SystemErrorText.describe(error)); run impactmon normalize first")
        }
    }

    private static func read<T>(_ url: URL, header: [String], _ make: ([String]) throws -> T) throws(ImpactError) -> [T]
    {
        let data = try bytes(url)
        let table: CSVTable
        do {
            table = try CSVReader.read(
                data, file: url.path, options: CSVReadOptions(delimiter: UInt8(ascii: ","), encoding: .utf8))
        } catch {
            throw ImpactError(.dataInvalid, error.description)
        }
        guard table.header == header else {
            throw ImpactError(
                .dataInvalid,
                "\(url.path):1: header is \(table.header.joined(separator: ",")); expected \(header.joined(separator: ",")). Rerun impactmon normalize with this version"
            )
        }
        var out: [T] = []
        out.reserveCapacity(table.records.count)
        for r in table.records {
            do { out.append(try make(r.fields)) } catch {
                throw ImpactError(.dataInvalid, "\(url.path):\(r.line): \(SystemErrorText.describe(error))")
            }
        }
        return out
    }
}
