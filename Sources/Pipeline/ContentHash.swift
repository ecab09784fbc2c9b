import Fetching
import Foundation

/// SHA-256 of a file's bytes, or `nil` when it cannot be read (through ``FileDigests``: unchanged files are not
/// read again).
package func fileSHA256(_ url: URL) -> String? {
    FileDigests.shared.digest(url)?.sha256
}
