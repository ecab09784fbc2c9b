import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The entries of a ``ResponseStore``: append-only logs of JSON lines under `.cache/entries/`, one log per store
/// that wrote (one per fetch run), instead of one file per response.
///
/// A file per entry cost one more inode and rename per response; on 2,000 pages of 8 KB that was a quarter of the
/// fetch (ext4 inode allocation, issue 19 item 4). Shape:
/// ```
/// .cache/entries/<yyyyMMddTHHmmss.nnnnnnnnnZ>-<pid>-<n>.jsonl  {"entry":{StoredResponse},"key":"<key>"}\n per save
/// .cache/entries/<key>.json                                     an entry of an earlier version (read, never written)
/// ```
/// A line is appended with one `write(2)` after its body file is in place, so the line is the commit point; a line
/// cut short by a crash (no final newline) or that does not decode is skipped: the request is then fetched
/// unconditionally, as for an entry that was never written. Logs are read in name order (their creation time) and
/// lines in file order, and the last entry read for a key wins: the newest, except when two runs fetched the same
/// request at the same time, where the run that started later wins even if it saved first. That costs at most a full
/// transfer instead of a `304`: an entry's validators always belong to a body the store holds. Entries of the earlier
/// one-file-per-entry layout are read first. ``ResponseStore/prune(keeping:minimumAge:)`` compacts the logs older than its minimum age into one.
final class ResponseStoreEntryLog: Sendable {
    /// `.cache/entries/`.
    let directory: URL

    private struct State {
        /// This store's log, opened at its first save; -1 before.
        var descriptor: Int32 = -1
        /// The path of this store's log, once opened.
        var path: String?
        /// Every entry by key, read at the first lookup and kept up to date by this store's saves.
        var index: [String: ResponseStore.StoredResponse]?
    }
    private let state = Mutex(State())

    /// One line of a log.
    struct Line: Codable {
        var key: String
        var entry: ResponseStore.StoredResponse
    }

    /// The log of `directory`; nothing is read or created yet.
    init(directory: URL) { self.directory = directory }

    deinit {
        state.withLock { if $0.descriptor >= 0 { close($0.descriptor) } }
    }

    /// The newest entry of `key`, or nil when there is none.
    func entry(for key: String) -> ResponseStore.StoredResponse? {
        state.withLock { state in
            if state.index == nil { state.index = read().entries }
            return state.index?[key]
        }
    }

    /// Appends the entry of `key` to this store's log (created at the first call).
    /// - Throws: `CocoaError` naming the log when it cannot be created or written.
    func append(_ entry: ResponseStore.StoredResponse, key: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = try encoder.encode(Line(key: key, entry: entry)) + Data("\n".utf8)
        try state.withLock { state in
            if state.descriptor < 0 { (state.descriptor, state.path) = try open() }
            let path = state.path ?? directory.path
            let written = line.withUnsafeBytes { write(state.descriptor, $0.baseAddress, $0.count) }
            guard written == line.count else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            state.index?[key] = entry
        }
    }

    /// Creates this store's log: `O_APPEND`, so each line lands whole at the end.
    private func open() throws -> (Int32, String) {
        let name = "\(Self.stamp())-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        let path = directory.appendingPathComponent(name).path
        var fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        return (fd, path)
    }

    /// The creation time of a log as its name begins, to the nanosecond so that logs sort in the order they were
    /// created (`20261205T051334.123456789Z`, UTC).
    static func stamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var time = now.tv_sec
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let nanos = String(now.tv_nsec)
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))"
            + "\(two(parts.tm_min))\(two(parts.tm_sec)).\(String(repeating: "0", count: 9 - nanos.count))\(nanos)Z"
    }

    /// The length of ``stamp()``.
    static let stampLength = 26

    /// What the entries folder holds.
    struct Contents {
        /// The newest entry of every key.
        var entries: [String: ResponseStore.StoredResponse] = [:]
        /// The logs (`*.jsonl`) and the entry files of the earlier layout (`<key>.json`), with their bytes and
        /// modification times.
        var logs: [(url: URL, bytes: Int, modified: Date)] = []
        var entryFiles: [(url: URL, key: String, bytes: Int, modified: Date)] = []
        /// The key whose newest entry came from each log or entry file (by file name).
        var source: [String: String] = [:]
    }

    /// Reads every log and entry file of the folder (hidden files, such as a compaction in progress, are skipped).
    func read() -> Contents {
        var contents = Contents()
        let files =
            (try? FileManager.default.contentsOfDirectory(
                at: directory, includingPropertiesForKeys: [.fileSizeKey, .contentModificationDateKey])) ?? []
        func attributes(_ url: URL) -> (Int, Date) {
            let values = try? url.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
            return (values?.fileSize ?? 0, values?.contentModificationDate ?? .distantPast)
        }
        let decoder = JSONDecoder()
        for url in files where url.pathExtension == "json" && !url.lastPathComponent.hasPrefix(".") {
            let (bytes, modified) = attributes(url)
            let key = url.deletingPathExtension().lastPathComponent
            contents.entryFiles.append((url, key, bytes, modified))
            guard let data = try? Data(contentsOf: url),
                let entry = try? decoder.decode(ResponseStore.StoredResponse.self, from: data)
            else { continue }
            contents.entries[key] = entry
            contents.source[key] = url.lastPathComponent
        }
        let logs = files.filter { $0.pathExtension == "jsonl" && !$0.lastPathComponent.hasPrefix(".") }
        for url in logs.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            let (bytes, modified) = attributes(url)
            contents.logs.append((url, bytes, modified))
            guard let data = try? Data(contentsOf: url) else { continue }
            // Only complete lines: a line without its newline was cut short.
            var start = data.startIndex
            while let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if let line = try? decoder.decode(Line.self, from: data[start..<end]) {
                    contents.entries[line.key] = line.entry
                    contents.source[line.key] = url.lastPathComponent
                }
                start = data.index(after: end)
            }
        }
        return contents
    }

    /// Replaces the logs and entry files `old` by one log holding `entries` (written to a hidden name, then renamed),
    /// then deletes them; the index is read again at the next lookup, and this store's next save starts a new log if
    /// its own was among `old`.
    /// - Throws: file-system errors from writing the new log.
    func compact(_ old: [URL], into entries: [String: ResponseStore.StoredResponse]) throws {
        if !entries.isEmpty {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var text = Data()
            for key in entries.keys.sorted() {
                guard let entry = entries[key] else { continue }
                text += try encoder.encode(Line(key: key, entry: entry)) + Data("\n".utf8)
            }
            // Named with the newest creation time of the logs it replaces, so every log created since is read after
            // it and wins (entry files of the earlier layout have none: they are older than any log).
            let stamp =
                old.filter { $0.pathExtension == "jsonl" }.map { String($0.lastPathComponent.prefix(Self.stampLength)) }
                .max() ?? "00000000T000000.000000000Z"
            let name = "\(stamp)-compacted-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
            try ResponseStore.writeReplacing(text, to: directory.appendingPathComponent(name))
        }
        let removed = Set(old.map(\.path))
        state.withLock { state in
            for url in old { try? FileManager.default.removeItem(at: url) }
            if let path = state.path, removed.contains(path) {
                close(state.descriptor)
                state.descriptor = -1
                state.path = nil
            }
            state.index = nil
        }
    }
}
