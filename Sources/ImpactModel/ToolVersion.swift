/// The version of ImpactMonitor, recorded in manifests, run summaries and the User-Agent.
package enum ToolVersion {
    package static let current = "0.1.0"
}
