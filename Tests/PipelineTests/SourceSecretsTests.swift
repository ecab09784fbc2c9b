import Foundation
import ImpactModel
import Testing

@testable import Pipeline

/// Issue 15, item 1 in the pipeline file: `${NAME}` in a source's url, headers and parameters, secret headers,
/// literal credentials found for `validate`, unset variables, `allow_hosts` and per-source trust.
@Suite("Pipeline sources: credentials from the environment")
struct SourceSecretsTests {
    private func load(_ sources: String, environment: [String: String]) throws -> PipelineDefinition {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impactmon-sourcesecrets-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("p.yaml")
        let text = """
            version: 1
            name: p
            municipality: {code: GM0392, name: Haarlem}
            registry: registry.csv
            metrics: metrics.yaml
            themes: themes.yaml
            sources:
            \(sources)
            """
        try text.write(to: url, atomically: true, encoding: .utf8)
        return try PipelineDefinition.load(url, environment: environment)
    }

    @Test func environmentValuesAreSubstitutedAndSecret() throws {
        let d = try load(
            """
              - id: api
                connector: csv
                url: "https://u:${PW_T1}@data.test/x.csv?apikey=${KEY_T1}&q=1"
                dataset: "${DS_T1}"
                headers:
                  X-Gemeente: "${HDR_T1}"
                  Accept-Language: nl
                allow_hosts: [cdn.data.test]
                ca_path: /
            """,
            environment: [
                "PW_T1": "pw-aaaa1111", "KEY_T1": "key-bbbb2222", "DS_T1": "dataset-one", "HDR_T1": "hdr-cccc3333",
            ])
        let s = try #require(d.sources.first)
        #expect(s.resolvedURL == "https://u:pw-aaaa1111@data.test/x.csv?apikey=key-bbbb2222&q=1")
        #expect(s.url.contains("${PW_T1}"), "the url as written keeps the reference")
        #expect(s.dataset == "dataset-one")
        #expect(s.headers["X-Gemeente"] == "hdr-cccc3333")
        #expect(s.secretHeaderNames == ["x-gemeente"])
        #expect(s.allowHosts == ["cdn.data.test"])
        #expect(s.caPath == "/")
        #expect(s.missingVariables.isEmpty)
        #expect(s.literalSecrets.isEmpty)
        #expect(Secrets.mask("echo hdr-cccc3333 pw-aaaa1111") == "echo *** ***")
    }

    @Test func literalCredentialsAndUnsetVariablesAreReported() throws {
        let d = try load(
            """
              - id: api
                connector: csv
                url: "https://u:hunter2-literal@data.test/x.csv?access_token=tok-literal-9&region=${UNSET_T2}"
                headers:
                  Authorization: "Bearer literal-bearer-77"
            """,
            environment: [:])
        let s = try #require(d.sources.first)
        #expect(s.missingVariables == ["UNSET_T2"])
        #expect(s.literalSecrets.count == 3, "\(s.literalSecrets)")
        #expect(s.literalSecrets.contains("url has a literal password in user:password@"))
        #expect(s.literalSecrets.contains("url has a literal value for the secret query parameter access_token"))
        #expect(s.literalSecrets.contains("header Authorization holds a literal credential"))
        #expect(!s.literalSecrets.joined().contains("hunter2"))
        #expect(Secrets.mask("x hunter2-literal tok-literal-9 Bearer literal-bearer-77") == "x *** *** ***")
    }
}
