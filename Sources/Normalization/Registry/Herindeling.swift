import CSVCodec
import Foundation
import ImpactModel

/// Municipal boundary changes (gemeentelijke herindelingen) from `config/gemeente-herindeling.csv`.
///
/// Shape: `old_code,woonplaats,new_code,date` (CBS gemeentecodes, `date` = first day of the new indeling).
/// - A row with an empty `woonplaats` is a merge or rename: every record of `old_code` goes to `new_code`.
/// - Rows with a `woonplaats` describe a split (KNOWN-FAULTS B10, Haaren GM0788 in 2021): a record goes to the
///   successor of its woonplaats; a record without a woonplaats, or with one the file does not list, stays
///   unassigned with ``unresolvedReason`` and is reported. A split municipality is never mapped to one successor.
/// Source: CBS "Gemeentelijke indelingen per jaar" (herindelingen 1 januari 2021: Eemsdelta GM1979 from GM0003,
/// GM0010, GM0024; Haaren GM0788 divided over Vught GM0865, Boxtel GM0757, Tilburg GM0855, Oisterwijk GM0824).
package struct Herindeling: Hashable, Sendable {
    /// One line of the file.
    package struct Rule: Hashable, Sendable {
        /// The gemeentecode that ceased to exist (`GM0788`).
        package var oldCode: RegioCode
        /// Empty for a merge; the woonplaats (compared case-insensitively, trimmed) for a split.
        package var woonplaats: String
        /// The successor gemeentecode (`GM0824`).
        package var newCode: RegioCode
        /// First day on which `newCode` applies.
        package var date: CivilDate
        /// 1-based line in the file.
        package var line: Int
    }

    /// The outcome of mapping one (gemeentecode, woonplaats) to the indeling on a date.
    package enum Resolution: Hashable, Sendable {
        /// No change applies (the code is current on that date).
        case unchanged(RegioCode)
        /// Mapped through one or more rules.
        case mapped(RegioCode, via: [Rule])
        /// A split municipality whose successor cannot be decided for this record.
        case unresolved(RegioCode, woonplaats: String)
    }

    /// The reason written for records of a split municipality without a known successor.
    package static let unresolvedReason = "onbekende opvolger (gesplitste gemeente)"

    /// The rules, sorted by date and line.
    package let rules: [Rule]

    /// Creates a table from rules (sorted by date, then line).
    package init(rules: [Rule]) { self.rules = rules.sorted { ($0.date, $0.line) < ($1.date, $1.line) } }

    /// Parses the file.
    /// - Throws: ``ImpactError`` `.config` naming the file, line, field and value; also when one `old_code` has both
    ///   a merge row and split rows on the same date (that would map the split municipality to a single successor).
    package static func parse(_ data: Data, file: String) throws(ImpactError) -> Herindeling {
        let table: CSVTable
        do { table = try CSVReader.read(data, file: file) } catch { throw ImpactError(.config, error.description) }
        let names = ["old_code", "woonplaats", "new_code", "date"]
        var idx: [Int] = []
        for n in names {
            guard let i = table.column(n) else {
                throw ImpactError(
                    .config, "\(file): column \"\(n)\" is missing; the header must be \(names.joined(separator: ","))")
            }
            idx.append(i)
        }
        var rules: [Rule] = []
        for r in table.records {
            func cell(_ k: Int) -> String {
                idx[k] < r.fields.count ? r.fields[idx[k]].trimmingCharacters(in: .whitespaces) : ""
            }
            let old = RegioCode(cell(0))
            let new = RegioCode(cell(2))
            for (field, code) in [("old_code", old), ("new_code", new)] where !isGemeenteCode(code.code) {
                throw ImpactError(
                    .config,
                    "\(file):\(r.line): \(field) \"\(code.code)\" is not a CBS gemeentecode (GM + 4 digits, e.g. GM0392)"
                )
            }
            let date: CivilDate
            do { date = try CivilDate(parsing: cell(3)) } catch {
                throw ImpactError(.config, "\(file):\(r.line): date \"\(cell(3))\" is not a date; write yyyy-mm-dd")
            }
            rules.append(Rule(oldCode: old, woonplaats: cell(1), newCode: new, date: date, line: r.line))
        }
        var kinds: [String: (merge: Bool, split: Bool)] = [:]
        for rule in rules {
            let key = "\(rule.oldCode.code)@\(rule.date)"
            var k = kinds[key] ?? (false, false)
            if rule.woonplaats.isEmpty { k.merge = true } else { k.split = true }
            if k.merge && k.split {
                throw ImpactError(
                    .config,
                    "\(file):\(rule.line): \(rule.oldCode.code) has both a row without woonplaats (merge) and rows with a woonplaats (split) on \(rule.date); a split municipality must be mapped by woonplaats only"
                )
            }
            kinds[key] = k
        }
        return Herindeling(rules: rules)
    }

    /// Maps a gemeentecode (with the record's woonplaats) to the indeling in force on `date`, following chains of
    /// changes in date order.
    package func resolve(_ code: RegioCode, woonplaats: String, on date: CivilDate) -> Resolution {
        var current = code
        var via: [Rule] = []
        let place = Self.placeKey(woonplaats)
        for _ in 0..<16 {
            let applicable = rules.filter { $0.oldCode == current && $0.date <= date && !via.contains($0) }
            guard let first = applicable.first else { break }
            let sameChange = applicable.filter { $0.date == first.date }
            if sameChange.contains(where: { !$0.woonplaats.isEmpty }) {
                guard !place.isEmpty, let r = sameChange.first(where: { Self.placeKey($0.woonplaats) == place }) else {
                    return .unresolved(current, woonplaats: woonplaats)
                }
                via.append(r)
                current = r.newCode
            } else {
                via.append(first)
                current = first.newCode
            }
        }
        return via.isEmpty ? .unchanged(code) : .mapped(current, via: via)
    }

    private static func placeKey(_ s: String) -> String {
        IdentifierRepair.trimmed(s).lowercased()
    }

    /// `GM` followed by 4 digits.
    package static func isGemeenteCode(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return u.count == 6 && u[0] == UInt8(ascii: "G") && u[1] == UInt8(ascii: "M")
            && u[2...].allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
