import CSVCodec
import Foundation
import ImpactModel
import RunArtifacts

/// Reads the normalize stage's files back (the one reader of each), for the compute and report stages.
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
        let identitiesURL = url.deletingLastPathComponent().appendingPathComponent(RunFile.identities.name)
        guard FileManager.default.fileExists(atPath: identitiesURL.path) else { return enterprises }
        let rows = try read(identitiesURL, header: IdentityRow.csvHeader) { fields throws in
            try IdentityRow(csvFields: fields)
        }
        let byMember = Dictionary(grouping: rows, by: \.memberKvK)
        for i in enterprises.indices { enterprises[i].identities = byMember[enterprises[i].kvkNumber] ?? [] }
        return enterprises
    }

    /// Reads `normalize/ledger.json`.
    package static func readLedger(from url: URL) throws(ImpactError) -> [LedgerEntry] {
        let data = try bytes(url)
        do { return try JSONDecoder().decode([LedgerEntry].self, from: data) } catch {
            throw ImpactError(
                .dataInvalid,
                "\(url.path): not a ledger (\(SystemErrorText.describe(error))); rerun impactmon normalize")
        }
    }

    /// Reads `normalize/rejects.csv` (header ``Reject/csvHeader``; written by ``NormalizeResult``), strictly: a
    /// header that differs, a row with another number of fields or a `line` that is not a whole number is an error.
    /// - Throws: ``ImpactError`` `.dataInvalid` naming the file, line and problem.
    package static func readRejects(_ data: Data, file: String) throws(ImpactError) -> [Reject] {
        try read(data, file: file, header: Reject.csvHeader) { f throws in
            guard f.count == Reject.csvHeader.count else {
                throw ImpactError(.dataInvalid, "\(f.count) fields, expected \(Reject.csvHeader.count)")
            }
            guard f[3].isEmpty || Int(f[3]) != nil else {
                throw ImpactError(.dataInvalid, "line \"\(f[3])\" is not a whole number")
            }
            return Reject(
                sourceID: f[0], sourceRowID: f[1], file: f[2], line: Int(f[3]), field: f[4], value: f[5], reason: f[6],
                message: f[7])
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
        try read(try bytes(url), file: url.path, header: header, make)
    }

    private static func read<T>(_ data: Data, file: String, header: [String], _ make: ([String]) throws -> T)
        throws(ImpactError) -> [T]
    {
        let table: CSVTable
        do {
            table = try CSVReader.read(
                data, file: file, options: CSVReadOptions(delimiter: UInt8(ascii: ","), encoding: .utf8))
        } catch {
            throw ImpactError(.dataInvalid, error.description)
        }
        guard table.header == header else {
            throw ImpactError(
                .dataInvalid,
                "\(file):1: header is \(table.header.joined(separator: ",")); expected \(header.joined(separator: ",")). Rerun impactmon normalize with this version"
            )
        }
        var out: [T] = []
        out.reserveCapacity(table.records.count)
        for r in table.records {
            do { out.append(try make(r.fields)) } catch {
                throw ImpactError(.dataInvalid, "\(file):\(r.line): \(SystemErrorText.describe(error))")
            }
        }
        return out
    }
}
