/// The numbers the pipeline accepts from any input (CSV returns, procurement, CBS cells, JSON), one rule for all
/// (issue 15, item 3): finite, and at most ``maximumMagnitude`` in size, so every value is an exact integer or a
/// well-rounded decimal in a `Double`, sums of thousands of them stay exact to the cent, and no formatter or
/// share computation ever meets a value it cannot handle. `-0` reads as `0`.
package enum NumericRange {
    /// 10^15: far above any count, FTE, euro amount or CBS figure of a municipal programme, below 2^53.
    package static let maximumMagnitude: Double = 1e15

    /// Why `value` is refused (`nil` when it is accepted).
    package static func problem(_ value: Double) -> String? {
        if value.isNaN { return "is not a number (NaN)" }
        if value.isInfinite { return "is infinite" }
        if abs(value) > maximumMagnitude {
            return "is out of range: larger than 10^15 in size, which no figure of this report can be; "
                + "check the source for a unit error or a spreadsheet artefact"
        }
        return nil
    }

    /// `value` with `-0` turned into `0`, or nil when ``problem(_:)`` refuses it.
    package static func accepted(_ value: Double) -> Double? {
        guard problem(value) == nil else { return nil }
        return value == 0 ? 0 : value
    }
}
