import Fetching
import Foundation
import TestSupport
import Testing

/// B27: proxy and trust store; https rules; per-host concurrency. All traffic stays on 127.0.0.1.
@Suite struct NetworkConfigurationTests {
    /// Through `http_proxy`, the request reaches the proxy in absolute form; the target host is never resolved
    /// locally (`.invalid` is reserved, RFC 6761), so nothing leaves the machine.
    @Test func requestGoesThroughTheProxy() async throws {
        let server = try FaultServer()
        let proxy = ProxySettings(environment: ["http_proxy": server.url("")])
        let client = try HTTPClient(policy: .test { $0.proxy = proxy })
        let response = try await client.get(HTTPRequest(url: "http://data.gemeente.invalid/echo"))
        #expect(response.status == 200)
        let entry = try #require(try await server.log(path: "/echo").first)
        #expect(entry.proxied)
        #expect(entry.target == "http://data.gemeente.invalid/echo")
        #expect(entry.headers["host"] == "data.gemeente.invalid")
    }

    /// `no_proxy` bypasses the proxy (here a dead one on port 1) for the listed host.
    @Test func noProxyHostIsFetchedDirectly() async throws {
        let server = try FaultServer()
        let proxy = ProxySettings(environment: ["http_proxy": "http://127.0.0.1:1", "no_proxy": "localhost,127.0.0.1"])
        let client = try HTTPClient(policy: .test { $0.proxy = proxy })
        let response = try await client.get(HTTPRequest(url: server.url("/echo")))
        #expect(response.status == 200)
        let entry = try #require(try await server.log(path: "/echo").first)
        #expect(entry.proxied == false)
        #expect(entry.target == "/echo")
    }

    /// Upper-case HTTP_PROXY is ignored, as libcurl does (httpoxy): the dead proxy is not used.
    @Test func upperCaseHTTPProxyIsIgnored() async throws {
        let server = try FaultServer()
        let client = try HTTPClient(
            policy: .test { $0.proxy = ProxySettings(environment: ["HTTP_PROXY": "http://127.0.0.1:1"]) })
        #expect(try await client.get(HTTPRequest(url: server.url("/echo"))).status == 200)
    }

    /// With the organisation's CA bundle the HTTPS fetch succeeds; without it verification fails with the host,
    /// "certificate verify failed" and the hint to set ca_bundle, and it is not retried.
    @Test func caBundleDecidesTrust() async throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let server = try FaultServer(tls: certificate)
        let trusted = try HTTPClient(policy: .test { $0.caBundlePath = certificate.certificatePath })
        let response = try await trusted.get(HTTPRequest(url: server.url("/echo")))
        #expect(response.status == 200)
        #expect(response.effectiveURL.hasPrefix("https://127.0.0.1:"))

        let recorder = RecordingClock()
        let untrusted = try HTTPClient(policy: .test(), clock: recorder.clock)
        let error = try #require(await fetchError { try await untrusted.get(HTTPRequest(url: server.url("/echo"))) })
        #expect(error.kind == .tls)
        #expect(error.message.contains("certificate verify failed"))
        #expect(error.message.contains("host 127.0.0.1"))
        #expect(error.message.contains("ca_bundle"))
        #expect(error.attempts == 1)
        #expect(recorder.recorded.isEmpty)
    }

    /// A redirect from https to http is refused before anything is sent to the http URL.
    @Test func httpsToHTTPRedirectIsRefused() async throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let server = try FaultServer(tls: certificate)
        let plain = try FaultServer()
        let client = try HTTPClient(policy: .test { $0.caBundlePath = certificate.certificatePath })
        let target = plain.url("/echo")
        let error = try #require(
            await fetchError { try await client.get(HTTPRequest(url: server.url("/redirect?to=\(target)"))) })
        #expect(error.kind == .badRedirect)
        #expect(error.message.contains("refusing redirect from https to \(target)"))
        #expect(try await plain.log(path: "/echo").isEmpty)
    }

    /// With one transfer per host at a time, four parallel requests never overlap at the server.
    @Test(arguments: [1, 4])
    func perHostConcurrencyIsBounded(limit: Int) async throws {
        let server = try FaultServer()
        let client = try HTTPClient(policy: .test { $0.perHostConcurrency = limit })
        let url = server.url("/seq/slow?steps=slow&delay=0.2")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { try await client.get(HTTPRequest(url: url)).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == [200, 200, 200, 200])
        let seen = try await server.maxInFlight(path: "/seq/slow")
        #expect(seen >= 1)
        #expect(seen <= limit)
        if limit == 1 { #expect(seen == 1) }
    }
}
