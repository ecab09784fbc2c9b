import Fetching
import Foundation
import Synchronization
import TestSupport

/// The fault-injecting HTTP server (`Resources/fault_server.py`) on 127.0.0.1, one per test.
///
/// Started with `Process`; it prints the port the kernel gave it, and exits by itself when this test process
/// is gone. ``stop()`` (or deinit) terminates it by its pid.
final class FaultServer {
    struct LogEntry: Decodable, Sendable {
        var target: String
        var path: String
        var proxied: Bool
        var headers: [String: String]
        var status: Int
        var bodyBytes: Int
        var clientPort: Int

        enum CodingKeys: String, CodingKey {
            case target, path, proxied, headers, status
            case bodyBytes = "body_bytes"
            case clientPort = "client_port"
        }
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    private let process = Process()
    let port: Int
    /// The CA bundle that trusts this server, when it serves TLS.
    let caBundle: String?

    /// Starts the server; with `tls`, it serves HTTPS with that certificate (see ``TestCertificate``).
    init(tls: TestCertificate? = nil) throws {
        caBundle = tls?.certificatePath
        let script = SharedData.packageRoot.appendingPathComponent("Tests/FetchingTests/Resources/fault_server.py")
        port = try startLoopbackScript(
            process, script: script,
            arguments: [
                "--root", SharedData.realDirectory.path, "--parent", "\(ProcessInfo.processInfo.processIdentifier)",
            ] + (tls.map { ["--tls-cert", $0.certificatePath, "--tls-key", $0.keyPath] } ?? []))
    }

    deinit { stop() }

    /// Terminates the server (SIGTERM; Foundation reaps it). Does not wait, so it never blocks a thread of the
    /// concurrency pool; a server that survived would still exit when this process is gone.
    func stop() {
        if process.isRunning { process.terminate() }
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String { "\(caBundle == nil ? "http" : "https")://127.0.0.1:\(port)\(path)" }

    /// The server's own log of the requests it received.
    func log() async throws -> [LogEntry] {
        let client = try HTTPClient(policy: .test { $0.caBundlePath = caBundle })
        let response = try await client.get(HTTPRequest(url: url("/_log")))
        return try JSONDecoder().decode([LogEntry].self, from: response.body)
    }

    /// The most requests the server had in flight at once for a `/seq/` path.
    func maxInFlight(path: String) async throws -> Int {
        let client = try HTTPClient(policy: .test { $0.caBundlePath = caBundle })
        let response = try await client.get(HTTPRequest(url: url("/_inflight")))
        return try JSONDecoder().decode([String: Int].self, from: response.body)[path] ?? 0
    }

    /// The log entries for one path.
    func log(path: String) async throws -> [LogEntry] {
        try await log().filter { $0.path == path }
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost (P-256, valid one day), made with the openssl CLI
/// into a temporary directory. The certificate file doubles as the CA bundle that trusts it.
struct TestCertificate {
    let directory: URL
    let certificatePath: String
    let keyPath: String

    /// Deletes the files.
    func remove() { try? FileManager.default.removeItem(at: directory) }

    init() throws {
        let dir = try temporaryDirectory()
        directory = dir
        certificatePath = dir.appendingPathComponent("cert.pem").path
        keyPath = dir.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyPath, "-out", certificatePath, "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else {
            throw FaultServer.StartFailure(description: "openssl req failed with \(openssl.terminationStatus)")
        }
    }
}

/// Sleeps that only record their durations, and a fixed or real clock.
final class RecordingClock: Sendable {
    private let sleeps = Mutex<[Duration]>([])
    let fixedNow: Date?

    init(now: Date? = nil) { self.fixedNow = now }

    var recorded: [Duration] { sleeps.withLock { $0 } }

    /// A clock whose jitter always draws the bottom of its range (no jitter), so delays are exactly computable.
    var clock: FetchClock {
        FetchClock(
            now: { [fixedNow] in fixedNow ?? Date() },
            sleep: { [self] d in self.sleeps.withLock { $0.append(d) } },
            random: { $0.lowerBound })
    }
}

extension FetchPolicy {
    /// A policy for loopback tests: no proxy from the environment, short timeouts, 100 ms base backoff.
    static func test(_ change: (inout FetchPolicy) -> Void = { _ in }) -> FetchPolicy {
        var p = FetchPolicy()
        p.proxy = .none
        p.connectTimeout = .seconds(5)
        p.totalTimeout = .seconds(20)
        p.baseBackoff = .milliseconds(100)
        p.maxBackoff = .seconds(2)
        change(&p)
        return p
    }
}

/// A fresh temporary directory (the run's output folder in store tests).
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("impactmon-fetch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs `body` and returns the `FetchError` it throws (a test failure if it throws nothing else).
func fetchError(_ body: () async throws -> HTTPResponse) async -> FetchError? {
    do {
        _ = try await body()
        return nil
    } catch let error as FetchError {
        return error
    } catch {
        return nil
    }
}
