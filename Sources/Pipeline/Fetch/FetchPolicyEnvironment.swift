import Fetching
import Foundation
import ImpactModel

extension PipelineDefinition {
    /// The fetch policy of this pipeline file (`fetch:` settings, the tool version) with the trust store taken from
    /// the standard variables `CURL_CA_BUNDLE`, `SSL_CERT_FILE` and `SSL_CERT_DIR` when the file sets none of its own
    /// (docs/FETCHING.md).
    func fetchPolicy(environment: [String: String]) -> FetchPolicy {
        var policy = fetchSettings.applied(to: FetchPolicy())
        policy.toolVersion = ToolVersion.current
        if policy.caBundlePath == nil && policy.caPath == nil {
            for name in ["CURL_CA_BUNDLE", "SSL_CERT_FILE"] {
                if let v = environment[name], !v.isEmpty {
                    policy.caBundlePath = v
                    policy.trustOrigin = "the environment variable \(name)"
                    break
                }
            }
            if let v = environment["SSL_CERT_DIR"], !v.isEmpty, !v.contains(":") {
                policy.caPath = v
                policy.trustOrigin =
                    (policy.trustOrigin.map { $0 + " and " } ?? "") + "the environment variable SSL_CERT_DIR"
            }
        }
        return policy
    }
}

extension FetchMode {
    /// The client's mode for this run mode (`--offline` replays, `--refresh` asks again unconditionally).
    var clientMode: HTTPClient.Mode {
        switch self {
        case .online: .online
        case .offline: .offline
        case .refresh: .refresh
        }
    }
}
