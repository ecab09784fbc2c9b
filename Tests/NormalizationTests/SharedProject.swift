import Foundation
import TestSupport

/// The package checkout, for the project's own config files.
enum SharedProject {
    static var root: URL { SharedData.packageRoot }
}
