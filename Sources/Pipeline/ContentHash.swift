import Fetching
import Foundation

/// SHA-256 of a file's bytes, or `nil` when it cannot be read.
package func fileSHA256(_ url: URL) -> String? {
    (try? Data(contentsOf: url)).map(sha256Hex)
}
