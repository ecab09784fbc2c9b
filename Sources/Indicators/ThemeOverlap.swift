/// Themes that cross (issue 16 item 6): the keys of the `theme_count` and `theme_combination` breakdowns and the
/// secondary suppression that links them.
///
/// An enterprise's themes are its registry `themes` (config/registry.csv; only ids with `impact_theme: true` in
/// config/themes.yaml). Both breakdowns partition the population, and every combination of k themes lies in the
/// `theme_count` cell of k (3 and more in `3+`). So a hidden combination could be recovered as its count cell minus
/// its published siblings even when each table on its own is protected against the total
/// (``DisclosureControl/protect(total:cells:minN:rule:)`` does not model linked tables): ``protectNesting(_:_:minN:rule:)``
/// protects every count cell as the total of its combinations, with the same rule (τ-Argus hierarchical
/// secondary suppression, one level).
package enum ThemeOverlap {
    /// `1`, `2`, `3+`, or `geen` for an enterprise without themes.
    package static func countKey(_ themes: [String]) -> String {
        let n = Set(themes).count
        return n == 0 ? "geen" : n >= 3 ? "3+" : String(n)
    }

    /// Theme ids sorted and joined by `+`; `geen` without themes.
    package static func combinationKey(_ themes: [String]) -> String {
        let set = Set(themes)
        return set.isEmpty ? "geen" : set.sorted().joined(separator: "+")
    }

    /// The `theme_count` key a combination key lies in.
    package static func countKey(ofCombination key: String) -> String {
        key == "geen" ? "geen" : countKey(key.split(separator: "+").map(String.init))
    }

    /// Protects each `theme_count` cell as the total of its `theme_combination` cells, in place; a no-op unless
    /// both breakdowns are among `tables`. A combination hidden alone in its count cell gets a sibling hidden
    /// too, or the count cell when it has no published sibling; a hidden count cell gets a hidden combination.
    /// - Parameters:
    ///   - tables: (breakdown, cell keys, cells) in the order of `decisions`.
    ///   - decisions: per table, the decision of each cell.
    package static func protectNesting(
        _ tables: [(breakdown: Breakdown, keys: [String], cells: [Cell])], _ decisions: inout [[CellDecision]],
        minN: Int, rule: DisclosureRule
    ) {
        guard let p = tables.firstIndex(where: { $0.breakdown == .theme_count }),
            let c = tables.firstIndex(where: { $0.breakdown == .theme_combination })
        else { return }
        for (i, parentKey) in tables[p].keys.enumerated() {
            let children = tables[c].keys.indices.filter { countKey(ofCombination: tables[c].keys[$0]) == parentKey }
            guard !children.isEmpty else { continue }
            let protected = DisclosureControl.protect(
                total: (tables[p].cells[i], decisions[p][i]),
                cells: children.map { (tables[c].cells[$0], decisions[c][$0]) }, minN: minN, rule: rule)
            decisions[p][i] = protected.total
            for (j, child) in children.enumerated() { decisions[c][child] = protected.cells[j] }
        }
    }
}
