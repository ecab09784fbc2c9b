import CSVCodec
import ImpactModel

/// Writes observations as rows of `observations.csv` (``Observation/csvHeader`` columns, the machine profile)
/// straight into a byte buffer: the same bytes as `profile.appendRecord(observation.csvFields, …)`, without the
/// array of 15 Strings per row.
///
/// A national run writes millions of observations (12 per impact return), and building `csvFields` for each was a
/// fifth of the national normalize stage (profile of the national benchmark). Consecutive observations mostly
/// share their period, so the last period's date texts are kept.
struct ObservationCSVEncoder {
    /// The profile the bytes follow.
    let profile: CSVProfile
    private var lastStart: CivilDate?
    private var lastStartText = ""
    private var lastEnd: CivilDate?
    private var lastEndText = ""

    init(profile: CSVProfile = .machine) { self.profile = profile }

    /// Appends the row of `o`, line ending included.
    mutating func append(_ o: Observation, to out: inout [UInt8]) {
        if o.periodStart != lastStart {
            lastStart = o.periodStart
            lastStartText = o.periodStart.description
        }
        if o.periodEnd != lastEnd {
            lastEnd = o.periodEnd
            lastEndText = o.periodEnd.description
        }
        let d = profile.delimiter
        profile.appendField(o.sourceID, to: &out)
        out.append(d)
        profile.appendField(o.dataset, to: &out)
        out.append(d)
        profile.appendField(o.measure, to: &out)
        out.append(d)
        profile.appendField(o.measureLabel, to: &out)
        out.append(d)
        profile.appendField(o.unit, to: &out)
        out.append(d)
        profile.appendField(o.regio, to: &out)
        out.append(d)
        profile.appendField(o.kvkNumber, to: &out)
        out.append(d)
        profile.appendField(o.periodCode, to: &out)
        out.append(d)
        profile.appendField(lastStartText, to: &out)
        out.append(d)
        profile.appendField(lastEndText, to: &out)
        out.append(d)
        if let v = o.value { appendNumber(v, to: &out) }
        out.append(d)
        profile.appendField(o.valueStatus.rawValue, to: &out)
        out.append(d)
        profile.appendField(o.valueAttribute.rawValue, to: &out)
        out.append(d)
        profile.appendField(o.sourceRowID, to: &out)
        out.append(d)
        profile.appendField(o.dimensions, to: &out)
        profile.appendLineEnding(to: &out)
    }

    /// Appends ``formatNumber(_:)`` of `v`. Whole numbers (most counts and euros) take the same branch as there,
    /// `String(Int64(v))`, written here digit by digit without a String; any other value is formatted by
    /// ``formatNumber(_:)`` itself. Digits and `.`/`-` never need quoting.
    private func appendNumber(_ v: Double, to out: inout [UInt8]) {
        guard v == v.rounded(), abs(v) < 1e15 else {
            profile.appendField(formatNumber(v), to: &out)
            return
        }
        let n = Int64(v)
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var rest = n.magnitude
        var power: UInt64 = 1  // the largest power of 10 not above `rest` (1 for 0)
        while power <= rest / 10 { power *= 10 }
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(rest / power))
            rest %= power
            power /= 10
        } while power > 0
    }
}
