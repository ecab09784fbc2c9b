import Connectors
import Fetching
import Foundation
import ImpactModel
import TestSupport
import Testing

/// Issue 15, item 2: links from response bodies stay on the source's scheme and host (or its `allow_hosts`);
/// `file://` only for a source declared as a file, below its folder.
@Suite("Links stay where they belong")
struct LinkScopeTests {
    static let base = "https://datasets.example.nl/odata/v1/CBS/99990NED"

    static func page(_ rows: Int, next: String?) throws -> Data {
        var object: [String: Any] = [
            "value": (0..<rows).map {
                ["Id": $0, "Measure": "M1", "Perioden": "2024KW01", "RegioS": "GM0392", "Value": 1]
            }
        ]
        if let next { object["@odata.nextLink"] = next }
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test(arguments: [
        ("https://datasets.example.nl/odata/v1/CBS/99990NED/Observations?$skip=10", nil as String?),
        ("https://other.example.nl/x", "host other.example.nl is not the source's host"),
        ("https://datasets.example.nl:8443/x", "host datasets.example.nl:8443 is not the source's host"),
        ("http://datasets.example.nl/x", "it leaves https for http"),
        ("file:///etc/passwd", "file:// links are followed only for sources declared as files"),
        ("ftp://datasets.example.nl/x", "scheme ftp is never followed"),
        ("https://mirror.example.nl/x", nil),
    ])
    func httpSourceScope(link: String, refusal: String?) {
        let scope = LinkScope(sourceID: "cbs-x", sourceURL: Self.base, allowHosts: ["mirror.example.nl"])
        let reason = scope.refusal(link)
        if let refusal {
            #expect(reason?.contains(refusal) == true, "\(reason ?? "nil")")
        } else {
            #expect(reason == nil, "\(reason ?? "")")
        }
    }

    @Test func fileSourceFollowsOnlyItsOwnFolder() {
        let scope = LinkScope(sourceID: "snap", sourceURL: "file:///data/snapshots/83599NED/UntypedDataSet.json")
        #expect(scope.refusal("file:///data/snapshots/83599NED/UntypedDataSet-skip10000.json") == nil)
        #expect(scope.refusal("file:///etc/passwd")?.contains("leaves the source's folder") == true)
        #expect(scope.refusal("file:///data/snapshots/83599NED/../../../etc/passwd")?.contains("leaves") == true)
        #expect(scope.refusal("https://evil.example/x")?.contains("follows no http(s) links") == true)
        // A placeholder in a folder name: the scope is the folder above it.
        let quarterly = LinkScope(sourceID: "r", sourceURL: "file:///data/returns/{quarter}/impact.csv")
        #expect(quarterly.refusal("file:///data/returns/2026Q3/impact.csv") == nil)
        #expect(quarterly.refusal("file:///data/other/impact.csv") != nil)
        let plain = LinkScope(sourceID: "r", sourceURL: "file:///data/returns/impact-{quarter}.csv")
        #expect(plain.refusal("file:///data/returns/impact-2026Q3.csv") == nil)
    }

    /// A v4 nextLink to `file:///etc/passwd` and one to another host are refused: a connector error naming the
    /// source and the link; the link is never requested.
    @Test(arguments: ["file:///etc/passwd", "https://attacker.example/steal?page=2"])
    func odataNextLinkOffScopeIsRefused(link: String) async throws {
        let first = "\(Self.base)/Observations"
        let fixture = FixtureFetcher(exact: [first: .bytes(try Self.page(2, next: link))])
        let fetcher = ScopedFetcher(base: fixture, scope: LinkScope(sourceID: "cbs-x", sourceURL: Self.base))
        do {
            _ = try await ODataPaging.fetchAll(
                entity: "Observations", firstURL: first, firstIndex: 1, using: fetcher, hint: nil)
            Issue.record("the off-scope link was followed")
        } catch {
            #expect(error.code == .refusedLink)
            #expect(error.message.contains("source cbs-x"))
            #expect(error.message.contains(link))
            #expect(error.exitStatus == .unavailable)
        }
        #expect(fixture.requestedURLs == [first])
    }

    /// A CKAN resource URL on another host is refused unless that host is in allow_hosts.
    @Test func ckanResourceOnAnotherHostNeedsAllowHosts() async throws {
        let portal = "https://data.example.nl"
        let show = "\(portal)/api/3/action/package_show?id=ds"
        let download = "https://downloads.example.org/r.csv"
        let body = try JSONSerialization.data(withJSONObject: [
            "success": true,
            "result": ["resources": [["id": "r1", "name": "Register", "format": "CSV", "url": download]]],
        ])
        let connector = CKANResourceConnector(
            sourceID: "reg", portalURL: portal, dataset: "ds", resourceName: "Register")
        let fixture = FixtureFetcher(exact: [
            show: .bytes(body), download: .bytes(Data("a;b\n1;2\n".utf8), contentType: "text/csv"),
        ])
        do {
            _ = try await connector.fetch(
                using: ScopedFetcher(base: fixture, scope: LinkScope(sourceID: "reg", sourceURL: portal)))
            Issue.record("the off-host resource was fetched")
        } catch {
            #expect(error.code == .refusedLink)
            #expect(error.message.contains("source reg: refusing link \(download)"))
        }
        let allowed = try await connector.fetch(
            using: ScopedFetcher(
                base: fixture,
                scope: LinkScope(sourceID: "reg", sourceURL: portal, allowHosts: ["downloads.example.org"])))
        #expect(allowed.bodies.count == 2)
    }

    /// CKAN `success: false` (HTTP 200 or an error status) becomes a clear error quoting CKAN's own message.
    @Test func ckanSuccessFalseQuotesThePortalsMessage() async throws {
        let portal = "https://data.example.nl"
        let show = "\(portal)/api/3/action/package_show?id=ds"
        let body = Data(
            #"{"help":"…","success":false,"error":{"__type":"Not Found Error","message":"Niet gevonden"}}"#.utf8)
        let connector = CKANResourceConnector(sourceID: "reg", portalURL: portal, dataset: "ds", resourceName: "R")
        do {
            _ = try await connector.fetch(using: FixtureFetcher(exact: [show: .bytes(body)]))
            Issue.record("no error")
        } catch {
            #expect(error.code == .serverError)
            #expect(error.message.contains("\"Not Found Error: Niet gevonden\""), "\(error.message)")
        }
        #expect(Fetch.serverErrorObject(body) == "\"Not Found Error: Niet gevonden\"")
        #expect(Fetch.serverErrorObject(Data("{\"success\":true}".utf8)) == nil)
    }
}
