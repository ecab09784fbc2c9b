import Foundation

/// `url`'s path relative to `base` when below it, else the absolute path.
package func relativePath(_ url: URL, from base: URL) -> String {
    let p = url.standardizedFileURL.path
    let b =
        base.standardizedFileURL.path.hasSuffix("/")
        ? base.standardizedFileURL.path : base.standardizedFileURL.path + "/"
    return p.hasPrefix(b) ? String(p.dropFirst(b.count)) : p
}
