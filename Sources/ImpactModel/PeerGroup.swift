/// The municipalities a report sets its municipality beside (issue 16 item 5): the pipeline file's `peer_group:`.
///
/// Shape in `pipelines/<name>.yaml`:
/// ```yaml
/// peer_group:
///   name: Gemeenten van vergelijkbare omvang     # shown above the table
///   basis: de zeven gemeenten met het inwonertal dichtst bij Haarlem (CBS 86059NED, 2025)
///   classification_year: 2025                   # the CBS gemeentelijke indeling the codes are from
///   regions:
///     - {code: GM0200, name: Apeldoorn}
/// ```
/// Codes are CBS gemeentecodes (`GM` + 4 digits, ``RegioCode/isGemeenteCode(_:)``) of the indeling of
/// `classification_year`; a municipality merged away since has no CBS figures under that code.
package struct PeerGroup: Sendable, Hashable {
    /// One municipality of the group: CBS gemeentecode and the name shown.
    package struct Member: Sendable, Hashable {
        /// CBS gemeentecode (`GM0200`) in the indeling of the group's ``PeerGroup/classificationYear``.
        package var code: RegioCode
        /// The municipality's name as the report shows it (`Apeldoorn`).
        package var name: String
        /// A member as the pipeline file lists it (`{code: GM0200, name: Apeldoorn}`); checked by
        /// ``PeerGroup/problems(municipality:)``.
        package init(code: RegioCode, name: String) {
            self.code = code
            self.name = name
        }
    }

    /// What the group is, in the report's words ("Gemeenten van vergelijkbare omvang").
    package var name: String
    /// How the members were chosen, one sentence (shown under the table).
    package var basis: String
    /// Year of the CBS regional classification (gemeentelijke indeling) of the codes.
    package var classificationYear: Int
    /// The peer municipalities, in the order the pipeline file lists them (the report's row order).
    package var members: [Member]

    /// A group as the pipeline file's `peer_group:` gives it; not checked here (see ``problems(municipality:)``).
    package init(name: String, basis: String, classificationYear: Int, members: [Member]) {
        self.name = name
        self.basis = basis
        self.classificationYear = classificationYear
        self.members = members
    }

    /// The problems of a group for `municipality` (empty when valid): a code that is not `GM` + 4 digits, a
    /// duplicate, the municipality itself, an empty list, a year outside 1830...2100.
    package func problems(municipality: RegioCode) -> [String] {
        var out: [String] = []
        if members.isEmpty {
            out.append("peer_group.regions is empty; name at least one municipality or remove peer_group")
        }
        if !(1830...2100).contains(classificationYear) {
            out.append(
                "peer_group.classification_year \(classificationYear) is not a year of a CBS gemeentelijke indeling")
        }
        var seen = Set<String>()
        for m in members {
            if !RegioCode.isGemeenteCode(m.code.code) {
                out.append(
                    "peer_group.regions: \"\(m.code.code)\" is not a CBS gemeentecode (GM + 4 digits, e.g. GM0200)")
            } else if m.code == municipality {
                out.append("peer_group.regions: \(m.code.code) is the report's own municipality; list only its peers")
            } else if !seen.insert(m.code.code).inserted {
                out.append("peer_group.regions: \(m.code.code) is listed twice")
            }
        }
        return out
    }
}
