import Curl
import Foundation
import TestSupport
import Testing

/// The `Curl` layer on its own: handle settings, `file://` transfers, the body cap, the worker thread.
@Suite struct CurlHandleTests {
    /// B26: every handle sets CURLOPT_NOSIGNAL=1 (and keeps TLS verification on, redirects off).
    @Test func everyHandleSetsNoSignalAndVerifiesTLS() throws {
        let easy = try Easy()
        #expect(easy.value(of: .noSignal) == 1)
        #expect(easy.value(of: .sslVerifyPeer) == 1)
        #expect(easy.value(of: .sslVerifyHost) == 2)
        #expect(easy.value(of: .followLocation) == 0)
    }

    @Test func noSignalStaysSetAfterATransfer() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.txt")
        try Data("hallo\n".utf8).write(to: file)
        var easy = try Easy()
        let result = try easy.perform(CurlTransfer(url: file.absoluteString, allowedProtocols: "file"))
        #expect(result.status == 0)
        #expect(result.body == Data("hallo\n".utf8))
        #expect(easy.value(of: .noSignal) == 1)
    }

    @Test func linkedLibcurlHasThreadedResolverAndDecoders() {
        #expect(CurlRuntime.hasAsynchronousDNS)
        #expect(CurlRuntime.contentDecoding.gzip)
        #expect(CurlRuntime.version.split(separator: ".").count == 3)
    }

    @Test(.enabled(if: SharedData.shouldRun))
    func fileTransferOnWorkerThreadReturnsTheExactBytes() async throws {
        let url = SharedData.url("cbs-v4-checkdecijfers/83625NED/properties.json")
        let expected = try SharedData.data("cbs-v4-checkdecijfers/83625NED/properties.json")
        let result = try await CurlWorker.perform(CurlTransfer(url: url.absoluteString, allowedProtocols: "file"))
        #expect(result.body == expected)
        #expect(result.status == 0)
    }

    @Test func missingFileIsFileNotReadable() async throws {
        let transfer = CurlTransfer(url: "file:///nonexistent/impactmon/x.json", allowedProtocols: "file")
        let error = await #expect(throws: CurlError.self) { try await CurlWorker.perform(transfer) }
        #expect(error?.kind == .fileNotReadable)
        #expect(error?.code == 37)
    }

    /// The write callback refuses the chunk that would pass the cap; with the cap at 10 bytes a 6,000-byte
    /// file fails as `bodyTooLarge` and never reaches the caller.
    @Test func bodyCapAbortsTheTransfer() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("big.txt")
        try Data(repeating: 0x78, count: 6_000).write(to: file)
        let transfer = CurlTransfer(url: file.absoluteString, allowedProtocols: "file", maxBodyBytes: 10)
        let error = await #expect(throws: CurlError.self) { try await CurlWorker.perform(transfer) }
        #expect(error?.kind == .bodyTooLarge)
    }

    @Test func protocolOutsideTheAllowedListIsRefused() async throws {
        let transfer = CurlTransfer(url: "file:///etc/hostname", allowedProtocols: "http,https")
        let error = await #expect(throws: CurlError.self) { try await CurlWorker.perform(transfer) }
        #expect(error?.kind == .unsupportedProtocol)
    }

    /// Four transfers in parallel, each on its own thread, each with its own handle.
    @Test func parallelTransfersOnWorkerThreads() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var urls: [String] = []
        for i in 0..<4 {
            let file = dir.appendingPathComponent("\(i).txt")
            try Data(repeating: UInt8(0x30 + i), count: 1_000 * (i + 1)).write(to: file)
            urls.append(file.absoluteString)
        }
        let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
            for u in urls {
                group.addTask {
                    try await CurlWorker.perform(CurlTransfer(url: u, allowedProtocols: "file")).body.count
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted()
        }
        #expect(sizes == [1_000, 2_000, 3_000, 4_000])
    }

    /// The pool starts threads on demand, never more than its maximum, and all transfers complete.
    @Test func workerPoolBoundsItsThreads() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.txt")
        try Data(repeating: 0x61, count: 2_048).write(to: file)
        let pool = CurlWorkerPool(maxThreads: 2)
        #expect(pool.threadCount == 0)
        let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await pool.perform(CurlTransfer(url: file.absoluteString, allowedProtocols: "file")).body.count
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(sizes == Array(repeating: 2_048, count: 8))
        #expect((1...2).contains(pool.threadCount))
        await pool.shutdown()
        #expect(pool.threadCount == 0)
        // After a shutdown the pool still works: it starts a thread again.
        let again = try await pool.perform(CurlTransfer(url: file.absoluteString, allowedProtocols: "file"))
        #expect(again.body.count == 2_048)
        await pool.shutdown()
    }

    /// A reused handle starts from the defaults again: NOSIGNAL and TLS verification stay on after a reset.
    @Test func resetKeepsTheSafetyDefaults() throws {
        var easy = try Easy()
        try easy.set(.noSignal, 0)
        try easy.resetToDefaults()
        #expect(easy.value(of: .noSignal) == 1)
        #expect(easy.value(of: .sslVerifyPeer) == 1)
        #expect(easy.value(of: .timeoutMilliseconds) == nil)
    }
}
