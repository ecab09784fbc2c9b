import CSVCodec
import Fetching
import Foundation
import ImpactModel

/// A StatLine table as its CSV download gives it (`connector: statline-csv`): the data file
/// (`<table>_UntypedDataSet_<ddmmyyyy>_<hhmmss>.csv`) and, optionally, the companion metadata CSV
/// (``StatLineMetadata``) for labels, units, decimals, code lists and period statuses.
///
/// The data file is the OData v3 `UntypedDataSet` in CSV form (PROVENANCE.md §4, the real exports in
/// `../shared/data/real/statline-csv-ijhidding/`): UTF-8 with BOM, `;`, every field quoted, a header of column keys
/// (`"ID";"RegioS";"Perioden";"TotaleBevolking_1";…`), numbers right-aligned with leading spaces (`"  557995"`,
/// `"     5.7"`, `.` decimal point), codes padded (`"PV20  "`), CBS's symbols for missing values (`.` onbekend,
/// `x` geheim, empty or blank: cannot occur, `-` nihil = 0; ``ImpactModel/CBSCell``), CRLF or LF. The file is read
/// with `CSVCodec` (delimiter and encoding detected) — never a parser of its own.
///
/// It gives the **same observations as ``CBSODataV3Connector``** for the same table: one per data row × numeric
/// Topic, `dataset` = the table id, `measure` = the Topic key, `regio` = the trimmed geo code, other dimensions as
/// `key=code` joined by `;` in the metadata's order (alphabetical without metadata), rejects with file, line, field
/// and the original text, and a ledger of rows and cells (``ImpactModel/LedgerEntry``).
///
/// Column roles: with metadata, `DataProperties.Type` decides (`Dimension`, `GeoDimension`, `TimeDimension`,
/// `Topic`; a Topic with `Datatype` `String` is text and not a measure). Without metadata they are inferred from the
/// export's conventions: `ID` is the row id; a key ending in `_<number>` is a Topic (CBS numbers every Topic key,
/// never a dimension key); the time dimension is `Perioden` (else the dimension whose codes all read as
/// ``ImpactModel/PeriodCode``s), the geo dimension `RegioS` (else the one whose codes all look like CBS region codes);
/// a Topic column that holds text and no number, or only blank-padded fields, is a text Topic (CBS pads text
/// Topics such as `Code_287`, `Naam_288` to their width) and is left out with a note. Without metadata the period
/// status is unknown and taken as definitief (a note says so) and units are empty.
///
/// Cells: an unreadable cell (neither a number within ±10^15 nor a CBS symbol) rejects that measure of that row
/// (`value.unknown_symbol`, a cell reject); the row's other measures stay. A row none of whose measure cells can be
/// read is rejected as a row. A value with more decimals than the metadata's `Decimals` is kept and counted in a
/// warning (the metadata belongs to another version of the table, or the file was edited).
package struct StatLineCSVConnector: SourceConnector {
    /// The entity part of the stored data file's name (`002-StatLineData.csv`).
    package static let dataEntity = "StatLineData"
    /// The entity part of the stored metadata file's name (`001-StatLineMetadata.csv`).
    package static let metadataEntity = "StatLineMetadata"

    /// The pipeline source id.
    package let sourceID: String
    /// `table:` as declared, or `nil` to take it from the metadata's `Identifier` or the data file's name.
    package let table: String?
    /// `url:` of the data CSV (absolute; `file://` or `http(s)`).
    package let dataURL: String
    /// `metadata:` URL of the metadata CSV, when given.
    package let metadataURL: String?
    /// What the source wants of the table (applied client-side; rows outside it are `filtered`).
    package let selection: CBSSelection

    /// A connector for one exported table.
    package init(
        sourceID: String, table: String? = nil, dataURL: String, metadataURL: String? = nil,
        selection: CBSSelection = CBSSelection()
    ) {
        self.sourceID = sourceID
        self.table = table
        self.dataURL = dataURL
        self.metadataURL = metadataURL
        self.selection = selection
    }

    /// Fetches the metadata CSV (when given), then the data CSV; both must exist.
    /// - Throws: ``ConnectorError`` `.httpStatus` naming the URL of a file that cannot be fetched.
    package func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult {
        var result = FetchResult()
        if let metadataURL {
            let r = try await Fetch.get(HTTPRequest(url: metadataURL), using: fetcher)
            result.bodies.append(
                FetchedBody(
                    url: metadataURL,
                    fileName: StoredBody.fileName(index: 1, entity: Self.metadataEntity, extension: "csv"),
                    response: r))
        }
        let r = try await Fetch.get(HTTPRequest(url: dataURL), using: fetcher)
        result.bodies.append(
            FetchedBody(
                url: dataURL,
                fileName: StoredBody.fileName(
                    index: result.bodies.count + 1, entity: Self.dataEntity, extension: "csv"),
                response: r))
        return result
    }

    /// Reads the stored bodies back; see ``SourceConnector/parse(_:)`` and the type's notes.
    package func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        guard let data = bodies.first(where: { $0.entity == Self.dataEntity }) else {
            throw ConnectorError(
                .unexpectedShape, "source \(sourceID): no stored \(Self.dataEntity) body; rerun `impactmon fetch`")
        }
        var metadata: StatLineMetadata?
        if let m = bodies.first(where: { $0.entity == Self.metadataEntity }) {
            metadata = try StatLineMetadata.parse(m.data, file: m.fileName)
        } else if metadataURL != nil {
            throw ConnectorError(
                .unexpectedShape, "source \(sourceID): no stored \(Self.metadataEntity) body; rerun `impactmon fetch`")
        }
        return try StatLineCSVParser(connector: self, body: data, metadata: metadata).run()
    }

    /// The table id in a StatLine export's file name: `70072ned` for `70072ned_UntypedDataSet_29122019_191739.csv`
    /// (also the last path segment of a URL); `nil` when the name does not have that shape.
    package static func tableID(inFileName name: String) -> String? {
        var last = Substring(name)
        if let q = last.firstIndex(where: { $0 == "?" || $0 == "#" }) { last = last[..<q] }
        last = last.split(separator: "/").last ?? last
        if let dot = last.lastIndex(of: ".") { last = last[..<dot] }
        let parts = last.split(separator: "_")
        guard parts.count >= 2, parts[1] == "UntypedDataSet" || parts[1] == "TypedDataSet" || parts[1] == "metadata",
            !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber })
        else { return nil }
        return String(parts[0])
    }
}

/// One column of the data file and what it is.
private struct StatLineColumn {
    enum Role { case id, dimension, measure, text, other }
    var index: Int
    var key: String
    var role: Role
    var property: V3DataProperty?
}

private struct StatLineCSVParser {
    let connector: StatLineCSVConnector
    let body: StoredBody
    let metadata: StatLineMetadata?
    var sourceID: String { connector.sourceID }

    func run() throws(ConnectorError) -> ParseResult {
        let file = body.fileName
        let csv: CSVTable
        do {
            csv = try CSVReader.read(body.data, file: file)
        } catch {
            throw ConnectorError(.unexpectedShape, "\(error.description) (StatLine CSV export)", url: body.url)
        }
        let table = try tableID()
        let header = csv.header.map(trim)
        var diagnostics: [Diagnostic] = []
        let allColumns = try roles(header: header, records: csv.records, table: table)
        let dimensionColumns = allColumns.filter { $0.role == .dimension }
        let (time, geo) = try timeAndGeo(dimensionColumns, records: csv.records, table: table)
        let others = orderedOthers(dimensionColumns.filter { $0.index != time.index && $0.index != geo?.index })
        let text = allColumns.filter { $0.role == .text }.map(\.key)
        if !text.isEmpty {
            diagnostics.append(
                Diagnostic(
                    .note, code: "statline.text_topics",
                    "\(table): \(text.count) text column(s) are not measures and are left out: "
                        + text.prefix(8).joined(separator: ", ") + (text.count > 8 ? ", …" : ""), file: file))
        }
        let columns = allColumns.filter { $0.role == .measure && connector.selection.wantsMeasure($0.key) }
        let allMeasures = Set(allColumns.filter { $0.role == .measure }.map(\.key))
        let idIndex = header.firstIndex(of: "ID")
        var codeLists: [String: Set<String>] = [:]
        for (key, codes) in metadata?.codeLists ?? [:] where key != time.key { codeLists[key] = Set(codes.map(\.key)) }
        try CBSSelectionCheck.requireKnown(
            connector.selection, table: table, measures: allMeasures, regionKey: geo?.key, codeLists: codeLists)
        var periodStatus: [String: ValueStatus]?
        if let list = metadata?.codeLists[time.key] {
            periodStatus = Dictionary(
                list.map { ($0.key, ValueStatus(cbsStatus: $0.status)) }, uniquingKeysWith: { a, _ in a })
        } else {
            diagnostics.append(
                Diagnostic(
                    .note, code: "statline.status_unknown",
                    "\(table): no metadata with a \(time.key) code list, so provisional figures cannot be told from "
                        + "definitive ones; every period is taken as definitief. Add `metadata:` (the table's "
                        + "metadata CSV) to the source", file: file))
        }

        var ledger = LedgerEntry(sourceID: sourceID)
        var observations: [Observation] = []
        var rejects: [Reject] = []
        var unknownCodes: [String: Set<String>] = [:]
        var extraDecimals = 0
        var extraDecimalsExample = ""
        rows: for record in csv.records {
            ledger.recordsIn += 1
            let f = record.fields
            let idText = idIndex.flatMap { $0 < f.count ? trim(f[$0]) : nil } ?? "?"
            func reject(_ field: String, _ value: String, _ reason: RejectReason, _ message: String) {
                rejects.append(
                    Reject(
                        sourceID: sourceID, sourceRowID: body.sourceRowID(record: record.number), file: file,
                        line: record.line, field: field, value: value, reason: reason,
                        message: "\(file):\(record.line) (\(table) ID \(idText)) \(field): \(message)"))
            }
            guard f.count == header.count else {
                reject(
                    "", f.joined(separator: ";"), .csvFieldCount,
                    "\(f.count) fields where the header has \(header.count); the row is not used")
                ledger.rejected += 1
                continue
            }
            var codes: [String: String] = [:]
            for d in dimensionColumns {
                let c = trim(f[d.index])
                guard !c.isEmpty else {
                    reject(d.key, f[d.index], .fieldMissing, "no \(d.key) code")
                    ledger.rejected += 1
                    continue rows
                }
                codes[d.key] = c
            }
            let periodText = codes[time.key] ?? ""
            let regio = geo.flatMap { codes[$0.key] } ?? ""
            guard connector.selection.wantsPeriod(periodText), connector.selection.wantsRegion(regio),
                others.allSatisfy({ connector.selection.wantsDimension($0.key, codes[$0.key] ?? "") })
            else {
                ledger.filtered += 1
                continue
            }
            let period: PeriodCode
            do {
                period = try PeriodCode(parsing: periodText)
            } catch {
                reject(time.key, f[time.index], .periodMalformed, error.message)
                ledger.rejected += 1
                continue
            }
            let status: ValueStatus
            if let periodStatus {
                guard let s = periodStatus[periodText] else {
                    reject(
                        time.key, f[time.index], .periodUnknownCode,
                        "period \(periodText) is not in the metadata's \(time.key) code list, so its status is "
                            + "unknown; download the data and the metadata of the same table version")
                    ledger.rejected += 1
                    continue
                }
                status = s
            } else {
                status = .definitief
            }
            var cells: [(StatLineColumn, CBSCell)] = []
            var bad: [(StatLineColumn, String)] = []
            for topic in columns {
                let raw = f[topic.index]
                guard let cell = CBSCell.parse(Substring(raw)) else {
                    bad.append((topic, raw))
                    continue
                }
                if case .value = cell, let decimals = topic.property?.decimals,
                    Self.decimalPlaces(raw) > decimals
                {
                    extraDecimals += 1
                    if extraDecimalsExample.isEmpty {
                        extraDecimalsExample =
                            "\(file):\(record.line) \(topic.key) \"\(trim(raw))\" (\(decimals) published)"
                    }
                }
                cells.append((topic, cell))
            }
            if cells.isEmpty && !bad.isEmpty {
                let listed = bad.prefix(5).map { "\($0.0.key)=\"\($0.1)\"" }.joined(separator: ", ")
                reject(
                    bad[0].0.key, bad[0].1, .valueUnknownSymbol,
                    "none of the \(bad.count) measure cells is a number or a CBS symbol (. x - or blank): \(listed)"
                        + (bad.count > 5 ? ", …" : "") + "; the row is not used (never read as 0)")
                ledger.rejected += 1
                continue
            }
            for (topic, raw) in bad {
                reject(
                    topic.key, raw, .valueUnknownSymbol,
                    "\"\(raw)\" is neither a number within ±10^15 nor a CBS symbol (. x - or blank); this measure of "
                        + "the row is not used (never read as 0), its other measures are")
            }
            for d in dimensionColumns where d.index != time.index {
                if let list = codeLists[d.key], let c = codes[d.key], !list.contains(c) {
                    unknownCodes[d.key, default: []].insert(c)
                }
            }
            let dims = others.map { "\($0.key)=\(codes[$0.key] ?? "")" }.joined(separator: ";")
            for (topic, cell) in cells {
                let value: Double?
                let attribute: ValueAttribute
                switch cell {
                case .value(let v): (value, attribute) = (v, .none)
                case .missing(let a): (value, attribute) = (nil, a)
                }
                observations.append(
                    Observation(
                        sourceID: sourceID, dataset: table, measure: topic.key,
                        measureLabel: topic.property?.title ?? topic.key, unit: topic.property?.unit ?? "",
                        regio: regio, kvkNumber: "", periodCode: period.code, periodStart: period.start,
                        periodEnd: period.end, value: value, valueStatus: status, valueAttribute: attribute,
                        sourceRowID: body.sourceRowID(record: record.number), dimensions: dims))
            }
            ledger.recordsOut += 1
            ledger.observations += cells.count
            ledger.cellsIn += cells.count + bad.count
            ledger.cellsOut += cells.count
            ledger.cellsRejected += bad.count
        }
        if extraDecimals > 0 {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "statline.decimals_exceeded",
                    "\(table): \(extraDecimals) value(s) have more decimals than the metadata publishes, e.g. "
                        + "\(extraDecimalsExample); the values are kept. Check that data and metadata are of the "
                        + "same table version", file: file))
        }
        return CBSSelectionCheck.result(
            table: table, observations: observations, rejects: rejects, ledger: ledger, diagnostics: diagnostics,
            unknownCodes: unknownCodes
        ) { key, n in "\(n) \(key) code(s) in the export are not in the metadata's \(key) code list" }
    }

    /// `table:` as declared, else the metadata's `Identifier`, else the data file's name; the three must agree.
    func tableID() throws(ConnectorError) -> String {
        let fromName = StatLineCSVConnector.tableID(inFileName: body.url)
        let candidates = [connector.table, metadata?.identifier, fromName].compactMap { $0 }.filter { !$0.isEmpty }
        guard let table = candidates.first else {
            throw ConnectorError(
                .parameter,
                "source \(sourceID): the table id is not in the file name (\(body.url)) and there is no metadata; "
                    + "set `table:` in the pipeline file")
        }
        if let declared = connector.table, let id = metadata?.identifier, declared.lowercased() != id.lowercased() {
            throw ConnectorError(
                .parameter,
                "source \(sourceID): `table: \(declared)` but the metadata CSV describes table \(id); give the "
                    + "metadata of the same table")
        }
        return table
    }

    /// The role of every column: from the metadata's DataProperties when present, else inferred (see the type).
    func roles(header: [String], records: [CSVRecord], table: String) throws(ConnectorError) -> [StatLineColumn] {
        var out: [StatLineColumn] = []
        if let metadata {
            let byKey = Dictionary(metadata.properties.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            var unknown: [String] = []
            for (i, key) in header.enumerated() {
                if key == "ID" {
                    out.append(StatLineColumn(index: i, key: key, role: .id))
                    continue
                }
                guard let p = byKey[key] else {
                    unknown.append(key)
                    continue
                }
                let role: StatLineColumn.Role =
                    p.isDimension ? .dimension : p.isMeasure ? .measure : p.type == "Topic" ? .text : .other
                out.append(StatLineColumn(index: i, key: key, role: role, property: p))
            }
            if !unknown.isEmpty {
                throw ConnectorError(
                    .unexpectedShape,
                    "\(body.fileName): column(s) \(unknown.prefix(5).joined(separator: ", ")) are not in the metadata's "
                        + "DataProperties of \(table); the metadata belongs to another table or version")
            }
            let missing = metadata.properties.filter { $0.isDimension && !header.contains($0.key) }.map(\.key)
            if !missing.isEmpty {
                throw ConnectorError(
                    .unexpectedShape,
                    "\(body.fileName): dimension(s) \(missing.joined(separator: ", ")) of the metadata are not columns "
                        + "of the export; export the table with every dimension")
            }
            return out
        }
        for (i, key) in header.enumerated() {
            if key == "ID" {
                out.append(StatLineColumn(index: i, key: key, role: .id))
            } else if Self.isTopicKey(key) {
                out.append(
                    StatLineColumn(
                        index: i, key: key,
                        role: Self.isTextColumn(records.lazy.map { i < $0.fields.count ? $0.fields[i] : "" })
                            ? .text : .measure))
            } else {
                out.append(StatLineColumn(index: i, key: key, role: .dimension))
            }
        }
        return out
    }

    /// The time and geo dimensions (see the type's notes).
    /// - Throws: ``ConnectorError`` `.unexpectedShape` when no time dimension can be found.
    func timeAndGeo(_ dims: [StatLineColumn], records: [CSVRecord], table: String) throws(ConnectorError) -> (
        StatLineColumn, StatLineColumn?
    ) {
        func all(_ c: StatLineColumn, _ test: (String) -> Bool) -> Bool {
            !records.isEmpty && records.allSatisfy { c.index < $0.fields.count && test(trim($0.fields[c.index])) }
        }
        let time =
            dims.first { $0.property?.type == "TimeDimension" }
            ?? (metadata == nil
                ? dims.first { $0.key == "Perioden" }
                    ?? dims.first { all($0) { (try? PeriodCode(parsing: $0)) != nil } }
                : nil)
        guard let time else {
            throw ConnectorError(
                .unexpectedShape,
                "\(body.fileName): \(table) has no time dimension (columns \(dims.map(\.key).joined(separator: ", "))); "
                    + "a StatLine export has a Perioden column")
        }
        let geo =
            metadata != nil
            ? dims.first { $0.property?.type == "GeoDimension" }
            : dims.first { $0.key == "RegioS" }
                ?? dims.first { $0.index != time.index && all($0, Self.looksLikeRegionCode) }
        return (time, geo)
    }

    /// The other dimensions in the metadata's order, or alphabetically without metadata (so column order in the
    /// export never changes an observation's `dimensions`).
    func orderedOthers(_ dims: [StatLineColumn]) -> [StatLineColumn] {
        guard let metadata else { return dims.sorted { $0.key < $1.key } }
        let order = Dictionary(metadata.properties.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        return dims.sorted { (order[$0.key] ?? 0) < (order[$1.key] ?? 0) }
    }

    /// A CBS Topic key: letters, digits and `_`, ending in `_` and a number (`TotaleBevolking_1`, `k_5Tot10Jaar_5`).
    static func isTopicKey(_ key: String) -> Bool {
        guard let underscore = key.lastIndex(of: "_") else { return false }
        let tail = key[key.index(after: underscore)...]
        return !tail.isEmpty && tail.allSatisfy(\.isASCII) && tail.allSatisfy(\.isNumber)
            && underscore != key.startIndex
    }

    /// A text Topic (without metadata): it holds text that is neither a number nor a CBS symbol and no number, or
    /// every field is blank-padded (non-empty, spaces only).
    static func isTextColumn<S: Sequence<String>>(_ fields: S) -> Bool {
        var sawText = false
        var sawNumber = false
        var allPadded = true
        var any = false
        for raw in fields {
            any = true
            let t = trim(raw)
            if !(t.isEmpty && !raw.isEmpty) { allPadded = false }
            switch CBSCell.parse(Substring(raw)) {
            case .value?: sawNumber = true
            case .missing?: break
            case nil: sawText = true
            }
        }
        return any && ((sawText && !sawNumber) || allPadded)
    }

    /// A CBS region code: `NL01`, or two capitals and digits (`LD01`, `PV20`, `CR06`, `GM0392`, `WK039200`,
    /// `BU03920000`).
    static func looksLikeRegionCode(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 4, u[0] >= 65, u[0] <= 90, u[1] >= 65, u[1] <= 90 else { return false }
        return u[2...].allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Digits after the decimal point of a number as written (`"     5.75"` → 2).
    static func decimalPlaces(_ raw: String) -> Int {
        let t = trim(raw)
        guard let dot = t.firstIndex(of: ".") else { return 0 }
        return t.distance(from: t.index(after: dot), to: t.endIndex)
    }
}
