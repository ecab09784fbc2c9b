import Fetching
import Foundation
import ImpactModel
import JSONCodec

/// KvK Handelsregister API, Basisprofiel (`GET https://api.kvk.nl/api/v1/basisprofielen/{kvkNummer}`).
///
/// Source: KvK developer portal, "API Basisprofiel" v1 (fields `kvkNummer`, `naam`, `materieleRegistratie.datumAanvang`
/// as `yyyymmdd`, `sbiActiviteiten[]` with `indHoofdactiviteit` `Ja`/`Nee`, `_embedded.hoofdvestiging` with
/// `vestigingsnummer` and `adressen[]`); authentication by the `apikey` request header. One request per KvK-nummer
/// of the registry; a `404` (or, for a `file://` template, a missing file) means "not in the Handelsregister",
/// which is a result, not a failure.
package struct KvKBasisprofielConnector: SourceConnector {
    /// The environment variable holding the API key for live requests.
    package static let apiKeyVariable = "KVK_API_KEY"
    /// The placeholder in ``urlTemplate``.
    package static let placeholder = "{kvk_number}"

    /// The pipeline source id (`cbs-bijstand`), written into every observation, reject and ledger entry.
    package let sourceID: String
    /// `https://api.kvk.nl/api/v1/basisprofielen/{kvk_number}` or `file:///…/basisprofielen/{kvk_number}.json`.
    package let urlTemplate: String
    /// The KvK-nummers to look up, as the pipeline takes them from the registry (deduplicated, sorted).
    package let kvkNumbers: [KvKNumber]
    /// The API key (from ``apiKeyVariable``); required when the template is `http(s)`.
    package let apiKey: String?

    /// - Throws: ``ConnectorError`` `.parameter` when the template lacks `{kvk_number}`.
    package init(sourceID: String, urlTemplate: String, kvkNumbers: [KvKNumber], apiKey: String?)
        throws(ConnectorError)
    {
        guard urlTemplate.contains(Self.placeholder) else {
            throw ConnectorError(
                .parameter,
                "source \(sourceID): url \"\(urlTemplate)\" has no \(Self.placeholder) placeholder; write e.g. "
                    + "https://api.kvk.nl/api/v1/basisprofielen/{kvk_number}")
        }
        self.sourceID = sourceID
        self.urlTemplate = urlTemplate
        self.kvkNumbers = Array(Set(kvkNumbers)).sorted()
        self.apiKey = apiKey
    }

    /// The URL for one KvK-nummer.
    package func url(for number: KvKNumber) -> String {
        urlTemplate.replacingOccurrences(of: Self.placeholder, with: number.digits)
    }

    /// The stored file's entity for one KvK-nummer: `basisprofiel-69599084`.
    package static func entity(for number: KvKNumber) -> String { "basisprofiel-\(number.digits)" }

    /// Issues the request plan described on the type; see ``SourceConnector/fetch(using:)``.
    package func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult {
        var result = FetchResult()
        for number in kvkNumbers {
            let url = url(for: number)
            var request = HTTPRequest(url: url, headers: ["Accept": "application/json"])
            if Fetch.isHTTP(url) {
                guard let apiKey, !apiKey.isEmpty else {
                    throw ConnectorError(
                        .environment,
                        "source \(sourceID): \(Self.apiKeyVariable) is not set; the KvK API needs an API key in the "
                            + "`apikey` header (export \(Self.apiKeyVariable)=… in the job's environment)", url: url)
                }
                request.headers["apikey"] = apiKey
                request.secretHeaderNames = ["apikey"]
            }
            switch try await Fetch.getAllowingNotFound(request, using: fetcher) {
            case .notFound(let status):
                result.diagnostics.append(
                    Diagnostic(
                        .warning, code: "kvk.not_found",
                        "KvK-nummer \(number) is not in the Handelsregister ("
                            + (status.map { "HTTP \($0)" } ?? "no file") + " for \(url)); check the registry entry",
                        field: "kvk_number"))
            case .found(let response):
                _ = try JSONBody.decode(response, url: url)
                result.bodies.append(
                    FetchedBody(
                        url: url,
                        fileName: StoredBody.fileName(index: result.bodies.count + 1, entity: Self.entity(for: number)),
                        response: response))
            }
        }
        return result
    }

    /// Reads the stored bodies back; see ``SourceConnector/parse(_:)``.
    package func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        var lookup = KvKLookup()
        var rejects: [Reject] = []
        var diagnostics: [Diagnostic] = []
        var ledger = LedgerEntry(sourceID: sourceID)
        for number in kvkNumbers {
            guard let body = bodies.first(where: { $0.entity == Self.entity(for: number) }) else {
                lookup.notFound.append(number)
                continue
            }
            ledger.recordsIn += 1
            let json = try JSONBody.decode(body)
            do throws(KvKFieldError) {
                let (profile, notes) = try Self.profile(from: json, file: body.fileName)
                guard profile.kvkNumber == number else {
                    throw KvKFieldError(
                        field: "kvkNummer", value: profile.kvkNumber.digits,
                        message: "the profile is for \(profile.kvkNumber), not the requested \(number)")
                }
                lookup.profiles.append(profile)
                diagnostics += notes
                ledger.recordsOut += 1
            } catch {
                rejects.append(
                    Reject(
                        sourceID: sourceID, sourceRowID: body.sourceRowID(record: 1), file: body.fileName, line: 1,
                        field: error.field, value: error.value, reason: .kvkProfileInvalid,
                        message: "\(body.fileName): \(error.message)"))
                ledger.rejected += 1
            }
        }
        return ParseResult(output: .kvkProfiles(lookup), rejects: rejects, ledger: ledger, diagnostics: diagnostics)
    }

    /// Maps a Basisprofiel JSON object to a ``ImpactModel/KvKProfile``.
    ///
    /// Address: the `bezoekadres` of `_embedded.hoofdvestiging.adressen` (else the first address); house number is
    /// `huisnummer` + `huisletter` + `huisnummerToevoeging` as KvK gives them (`17`, `17A`, `17-2`).
    /// - Returns: the profile and notes on optional fields that could not be read (they stay `nil`).
    /// - Throws: ``KvKFieldError`` when `kvkNummer` is absent or not 8 digits, or there is no name.
    package static func profile(from json: JSONValue, file: String) throws(KvKFieldError)
        -> (KvKProfile, [Diagnostic])
    {
        var notes: [Diagnostic] = []
        let rawNumber = json["kvkNummer"]?.text ?? ""
        guard json["kvkNummer"] != nil, let number = KvKNumber(rawNumber) else {
            throw KvKFieldError(
                field: "kvkNummer", value: rawNumber, message: "kvkNummer \"\(rawNumber)\" is not 8 digits")
        }
        let name = trim(json["naam"]?.string ?? json["handelsnamen"]?.array?.first?["naam"]?.string ?? "")
        guard !name.isEmpty else {
            throw KvKFieldError(field: "naam", value: "", message: "the profile of \(number) has no naam")
        }
        var registration: CivilDate?
        if let d = json["materieleRegistratie"]?["datumAanvang"]?.string {
            do {
                registration = try CivilDate(parsing: d)
            } catch {
                notes.append(
                    Diagnostic(
                        .note, code: "kvk.date_unreadable",
                        "\(number): materieleRegistratie.datumAanvang \"\(d)\" is not a full date (\(error.message))",
                        file: file, field: "datumAanvang"))
            }
        }
        let activities = json["sbiActiviteiten"]?.array ?? []
        let main = activities.first { $0["indHoofdactiviteit"]?.string == "Ja" } ?? activities.first
        let sbi = main?["sbiCode"]?.string.flatMap(SBICode.init)
        let hoofd = json["_embedded"]?["hoofdvestiging"]
        let vestiging = hoofd?["vestigingsnummer"]?.string.flatMap(Vestigingsnummer.init)
        let addresses = hoofd?["adressen"]?.array ?? json["adressen"]?.array ?? []
        let address = addresses.first { $0["type"]?.string == "bezoekadres" } ?? addresses.first
        var house = ""
        if let a = address {
            house = a["huisnummer"].map { $0.text } ?? ""
            if let letter = a["huisletter"]?.string { house += trim(letter) }
            if let extra = a["huisnummerToevoeging"]?.string, !trim(extra).isEmpty { house += "-" + trim(extra) }
        }
        let profile = KvKProfile(
            kvkNumber: number, name: name, registrationDate: registration, mainSBICode: sbi,
            hoofdvestigingsnummer: vestiging, postcode: address?["postcode"]?.string.flatMap(Postcode.init),
            houseNumber: house, plaats: trim(address?["plaats"]?.string ?? ""))
        return (profile, notes)
    }
}

/// The result of looking up the registry's KvK-nummers.
package struct KvKLookup: Sendable, Hashable {
    /// The profiles found, in KvK-nummer order.
    package var profiles: [KvKProfile] = []
    /// KvK-nummers with no Basisprofiel: not in the Handelsregister (or removed from it).
    package var notFound: [KvKNumber] = []
    /// A lookup result.
    package init(profiles: [KvKProfile] = [], notFound: [KvKNumber] = []) {
        self.profiles = profiles
        self.notFound = notFound
    }
}

/// A Basisprofiel that cannot be used, naming the field and value.
package struct KvKFieldError: Error, Sendable {
    /// The Basisprofiel field at fault (`kvkNummer`, `naam`).
    package var field: String
    /// Its value, verbatim.
    package var value: String
    /// What is wrong.
    package var message: String
}
