import ImpactModel

/// A name from the configuration in both languages: a metric's `label_nl`/`label_en` (`config/metrics.yaml`), a
/// theme's (`config/themes.yaml`). The English falls back to the Dutch, and both to the id, when the file has none.
package struct AssessmentLabel: Sendable, Hashable {
    /// The id in the configuration (`tg_fte_share`, `werk_en_participatie`).
    package var id: String
    /// The Dutch label.
    package var nl: String
    /// The English label.
    package var en: String

    /// A label; an empty `nl` becomes `id`, an empty `en` becomes the Dutch.
    package init(id: String, nl: String, en: String) {
        self.id = id
        self.nl = nl.isEmpty ? id : nl
        self.en = en.isEmpty ? self.nl : en
    }

    /// The label in `language`.
    package func text(_ language: ReportLanguage) -> String { language == .nl ? nl : en }
}

/// Why one criterion has its outcome (the `reden` of `internal/assessment.csv`): the comparison made, or the input
/// that is missing. Text is made only by ``AssessmentCatalogue``; the parameters are data (numbers, units and
/// category codes as in the configuration, quarters, stored notes), never sentences.
package enum AssessmentReason: Sendable, Hashable {
    /// The comparison of a number criterion, as `value ≥ threshold` (`op` says which of `≥ < ≤ >`).
    package enum Comparison: Sendable, Hashable, CaseIterable {
        /// `value ≥ threshold` (an `at_least` test that passed).
        case atLeast
        /// `value < threshold` (an `at_least` test that failed).
        case below
        /// `value ≤ threshold` (an `at_most` test that passed).
        case atMost
        /// `value > threshold` (an `at_most` test that failed).
        case above

        /// The sign between value and threshold.
        package var sign: String {
            switch self {
            case .atLeast: "≥"
            case .below: "<"
            case .atMost: "≤"
            case .above: ">"
            }
        }
    }

    /// Not applicable: the criterion applies only to enterprises with `theme`.
    case onlyForTheme(AssessmentLabel)
    /// Unknown: `compute/metrics.csv` has no row of `metric` for the enterprise in `quarter`.
    case notComputed(metric: AssessmentLabel, quarter: Quarter)
    /// Unknown: the row of `metric` has no usable value; `note` is its stored note (empty when none).
    case missingValue(metric: AssessmentLabel, note: String)
    /// Unknown: the registry column `column` (`se_basis`, `founded_year`) is empty.
    case missingRegistryField(column: String)
    /// Pass or fail of a number: `value op threshold` in `unit` (the criterion's unit of `config/assessment.yaml`);
    /// `notReported` are the owed quarters without a return (for `reporting_completeness`; else empty).
    case compared(value: Double, op: Comparison, threshold: Double, unit: String, notReported: [Quarter])
    /// Pass or fail of categories: the enterprise's category codes `values` are (not) among `allowed`.
    case categories(values: [String], allowed: [String], passed: Bool)
}

/// Why the verdict of an enterprise in a quarter is what it is (the `oordeel_reden` of `internal/assessment.csv`).
package enum VerdictReason: Sendable, Hashable {
    /// A must-pass criterion fails; `criteria` are their labels (`label_nl`, the afwegingskader is Dutch).
    case failsMustPass(criteria: [String])
    /// A must-pass criterion is unknown; each result carries its label and reason.
    case mustPassUnknown([CriterionResult])
    /// The weighted score (%) is below the framework's `min_score` (%).
    case scoreBelow(score: Double, minimum: Double)
    /// `min_score` is set but no weighted criterion has data.
    case scoreUnknown
    /// Every must-pass criterion passes; the weighted score (%) when one is known.
    case meetsMustPass(score: Double?)
}

/// One change of an enterprise's assessment since the previous quarter.
package enum AssessmentChange: Sendable, Hashable {
    /// The first quarter of the assessment's window.
    case firstQuarter
    /// Not assessed the quarter before (new in the programme, or not active then).
    case newInProgramme
    /// The verdict changed.
    case verdict(from: AssessmentVerdict, to: AssessmentVerdict)
    /// The instrument (its `label_nl`) opened.
    case instrumentOpened(String)
    /// The instrument (its `label_nl`) closed.
    case instrumentClosed(String)
    /// The criterion (its `label_nl`) passed before and fails now, for `reason`.
    case criterionFailed(criterion: String, reason: AssessmentReason?)
    /// The criterion failed before and passes now, for `reason`.
    case criterionPassed(criterion: String, reason: AssessmentReason?)
    /// The criterion was known before and is unknown now, for `reason`.
    case dataMissing(criterion: String, reason: AssessmentReason?)
    /// The criterion was unknown before and is known now, with `outcome`.
    case dataBack(criterion: String, outcome: CriterionOutcome)
    /// Nothing changed.
    case unchanged
}

/// A watch signal of a supported enterprise (issue 16): it stops reporting or shrinks.
package enum AssessmentSignal: Sendable, Hashable {
    /// No return over `quarter`.
    case stoppedReporting(quarter: Quarter)
    /// Headcount fell from `from` (in `since`, four quarters earlier) to `to`.
    case headcountDrop(from: Double, to: Double, since: Quarter)
    /// Revenue over four quarters changed by `percent` % (negative) against a year earlier.
    case revenueDrop(percent: Double)
    /// The growth class (3 years, METRICS.md §7) is `shrinking`.
    case shrinkingClass
}
