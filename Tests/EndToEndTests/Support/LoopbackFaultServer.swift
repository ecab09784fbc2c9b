import Foundation
import TestSupport

/// `Tests/FetchingTests/Resources/fault_server.py` on 127.0.0.1 for the end-to-end tests, serving `root` under
/// `/real/…` (plus its fault routes: `/status/<code>`, `/seq/…`, `/redirect?to=…`). Stopped by pid in `stop()`.
final class LoopbackFaultServer: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    private let process = Process()
    let port: Int
    let tls: Bool

    init(root: URL, tls: (cert: String, key: String)? = nil) throws {
        self.tls = tls != nil
        let script = SharedData.packageRoot.appendingPathComponent("Tests/FetchingTests/Resources/fault_server.py")
        port = try startLoopbackScript(
            process, script: script,
            arguments: ["--root", root.path, "--parent", "\(ProcessInfo.processInfo.processIdentifier)"]
                + (tls.map { ["--tls-cert", $0.cert, "--tls-key", $0.key] } ?? []))
    }

    deinit { stop() }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    /// `http(s)://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String { "\(tls ? "https" : "http")://127.0.0.1:\(port)\(path)" }

    /// The server's request log (`/_log`), read with the curl command-line tool.
    func log() throws -> [[String: Any]] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["curl", "-s", "--max-time", "10", url("/_log")]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
    }
}

/// Every regular file below `folder` (hidden ones included), as (path, bytes).
func allFiles(below folder: URL) -> [(String, Data)] {
    var out: [(String, Data)] = []
    guard let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
        return out
    }
    for case let url as URL in e {
        if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
            let data = try? Data(contentsOf: url)
        {
            out.append((url.path, data))
        }
    }
    return out
}

/// A private CA made in the test (`openssl` CLI) and a server certificate for 127.0.0.1 signed by it, plus a
/// self-signed certificate that nothing trusts.
struct PrivateCA {
    let directory: URL
    var caCertificate: String { directory.appendingPathComponent("ca.pem").path }
    var serverCertificate: String { directory.appendingPathComponent("server.pem").path }
    var serverKey: String { directory.appendingPathComponent("server.key").path }
    var selfSignedCertificate: String { directory.appendingPathComponent("self.pem").path }
    var selfSignedKey: String { directory.appendingPathComponent("self.key").path }
    /// A directory holding the CA certificate under its OpenSSL subject hash (for `ca_path`).
    var hashedDirectory: String { directory.appendingPathComponent("hashed").path }

    struct Failure: Error, CustomStringConvertible { var description: String }

    init() throws {
        directory = try ImpactmonBinary.temporaryDirectory("private-ca")
        let d = directory.path
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
            "\(d)/ca.key", "-out", "\(d)/ca.pem", "-days", "2", "-subj", "/CN=Gemeente Test Root CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try Self.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "\(d)/server.key",
            "-out", "\(d)/server.csr", "-subj", "/CN=127.0.0.1",
        ])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
            .write(toFile: "\(d)/ext.cnf", atomically: true, encoding: .utf8)
        try Self.openssl([
            "x509", "-req", "-in", "\(d)/server.csr", "-CA", "\(d)/ca.pem", "-CAkey", "\(d)/ca.key", "-CAcreateserial",
            "-out", "\(d)/server.pem", "-days", "1", "-extfile", "\(d)/ext.cnf",
        ])
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
            "\(d)/self.key", "-out", "\(d)/self.pem", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        let hash = try Self.openssl(["x509", "-subject_hash", "-noout", "-in", "\(d)/ca.pem"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.createDirectory(atPath: "\(d)/hashed", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(d)/ca.pem", toPath: "\(d)/hashed/\(hash).0")
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    @discardableResult
    static func openssl(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "openssl \(args.first ?? "") failed with \(p.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
