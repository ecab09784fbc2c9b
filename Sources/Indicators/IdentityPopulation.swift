import ImpactModel

extension Enterprise {
    /// The member as it counts for `municipality` (issue 20 item 4), or nil when it never does.
    ///
    /// Without ``Enterprise/identities`` the registry row holds for every quarter: the member counts when its
    /// `gemeente_code` is `municipality`. With them, each identity row ``IdentityRow/counts`` when its classified
    /// gemeentecode is `municipality` and it is not merged into another member; ``Enterprise/isActive(on:)`` then
    /// asks the row valid on each quarter's last day, so every quarter is computed with the identities of that
    /// quarter.
    package func inPopulation(of municipality: RegioCode) -> Enterprise? {
        guard !identities.isEmpty else { return gemeenteCode == municipality ? self : nil }
        var copy = self
        for i in copy.identities.indices {
            copy.identities[i].counts =
                copy.identities[i].gemeenteCode == municipality && copy.identities[i].mergedInto == nil
        }
        return copy.identities.contains(where: \.counts) ? copy : nil
    }
}
