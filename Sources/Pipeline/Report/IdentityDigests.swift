import ContentHash
import Foundation
import ImpactModel
import Normalization
import RunArtifacts

/// The registry identities of each quarter as digests, for `report/inputs.json` (``ReportBasis/identities``).
enum IdentityDigests {
    /// Quarter → the first 16 hex digits of the SHA-256 of the identity rows valid on the quarter's last day
    /// (member, KvK-nummer, vestigingsnummer, classified gemeentecode, merger; sorted), for every quarter from the
    /// earliest `geldig_van` to `period`. Nil when the run has no `normalize/identities.csv` (no registry history).
    /// - Throws: ``ImpactError`` `.dataInvalid` when the file is not the normalize stage's identities file.
    static func perQuarter(reader: RunFolderReader, upTo period: Quarter) throws(ImpactError) -> [String: String]? {
        let url = try reader.url(RunFile.identities)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let enterprises = try NormalizedArtifacts.readEnterprisesWithIdentities(
            from: RunFile.enterprises.url(inStageFolder: url.deletingLastPathComponent()))
        return digests(enterprises, upTo: period)
    }

    /// The digests of ``perQuarter(reader:upTo:)``, over the members in the programme on the quarter's last day.
    /// A member without history rows has its registry row as its
    /// identity in every quarter, so writing a history row that repeats what the registry row says changes no
    /// digest (it is not a correction).
    static func digests(_ enterprises: [Enterprise], upTo period: Quarter) -> [String: String] {
        guard let first = enterprises.flatMap(\.identities).map(\.validFrom).min() else { return [:] }
        var out: [String: String] = [:]
        var q = Quarter(containing: first)
        while q <= period {
            let lines = enterprises.compactMap { e -> String? in
                guard e.programmeEntryDate <= q.lastDay, e.exitDate.map({ q.lastDay < $0 }) ?? true else { return nil }
                let fields: [String]
                if e.identities.isEmpty {
                    fields = [
                        e.kvkNumber.digits, e.kvkNumber.digits, e.vestigingsnummer?.digits ?? "", e.gemeenteCode.code,
                        "",
                    ]
                } else if let r = e.identity(on: q.lastDay) {
                    fields = [
                        r.memberKvK.digits, r.kvkNumber.digits, r.vestigingsnummer?.digits ?? "", r.gemeenteCode.code,
                        r.mergedInto?.digits ?? "",
                    ]
                } else {
                    return nil
                }
                return fields.joined(separator: "|")
            }.sorted()
            out[q.description] = String(sha256Hex(Data(lines.joined(separator: "\n").utf8)).prefix(16))
            q = q + 1
        }
        return out
    }
}
