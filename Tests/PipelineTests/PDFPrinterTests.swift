import Foundation
import Testing

@testable import Pipeline

/// The report PDF's two volatile fields get the report's data-as-of time, byte for byte in place.
@Suite("PDF printer: reproducible dates, Chromium lookup")
struct PDFPrinterTests {
    @Test func datesAreReplacedInPlace() {
        // A trailer as Chromium (Skia/PDF) writes it; the cross-reference offsets must not move.
        let pdf = Data(
            "1 0 obj\n<</Producer (Skia/PDF m156) /CreationDate (D:20261204171157+00'00') /ModDate (D:20261204171157+00'00')>>\nendobj\nstartxref\n123\n"
                .utf8)
        let fixed = PDFPrinter.fixingDates(pdf, to: "2026-10-16T06:00:00Z")
        #expect(fixed.count == pdf.count)
        let text = String(decoding: fixed, as: UTF8.self)
        #expect(text.contains("/CreationDate (D:20261016060000+00'00')"))
        #expect(text.contains("/ModDate (D:20261016060000+00'00')"))
        #expect(!text.contains("20261204171157"))
        // A timestamp without 14 digits leaves the file alone.
        #expect(PDFPrinter.fixingDates(pdf, to: "onbekend") == pdf)
    }

    @Test func chromiumIsLookedUpOnPathOrGiven() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pdfprinter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(PDFPrinter.find(environment: ["PATH": dir.path]) == nil)
        let fake = dir.appendingPathComponent("chromium")
        _ = FileManager.default.createFile(
            atPath: fake.path, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        #expect(PDFPrinter.find(environment: ["PATH": dir.path])?.executable.path == fake.path)
        // IMPACTMON_CHROMIUM wins; empty means "do not print".
        #expect(PDFPrinter.find(environment: ["PATH": dir.path, "IMPACTMON_CHROMIUM": ""]) == nil)
        #expect(
            PDFPrinter.find(environment: ["PATH": "", "IMPACTMON_CHROMIUM": fake.path])?.executable.path == fake.path)
    }
}
