// Throughput probe for CSVCodec (built by bench/csv_bench.sh with `swiftc -O -wmo`, not by `swift build`).
//
//   csv-bench write  <file> <rows>   write <rows> × 7 columns with CSVFileWriter (machine profile)
//   csv-bench whole  <file>          Data(contentsOf:) + CSVReader.read, sum of column 4 (omzet_eur)
//   csv-bench stream <file>          CSVReader.forEachRecord, same sum
//
// Each prints one JSON line: {"rows":…, "bytes":…, "seconds":…, "check":…}; seconds cover the work only
// (not process start). The sum proves every row was parsed and lets the script compare readers.
import Foundation

@main
struct CSVBench {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count >= 3 else {
            FileHandle.standardError.write(Data("usage: csv-bench write|whole|stream <file> [rows]\n".utf8))
            exit(64)
        }
        let url = URL(fileURLWithPath: args[2])
        let clock = ContinuousClock()
        var rows = 0
        var sum = 0.0
        let elapsed: Duration
        switch args[1] {
        case "write":
            let count = args.count > 3 ? Int(args[3]) ?? 1_000_000 : 1_000_000
            let names = (0..<1000).map { i in
                i % 10 == 0 ? "Stichting \"Werk\" \(i), Haarlem" : i % 7 == 0 ? "Coöperatie \(i)" : "Onderneming \(i)"
            }
            let quarters = (2020...2026).flatMap { y in (1...4).map { "\(y)Q\($0)" } }
            let amounts = (0..<997).map { String(format: "%.2f", Double($0) * 1234.5 + 0.25) }
            let ftes = (0..<101).map { String(format: "%.1f", Double($0) / 4) }
            let kvks = (0..<10_007).map { String(format: "%08d", ($0 * 7919) % 100_000_000) }  // leading zeros kept
            elapsed = try clock.measure {
                var w = try CSVFileWriter(url: url, profile: .machine)
                try w.write(["kvk_nummer", "naam", "kwartaal", "omzet_eur", "fte", "sbi", "opmerking"])
                for i in 0..<count {
                    try w.write([
                        kvks[i % kvks.count], names[i % names.count],
                        quarters[i % quarters.count], amounts[i % amounts.count], ftes[i % ftes.count],
                        i % 3 == 0 ? "88.99" : "47.11", i % 50 == 0 ? "regel 1\nregel 2" : "",
                    ])
                }
                try w.close()
            }
            rows = count
            sum = Double(count)
        case "whole":
            elapsed = try clock.measure {
                let data = try Data(contentsOf: url)
                let t = try CSVReader.read(data, file: url.path, options: CSVReadOptions(delimiter: UInt8(ascii: ",")))
                let column = t.column("omzet_eur") ?? 3
                for r in t.records { sum += Double(r.fields[column]) ?? 0 }
                rows = t.records.count
            }
        case "stream":
            elapsed = try clock.measure {
                var column = 3
                rows = try CSVReader.forEachRecord(
                    in: url, options: CSVReadOptions(delimiter: UInt8(ascii: ",")),
                    onHeader: { column = $0.firstIndex(of: "omzet_eur") ?? 3 }
                ) { r in sum += Double(r.fields[column]) ?? 0 }
            }
        default:
            exit(64)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("{\"rows\": \(rows), \"bytes\": \(bytes), \"seconds\": \(seconds), \"check\": \(sum)}")
    }
}
