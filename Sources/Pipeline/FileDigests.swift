import ContentHash
import Fetching
import Foundation

/// SHA-256 of files with a stat-validated cache, so that deciding "nothing changed" does not read gigabytes.
///
/// An entry is keyed by device and inode and reused while the file's size and modification time (nanoseconds) are
/// those recorded when it was hashed: the rule of git's index and of rsync's quick check. A rename keeps the inode and
/// the time (a staging folder published by rename is not hashed again); any write changes the time; an editor that
/// saves a new file gets a new inode. What it cannot see is a write that restores the old time on purpose
/// (`touch -d`); `--force` reruns every stage regardless. The cache of a pipeline is kept in
/// `output/<pipeline>/.file-digests.json` (under the pipeline's lock) between runs.
package final class FileDigests: @unchecked Sendable {
    /// The process-wide cache (thread-safe).
    package static let shared = FileDigests()

    struct Entry: Codable, Hashable {
        var path: String
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var mtimeNanoseconds: Int64
        var sha256: String
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// Files hashed (read) and files answered from the cache, since the process started (for tests and benchmarks).
    package private(set) var hashed = 0
    /// Files answered from the cache without reading them, since the process started (see ``hashed``).
    package private(set) var reused = 0

    /// An empty cache (tests; the pipeline uses ``shared``).
    package init() {}

    /// The SHA-256 and size of the regular file at `url`, or `nil` when it cannot be read.
    package func digest(_ url: URL) -> (sha256: String, bytes: Int)? {
        var info = stat()
        guard stat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let key = "\(info.st_dev):\(info.st_ino)"
        let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        lock.lock()
        if let e = entries[key], e.size == Int64(info.st_size), e.mtimeNanoseconds == mtime {
            reused += 1
            lock.unlock()
            return (e.sha256, Int(info.st_size))
        }
        lock.unlock()
        guard let sha = try? sha256Hex(fileAt: url) else { return nil }
        lock.lock()
        hashed += 1
        entries[key] = Entry(
            path: url.path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            mtimeNanoseconds: mtime, sha256: sha)
        lock.unlock()
        return (sha, Int(info.st_size))
    }

    /// Records that the regular file at `url`, just written from bytes whose SHA-256 is `sha256`, has that digest, so
    /// the manifest does not read the file back to hash it (the fetch stage's bodies, hashed once while they streamed
    /// in). Keyed like ``digest(_:)`` by device, inode, size and modification time: a later write is noticed.
    package func record(_ url: URL, sha256: String) {
        var info = stat()
        guard stat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        let entry = Entry(
            path: url.path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            mtimeNanoseconds: mtime, sha256: sha256)
        lock.lock()
        entries["\(info.st_dev):\(info.st_ino)"] = entry
        lock.unlock()
    }

    /// Adds the entries stored at `url` (a missing or unreadable file adds nothing).
    package func load(_ url: URL) {
        guard let data = try? Data(contentsOf: url), let list = try? JSONDecoder().decode([Entry].self, from: data)
        else { return }
        lock.lock()
        for e in list { entries["\(e.device):\(e.inode)"] = e }
        lock.unlock()
    }

    /// Stores the entries whose recorded path still names the same file (same inode, size and time), so the
    /// file does not grow with deleted outputs; written atomically.
    package func save(_ url: URL) {
        lock.lock()
        let all = Array(entries.values)
        lock.unlock()
        let live = all.filter { e in
            var info = stat()
            guard stat(e.path, &info) == 0 else { return false }
            let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            return UInt64(info.st_ino) == e.inode && Int64(info.st_size) == e.size && mtime == e.mtimeNanoseconds
        }.sorted { $0.path < $1.path }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        guard let data = try? enc.encode(live) else { return }
        try? writeAtomically(data, to: url)
    }
}
