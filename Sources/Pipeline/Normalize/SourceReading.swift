import CSVCodec
import Foundation
import ImpactModel
import Normalization

extension SourceDefinition {
    /// The declared `encoding:` of a CSV source, `nil` when it declares none (detection: UTF-8 when every byte is
    /// valid UTF-8, else Windows-1252). Under a declared UTF-8, a byte sequence that is not UTF-8 stops the file
    /// with its line and field (`CSVError.invalidEncoding`), never a silent re-read as Windows-1252.
    var declaredEncoding: TextEncodingName? {
        switch encodingName?.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": .utf8
        case "windows-1252", "cp1252": .windows1252
        default: nil
        }
    }

    /// The declared `number_format:`, `nil` when the source declares none (detection, ``DecimalCell``).
    var declaredNumberFormat: NumberFormat? {
        numberFormatKeys.flatMap { try? NumberFormat(decimal: $0.decimal, thousands: $0.thousands, source: id) }
    }

    /// Checks `encoding:` and `number_format:` at load (issue 14 item 7).
    /// - Throws: ``ImpactError`` `.config` naming the file, the source, the key and the allowed values, also when
    ///   the keys are set on a source that is not read as CSV.
    func checkDeclaredReading(file: String) throws {
        guard encodingName != nil || numberFormatKeys != nil else { return }
        guard connector == .csv || connector == .ckan else {
            throw ImpactError(
                .config,
                "\(file): source \(id): encoding and number_format apply to CSV sources (connector csv or ckan) only")
        }
        if let e = encodingName, declaredEncoding == nil {
            throw ImpactError(.config, "\(file): source \(id): encoding \"\(e)\" is unknown (UTF-8 or windows-1252)")
        }
        if let k = numberFormatKeys {
            do {
                _ = try NumberFormat(decimal: k.decimal, thousands: k.thousands, source: id)
            } catch {
                throw ImpactError(.config, "\(file): \(error.message)")
            }
        }
    }
}
