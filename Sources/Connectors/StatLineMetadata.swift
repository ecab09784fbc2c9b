import CSVCodec
import Foundation

/// The "metadata" CSV that StatLine's download gives beside a table export (`<table>_metadata.csv`).
///
/// Shape (the real `../shared/data/real/statline-csv-ijhidding/03759ned_metadata.csv`, PROVENANCE.md §4): UTF-8
/// with BOM, `;`-separated, several sections one after another. Each section starts with a line holding only its
/// name (`"TableInfos"`, `"DataProperties"`, then one per dimension: `"Geslacht"`, `"RegioS"`, `"Perioden"`),
/// then a header line (written without quotes: `Key;Title;Description`) and the section's rows (quoted, with
/// embedded line breaks in long descriptions). The columns are those of the OData v3 entity sets of the same
/// name (CBS, "Handleiding CBS open data services", 2017): `TableInfos` (`Identifier`, `Title`, `Modified`, …),
/// `DataProperties` (`ID`, `Type`, `Key`, `Title`, `Datatype`, `Unit`, `Decimals`, …) and per dimension
/// `Key`, `Title`, `Description` (+ `Status` for the time dimension: `Definitief`, `Voorlopig`, `Nader voorlopig`).
///
/// Read with `CSVCodec` (no header record, so sections of different widths fit); codes are trimmed
/// (StatLine pads them: `"NL01  "`, `"3000   "`).
package struct StatLineMetadata: Sendable, Hashable {
    /// One code of a dimension's code list.
    package struct Code: Sendable, Hashable {
        /// `Key`, trimmed (`GM0392`, `2019JJ00`).
        package var key: String
        /// `Title` (`Haarlem`, `2019*` for a provisional year).
        package var title: String
        /// `Status` of a period (`Definitief`, `Voorlopig`, `Nader voorlopig`); `nil` in other dimensions.
        package var status: String?
    }

    /// `TableInfos.Identifier`: the table id (`03759ned`); `nil` when the section is absent.
    package var identifier: String?
    /// `TableInfos.Title`.
    package var title: String?
    /// `TableInfos.Modified`: when CBS last changed the table (`2019-05-17T02:00:00`).
    package var modified: String?
    /// `TableInfos.ReasonDelivery` (`Correctie`, `Actualisering`, …).
    package var reasonDelivery: String?
    /// The `DataProperties` rows in file order: dimensions and topics (``V3DataProperty``, as OData v3 gives them).
    package var properties: [V3DataProperty]
    /// Code lists by dimension key (`RegioS` → its codes), in file order.
    package var codeLists: [String: [Code]]

    /// Reads the metadata CSV.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: the name used in errors (the stored body's file name).
    /// - Throws: ``ConnectorError`` `.unexpectedShape` naming file and line: a CSV syntax error, no
    ///   `DataProperties` section, a section without a header line, a `DataProperties` row without `Key` or `Type`,
    ///   or a row wider than its section's header.
    package static func parse(_ data: Data, file: String) throws(ConnectorError) -> StatLineMetadata {
        let table: CSVTable
        do {
            table = try CSVReader.read(
                data, file: file, options: CSVReadOptions(hasHeader: false, rejectDuplicateHeaders: false))
        } catch {
            throw ConnectorError(.unexpectedShape, "\(error.description) (StatLine metadata CSV)", url: file)
        }
        var sections: [(name: String, line: Int, header: [String], rows: [CSVRecord])] = []
        var i = 0
        let records = table.records
        while i < records.count {
            let r = records[i]
            guard r.fields.count == 1, isSectionName(r.fields[0]) else {
                guard !sections.isEmpty else {
                    throw ConnectorError(
                        .unexpectedShape,
                        "\(file):\(r.line): expected a section name (\"TableInfos\", \"DataProperties\", …) before the "
                            + "first row; this is not a StatLine metadata export", url: file)
                }
                let width = sections[sections.count - 1].header.count
                if r.fields.count > width {
                    throw ConnectorError(
                        .unexpectedShape,
                        "\(file):\(r.line): \(r.fields.count) fields in section \(sections[sections.count - 1].name), "
                            + "whose header has \(width)", url: file)
                }
                sections[sections.count - 1].rows.append(r)
                i += 1
                continue
            }
            guard i + 1 < records.count, records[i + 1].fields.count > 1 else {
                throw ConnectorError(
                    .unexpectedShape,
                    "\(file):\(r.line): section \(r.fields[0]) has no header line (Key;Title;…)", url: file)
            }
            sections.append((r.fields[0], r.line, records[i + 1].fields.map(trim), []))
            i += 2
        }
        var out = StatLineMetadata(properties: [], codeLists: [:])
        func value(_ row: CSVRecord, _ header: [String], _ name: String) -> String? {
            guard let at = header.firstIndex(of: name), at < row.fields.count else { return nil }
            return row.fields[at]
        }
        guard sections.contains(where: { $0.name == "DataProperties" }) else {
            throw ConnectorError(
                .unexpectedShape,
                "\(file): no DataProperties section (sections: \(sections.map(\.name).joined(separator: ", "))); "
                    + "download the table's metadata again from StatLine", url: file)
        }
        for s in sections {
            switch s.name {
            case "TableInfos":
                guard let row = s.rows.first else { continue }
                out.identifier = value(row, s.header, "Identifier").map(trim)
                out.title = value(row, s.header, "Title").map(trim)
                out.modified = value(row, s.header, "Modified").map(trim)
                out.reasonDelivery = value(row, s.header, "ReasonDelivery").map(trim)
            case "DataProperties":
                for row in s.rows {
                    guard let key = value(row, s.header, "Key").map(trim), let type = value(row, s.header, "Type")
                    else {
                        throw ConnectorError(
                            .unexpectedShape, "\(file):\(row.line): DataProperties row without Key or Type", url: file)
                    }
                    out.properties.append(
                        V3DataProperty(
                            id: value(row, s.header, "ID").flatMap { Int(trim($0)) }, key: key, type: trim(type),
                            title: trim(value(row, s.header, "Title") ?? ""),
                            unit: trim(value(row, s.header, "Unit") ?? ""),
                            decimals: value(row, s.header, "Decimals").flatMap { Int(trim($0)) },
                            datatype: value(row, s.header, "Datatype").map(trim).flatMap { $0.isEmpty ? nil : $0 }))
                }
            default:
                out.codeLists[s.name] = s.rows.map { row in
                    Code(
                        key: trim(value(row, s.header, "Key") ?? ""), title: trim(value(row, s.header, "Title") ?? ""),
                        status: value(row, s.header, "Status").map(trim))
                }
            }
        }
        return out
    }

    /// A section name: a letter followed by letters, digits or `_` (a dimension key or an entity set name).
    static func isSectionName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
    }
}
