import ImpactModel

enum ToolVersionText {
    static let text = ToolVersion.current
}
