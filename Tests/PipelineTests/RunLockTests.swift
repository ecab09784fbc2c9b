import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Pipeline

@Suite("Run lock, atomic writes and publishing (B29, B30)")
struct RunLockTests {
    @Test func aSecondHolderGetsExit75NamingTheFirst() throws {
        let dir = try ImpactmonBinary.temporaryDirectory("lock")
        let first = try RunLock(directory: dir, policy: .fail, command: "impactmon run A")
        do {
            _ = try RunLock(directory: dir, policy: .fail, command: "impactmon run B")
            Issue.record("the second lock was granted")
        } catch let e as ImpactError {
            #expect(e.status == .tempFail)
            #expect(e.message.contains("pid=\(getpid())"))
            #expect(e.message.contains("impactmon run A"))
        }
        withExtendedLifetime(first) {}
    }

    @Test func theLockIsFreeAgainWhenTheHolderEnds() throws {
        let dir = try ImpactmonBinary.temporaryDirectory("lock-release")
        do { _ = try RunLock(directory: dir, policy: .fail, command: "A") }
        let again = try RunLock(directory: dir, policy: .fail, command: "C")
        withExtendedLifetime(again) {}
    }

    @Test func waitingGivesUpAfterTheTimeout() throws {
        let dir = try ImpactmonBinary.temporaryDirectory("lock-wait")
        let holder = try RunLock(directory: dir, policy: .fail, command: "A")
        let start = Date()
        #expect(throws: ImpactError.self) { try RunLock(directory: dir, policy: .wait(seconds: 0.3), command: "B") }
        #expect(Date().timeIntervalSince(start) >= 0.3)
        withExtendedLifetime(holder) {}
    }

    @Test func differentOutputDirectoriesDoNotBlockEachOther() throws {
        let a = try RunLock(directory: try ImpactmonBinary.temporaryDirectory("lock-a"), policy: .fail, command: "A")
        let b = try RunLock(directory: try ImpactmonBinary.temporaryDirectory("lock-b"), policy: .fail, command: "B")
        withExtendedLifetime((a, b)) {}
    }

    @Test func atomicWriteLeavesNoTempFiles() throws {
        let dir = try ImpactmonBinary.temporaryDirectory("atomic")
        let url = dir.appendingPathComponent("report.md")
        try writeAtomically(Data("old".utf8), to: url)
        try writeAtomically(Data("new".utf8), to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.md"])
    }

    @Test func publishingSwapsTheWholeFolder() throws {
        let root = try ImpactmonBinary.temporaryDirectory("publish")
        let run = RunDirectory(outputRoot: root, pipelineName: "p", period: try Quarter(parsing: "2026Q3"))
        let s1 = try run.makeStaging(.report)
        try writeAtomically(Data("a1".utf8), to: s1.appendingPathComponent("report.md"))
        try writeAtomically(Data("b1".utf8), to: s1.appendingPathComponent("metrics.csv"))
        try run.publish(staging: s1, as: .report)
        let s2 = try run.makeStaging(.report)
        try writeAtomically(Data("a2".utf8), to: s2.appendingPathComponent("report.md"))
        try writeAtomically(Data("b2".utf8), to: s2.appendingPathComponent("metrics.csv"))
        try run.publish(staging: s2, as: .report)
        let folder = run.folder(.report)
        #expect(try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8) == "a2")
        #expect(try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8) == "b2")
        // A staging folder a killed run left behind is removed by the next run, never published.
        let orphan = try run.makeStaging(.compute)
        run.removeStaleStaging()
        #expect(!FileManager.default.fileExists(atPath: orphan.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.root.path).sorted() == ["report"])
    }
}

@Suite("Recovery after a kill between the two renames of publish")
struct PublishRecoveryTests {
    @Test func aRetiredFolderWithoutReplacementIsRestored() throws {
        let root = try ImpactmonBinary.temporaryDirectory("recover")
        let run = RunDirectory(outputRoot: root, pipelineName: "p", period: try Quarter(parsing: "2026Q3"))
        let s1 = try run.makeStaging(.report)
        try writeAtomically(Data("good".utf8), to: s1.appendingPathComponent("report.md"))
        try run.publish(staging: s1, as: .report)
        // Simulate a kill after `report` was renamed aside and before the new folder was renamed into place.
        try FileManager.default.moveItem(
            at: run.folder(.report), to: run.root.appendingPathComponent(".retired-report-999"))
        run.removeStaleStaging()
        #expect(
            try String(contentsOf: run.folder(.report).appendingPathComponent("report.md"), encoding: .utf8) == "good")
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.root.path) == ["report"])
    }
}
