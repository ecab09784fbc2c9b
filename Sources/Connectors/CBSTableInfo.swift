import Foundation
import ImpactModel

/// What CBS says about a table as a whole, read from the stored bodies of every fetch: v4 `Properties`
/// (`Identifier`, `Title`, `Modified`, `Status`, `VersionReason`), v3 `TableInfos` (`Identifier`, `Title`, `Modified`,
/// `OutputStatus`, `ReasonDelivery`), or a StatLine metadata CSV (its `TableInfos` section).
///
/// Source of the fields: CBS "Handleiding CBS open data services" (2017) and the real replies in
/// `../shared/data/real/cbs-v4-checkdecijfers/<table>/properties.json` (`"Status": "Regulier"`,
/// `"VersionReason": "Actualisering bijzonder"`) and `cbs-v3-cbsodata3jl/tables_1.json` (`"OutputStatus":
/// "Gediscontinueerd"`). A table whose status is `Gediscontinueerd` (or `Gestopt`) is no longer updated; CBS
/// continues the series in another table.
package struct CBSTableInfo: Sendable, Hashable, Codable {
    /// The table id as CBS writes it (`37789ksz`).
    package var table: String
    /// `Title`.
    package var title: String
    /// `Modified` as written (`2026-06-30T00:00:00+02:00`); compared as text.
    package var modified: String
    /// `Status` (v4) or `OutputStatus` (v3): `Regulier`, `Gediscontinueerd`, …; empty when absent.
    package var status: String
    /// `VersionReason` (v4) or `ReasonDelivery` (v3): why CBS changed the table (`Correctie`, `Actualisering`).
    package var reason: String

    package init(table: String, title: String, modified: String, status: String = "", reason: String = "") {
        self.table = table
        self.title = title
        self.modified = modified
        self.status = status
        self.reason = reason
    }

    /// Whether CBS no longer updates the table (`Gediscontinueerd`, `Gestopt`).
    package var isDiscontinued: Bool {
        let s = status.lowercased()
        return s.hasPrefix("gediscontinueerd") || s.hasPrefix("gestopt") || s == "discontinued"
    }

    /// The entities ``read(from:table:)`` looks at: a caller may load only these bodies of a stored fetch.
    package static let entities: Set<String> = ["Properties", "TableInfos", StatLineCSVConnector.metadataEntity]

    /// Reads the table's info from a source's stored bodies: `Properties` (v4), `TableInfos` (v3) or the StatLine
    /// metadata CSV; `nil` when none of them was fetched (a snapshot without it) or it cannot be read.
    package static func read(from bodies: [StoredBody], table: String) -> CBSTableInfo? {
        if let p = bodies.first(where: { $0.entity == "Properties" }), let json = try? JSONBody.decode(p) {
            return CBSTableInfo(
                table: json["Identifier"]?.string ?? table, title: trim(json["Title"]?.string ?? ""),
                modified: json["Modified"]?.string ?? "", status: json["Status"]?.string ?? "",
                reason: json["VersionReason"]?.string ?? json["ReasonDelivery"]?.string ?? "")
        }
        if let t = bodies.first(where: { $0.entity == "TableInfos" }), let json = try? JSONBody.decode(t),
            let row = json["value"]?.array?.first
        {
            return CBSTableInfo(
                table: row["Identifier"]?.string ?? table, title: trim(row["Title"]?.string ?? ""),
                modified: row["Modified"]?.string ?? "", status: row["OutputStatus"]?.string ?? "",
                reason: row["ReasonDelivery"]?.string ?? "")
        }
        if let m = bodies.first(where: { $0.entity == StatLineCSVConnector.metadataEntity }),
            let meta = try? StatLineMetadata.parse(m.data, file: m.fileName), meta.title != nil || meta.modified != nil
        {
            return CBSTableInfo(
                table: meta.identifier ?? table, title: meta.title ?? "", modified: meta.modified ?? "",
                reason: meta.reasonDelivery ?? "")
        }
        return nil
    }

    /// One way a table changed between two fetches.
    package enum Change: Sendable, Hashable {
        /// A new `Title`.
        case retitled(from: String, to: String)
        /// A new `Modified`: CBS revised (or extended) the table; `reason` is its stated reason.
        case revised(from: String, to: String, reason: String)
        /// The table is (now) discontinued.
        case discontinued(status: String)

        /// One sentence naming the table and what changed.
        package func sentence(table: String) -> String {
            switch self {
            case .retitled(let a, let b): return "CBS table \(table) has a new title: \"\(a)\" → \"\(b)\""
            case .revised(let a, let b, let reason):
                return "CBS table \(table) was revised: Modified \(a) → \(b)" + (reason.isEmpty ? "" : " (\(reason))")
            case .discontinued(let s):
                return "CBS table \(table) is discontinued (status \(s)); CBS no longer updates it"
            }
        }

        /// A short subject: `Modified 2026-06-30 → 2026-09-30`, `title`, `Gediscontinueerd`.
        package var subject: String {
            switch self {
            case .retitled: return "title"
            case .revised(let a, let b, _): return "Modified \(a) → \(b)"
            case .discontinued(let s): return s
            }
        }
    }

    /// What changed from `before` (the pinned or last fetched info) to `self`; a discontinued table is reported
    /// whether or not it was before.
    package func changes(since before: CBSTableInfo?) -> [Change] {
        var out: [Change] = []
        if let before {
            if !before.title.isEmpty, !title.isEmpty, before.title != title {
                out.append(.retitled(from: before.title, to: title))
            }
            if !before.modified.isEmpty, !modified.isEmpty, before.modified != modified {
                out.append(.revised(from: before.modified, to: modified, reason: reason))
            }
        }
        if isDiscontinued { out.append(.discontinued(status: status)) }
        return out
    }
}
