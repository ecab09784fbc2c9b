import Fetching
import Foundation
import ImpactModel
import Testing

/// Pure parts: proxy environment rules, backoff arithmetic, Retry-After parsing, URL masking, fetch.json shape.
@Suite struct PolicyTests {
    /// B27: libcurl's spellings. Upper-case HTTP_PROXY is ignored (httpoxy); the lower-case form wins.
    @Test(arguments: [
        (["HTTP_PROXY": "http://evil:1"], nil as String?, nil as String?, nil as String?),
        (["http_proxy": "http://p:3128"], "http://p:3128", nil, nil),
        (["HTTPS_PROXY": "http://s:3128"], nil, "http://s:3128", nil),
        (["https_proxy": "http://a:1", "HTTPS_PROXY": "http://b:2"], nil, "http://a:1", nil),
        (["all_proxy": "http://all:9"], "http://all:9", "http://all:9", nil),
        (
            ["https_proxy": "http://proxy.gemeente.test:3128", "no_proxy": "localhost,.gemeente.test"], nil,
            "http://proxy.gemeente.test:3128", "localhost,.gemeente.test"
        ),
        (["NO_PROXY": "*"], nil, nil, "*"),
        (["no_proxy": "a", "NO_PROXY": "b"], nil, nil, "a"),
        (["http_proxy": "  "], nil, nil, nil),
    ])
    func proxyEnvironment(env: [String: String], http: String?, https: String?, noProxy: String?) {
        let settings = ProxySettings(environment: env)
        #expect(settings.http == http)
        #expect(settings.https == https)
        #expect(settings.noProxy == noProxy)
        #expect(settings.proxy(forScheme: "file") == nil)
    }

    /// d = min(30 s, 500 ms · 2^(n−1)); delay = d + jitter in [0, d/2]: jitter only lengthens a wait (issue 15).
    @Test(arguments: [
        (1, 750, 500), (2, 1_500, 1_000), (3, 3_000, 2_000), (6, 24_000, 16_000), (7, 45_000, 30_000),
        (60, 45_000, 30_000),
    ])
    func backoffIsExponentialWithJitterThatOnlyLengthens(retry: Int, topMs: Int, bottomMs: Int) {
        let policy = FetchPolicy()
        #expect(policy.backoff(retry: retry, random: { $0.upperBound }) == .milliseconds(topMs))
        #expect(policy.backoff(retry: retry, random: { $0.lowerBound }) == .milliseconds(bottomMs))
    }

    @Test(arguments: [
        ("120", Duration.seconds(120)),
        ("0", Duration.zero),
        ("Sun, 06 Nov 1994 08:49:37 GMT", Duration.seconds(37)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", Duration.seconds(37)),
        ("Sun Nov  6 08:49:37 1994", Duration.seconds(37)),
        ("Sun, 06 Nov 1994 08:40:00 GMT", Duration.zero),
    ])
    func retryAfterForms(value: String, expected: Duration) {
        // 784111777 = Sun, 06 Nov 1994 08:49:37 GMT; "now" is 37 s earlier, 08:49:00.
        let now = Date(timeIntervalSince1970: 784_111_777 - 37)
        #expect(RetryAfter.delay(value, now: now) == expected)
    }

    @Test func retryAfterGarbageIsIgnored() {
        #expect(RetryAfter.delay("soon", now: Date()) == nil)
        #expect(RetryAfter.delay("-5", now: Date()) == nil)
    }

    @Test(arguments: [
        (
            "https://api.kvk.nl/api/v1/basisprofielen/01234567?apikey=abc&geoData=false",
            "https://api.kvk.nl/api/v1/basisprofielen/01234567?apikey=***&geoData=false"
        ),
        ("https://user:pw@example.test/x", "https://user:***@example.test/x"),
        (
            "https://opendata.cbs.nl/ODataApi/OData/83625NED/TypedDataSet?$format=json",
            "https://opendata.cbs.nl/ODataApi/OData/83625NED/TypedDataSet?$format=json"
        ),
    ])
    func secretsAreMaskedInURLs(url: String, masked: String) {
        #expect(SecretMasking.mask(url) == masked)
    }

    @Test func headerNamedSecretIsMaskedInTheQueryToo() {
        #expect(
            SecretMasking.mask("https://x.test/a?X-Custom=v1", secretNames: ["x-custom"])
                == "https://x.test/a?X-Custom=***")
    }

    /// fetch.json: snake_case keys, every field present (null when absent), ISO 8601 UTC timestamps.
    @Test func fetchRecordJSONShape() throws {
        let record = FetchRecord(
            url: "https://x.test/a", effectiveURL: "https://x.test/a", status: 200, bytes: 3,
            sha256: "abc", retrievedAt: FetchRecord.timestamp(Date(timeIntervalSince1970: 784_111_777)), attempts: 1)
        let data = try FetchRecord.logJSON([record])
        let array = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let object = try #require(array.first)
        #expect(
            Set(object.keys) == [
                "url", "effective_url", "status", "content_type", "etag", "last_modified", "bytes", "sha256",
                "retrieved_at", "attempts", "redirects", "from_cache", "not_modified", "body_bytes_transferred",
                "error",
            ])
        #expect(object["retrieved_at"] as? String == "1994-11-06T08:49:37Z")
        #expect(object["etag"] is NSNull)
        #expect(try JSONDecoder().decode([FetchRecord].self, from: data) == [record])
        #expect(data.last == 0x0A)
    }

    @Test(arguments: ["max_redirects = 21", "max_attempts = 0", "ca_bundle"])
    func invalidPolicyIsAConfigurationError(field: String) {
        var policy = FetchPolicy()
        switch field {
        case "max_redirects = 21": policy.maxRedirects = 21
        case "max_attempts = 0": policy.maxAttempts = 0
        default: policy.caBundlePath = "/nonexistent/gemeente-root.pem"
        }
        let error = #expect(throws: ImpactError.self) { try policy.validate() }
        #expect(error?.status == .config)
        #expect(error?.message.contains(field) == true)
    }
}
