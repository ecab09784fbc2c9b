/// The version of ImpactMonitor, recorded in manifests, run summaries and the User-Agent.
package enum ToolVersion {
    /// Semantic version of this build; a change makes every stage stale (it is part of each config hash).
    package static let current = "0.1.0"
}
