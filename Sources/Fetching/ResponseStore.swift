import ContentHash
import Foundation
import ImpactModel

/// The response store under `<output>/.cache/`: the last good response of every request, for conditional
/// GET (`If-None-Match` / `If-Modified-Since`) and for offline replay.
///
/// Layout (content-addressed bodies, so the entry line is the single commit point):
/// ```
/// .cache/entries/<time>-<pid>-<n>.jsonl   one line per response: key and StoredResponse (url (masked), status,
///                                         headers, validators, sha256, retrieved_at); one log per fetch run
/// .cache/bodies/<sha256>                  the body bytes as returned to the caller (after content decoding)
/// ```
/// `<key>` is the SHA-256 of the request: method, URL with secrets masked, and the non-secret request headers
/// (validators excluded). A body is written to a temporary name and renamed, then its entry line is appended with
/// one `write(2)`, so a reader (another run on shared storage) sees the old entry or the new one, never half of
/// one (``ResponseStoreEntryLog``). Secrets never reach the store:
/// secret headers are not part of the key material nor stored, URLs are masked, and `Set-Cookie` /
/// `Authorization`-like response headers are dropped.
package struct ResponseStore: Sendable {
    /// One stored response.
    package struct StoredResponse: Codable, Sendable, Hashable {
        /// The requested URL, secrets masked.
        package var url: String
        /// The URL after redirects, secrets masked.
        package var effectiveURL: String
        /// The HTTP status of the stored response (2xx).
        package var status: Int
        /// Response headers, names lower-cased, secrets and cookies dropped.
        package var headers: [String: String]
        /// The validators sent back as `If-None-Match` / `If-Modified-Since`.
        package var etag: String?
        /// See ``etag``.
        package var lastModified: String?
        /// Lower-case hex SHA-256 of the body file.
        package var sha256: String
        /// Body size in bytes.
        package var bytes: Int
        /// When the body was received, ISO 8601 UTC.
        package var retrievedAt: String

        /// An entry with the given fields.
        package init(
            url: String, effectiveURL: String, status: Int, headers: [String: String], etag: String?,
            lastModified: String?, sha256: String, bytes: Int, retrievedAt: String
        ) {
            self.url = url
            self.effectiveURL = effectiveURL
            self.status = status
            self.headers = headers
            self.etag = etag
            self.lastModified = lastModified
            self.sha256 = sha256
            self.bytes = bytes
            self.retrievedAt = retrievedAt
        }

        enum CodingKeys: String, CodingKey {
            case url, status, headers, etag, sha256, bytes
            case effectiveURL = "effective_url"
            case lastModified = "last_modified"
            case retrievedAt = "retrieved_at"
        }
    }

    /// The `.cache` directory.
    package let directory: URL

    /// `bodies/` (Foundation's URL appending is a measurable cost per response on small pages).
    private let bodiesDirectory: URL
    /// `entries/`: the logs of entries, shared by the copies of this store.
    private let entryLog: ResponseStoreEntryLog

    /// A store in `directory` (created on first write).
    package init(directory: URL) {
        self.directory = directory
        self.entryLog = ResponseStoreEntryLog(directory: directory.appendingPathComponent("entries"))
        self.bodiesDirectory = directory.appendingPathComponent("bodies")
    }

    /// The store of a run tree: `<outputDirectory>/.cache`.
    package init(outputDirectory: URL) { self.init(directory: outputDirectory.appendingPathComponent(".cache")) }

    /// Request headers that never enter the key (they change between runs of the same request).
    static let volatileHeaders: Set<String> = ["if-none-match", "if-modified-since", "user-agent"]

    /// Response headers never stored.
    static let droppedResponseHeaders: Set<String> = [
        "set-cookie", "set-cookie2", "authorization", "proxy-authorization", "www-authenticate",
    ]

    /// The store key of a request (lower-case hex SHA-256 of its key material).
    package static func key(for request: HTTPRequest) -> String {
        key(for: request, maskedURL: SecretMasking.mask(request.url, secretNames: request.secretHeaderNames))
    }

    /// ``key(for:)`` when the caller has already masked `request.url` (with `request.secretHeaderNames`; masking is
    /// the costliest part of the key on small pages).
    static func key(for request: HTTPRequest, maskedURL masked: String) -> String {
        let secrets = Set(request.secretHeaderNames.map { $0.lowercased() })
        let headerLines = request.headers
            .map { ($0.key.lowercased(), $0.value) }
            .filter { !secrets.contains($0.0) && !volatileHeaders.contains($0.0) }
            .sorted { $0.0 < $1.0 }
            .map { "\($0.0): \($0.1)" }
        let material = (["GET \(masked)"] + headerLines).joined(separator: "\n")
        return sha256Hex(Data(material.utf8))
    }

    /// Lower-case hex SHA-256 (see ``sha256Hex(_:)``, the module-level function).
    package static func sha256Hex(_ data: Data) -> String { ContentHash.sha256Hex(data) }

    /// The body file of a stored response (`bodies/<sha256>`), whether or not it exists.
    package func bodyFile(of entry: StoredResponse) -> URL { bodyURL(entry.sha256) }

    private func bodyURL(_ sha: String) -> URL {
        bodiesDirectory.appendingPathComponent(sha)
    }

    /// The stored response and body for `key`, or nil when there is none.
    /// - Throws: ``FetchError`` `.storeCorrupt` when the entry does not decode or the body's SHA-256 differs
    ///   from the entry's (the message names both files and says to delete them).
    package func lookup(_ key: String) throws(FetchError) -> (StoredResponse, Data)? {
        guard let entry = try lookupEntry(key) else { return nil }
        return (entry, try body(of: entry, key: key))
    }

    /// The stored response for `key` without reading its body (for the validators of a conditional GET: the body is
    /// read, and its SHA-256 checked, only when the server answers `304`), or nil when there is none (an entry line
    /// that does not decode counts as none).
    /// - Throws: ``FetchError`` `.storeCorrupt` when its body file is missing or not of the recorded size.
    package func lookupEntry(_ key: String) throws(FetchError) -> StoredResponse? {
        guard let entry = entryLog.entry(for: key) else { return nil }
        var info = stat()
        let size = stat(bodyURL(entry.sha256).path, &info) == 0 ? Int(info.st_size) : nil
        guard size == entry.bytes else { throw corrupt(entry, key: key) }
        return entry
    }

    /// The body of a stored response, read and checked against its SHA-256.
    /// - Throws: ``FetchError`` `.storeCorrupt` when the body file is missing or its SHA-256 differs from the entry's.
    package func body(of entry: StoredResponse, key: String) throws(FetchError) -> Data {
        guard let body = try? Data(contentsOf: bodyURL(entry.sha256)), Self.sha256Hex(body) == entry.sha256 else {
            throw corrupt(entry, key: key)
        }
        return body
    }

    /// Deletes the body file of `entry` after it failed its SHA-256 check, so the next save writes it anew.
    package func removeBody(of entry: StoredResponse) {
        try? FileManager.default.removeItem(at: bodyURL(entry.sha256))
    }

    private func corrupt(_ entry: StoredResponse, key: String) -> FetchError {
        FetchError(
            .storeCorrupt, url: entry.url, attempts: 0,
            message:
                "response store body \(bodyURL(entry.sha256).path) for \(entry.url) (key \(key)) is missing or its SHA-256 "
                + "differs from \(entry.sha256); fetch online to replace it")
    }

    /// Stores `body` and its entry under `key` (body first, written atomically, then the entry line).
    /// - Returns: the body file (`bodies/<sha256>`) when this call wrote it, so it holds exactly `body`; nil when a
    ///   body file of that size was there already (kept, not read: its bytes are checked only when it is used).
    /// - Throws: file-system errors from creating the directories or writing the files.
    @discardableResult
    package func save(_ key: String, entry: StoredResponse, body: Data) throws -> URL? {
        let bodyFile = bodyURL(entry.sha256)
        // Content-addressed: a body file of the right size is this body (one of another size was damaged).
        // (One stat(2); the folders are created by the first write into them, not checked on every save.)
        var info = stat()
        let size = stat(bodyFile.path, &info) == 0 ? Int(info.st_size) : nil
        var written: URL? = nil
        if size != body.count {
            try Self.writeReplacing(body, to: bodyFile)
            written = bodyFile
        }
        try entryLog.append(entry, key: key)
        return written
    }

    /// Writes `data` to a temporary name beside `url` and renames it over `url`: a reader sees the old file or the
    /// new one, never half of one (a body file, or a compacted log of entries). Without an `fsync` per file
    /// (Foundation's `.atomic` writes do one, 12 ms on the 2-core machine, once most of the time of a fetch of small
    /// pages): the store is a cache whose
    /// every body is checked against its SHA-256 before use, and the fetch stage flushes the file system once
    /// before it publishes (`StagedWrite.syncFileSystem`).
    /// - Throws: `CocoaError` naming the file when it cannot be created, written or renamed.
    static func writeReplacing(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".tmp-\(url.lastPathComponent)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        var fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT {
            // The first write into this folder (`entries/`, `bodies/`, and `.cache` itself): create it, then retry.
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path]) }
        do {
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            try handle.write(contentsOf: data)
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    /// What the store holds: entries, body files and the bytes of both (for `impactmon status`).
    package struct Size: Sendable, Hashable {
        /// Requests with an entry (the newest per key).
        package var entries: Int
        /// Body files (`bodies/*`).
        package var bodies: Int
        /// Bytes of the entry logs and files and of the body files.
        package var bytes: Int
    }

    /// The store's current size.
    package func size() -> Size {
        let contents = entryLog.read()
        var size = Size(
            entries: contents.entries.count, bodies: 0,
            bytes: contents.logs.map(\.bytes).reduce(0, +) + contents.entryFiles.map(\.bytes).reduce(0, +))
        let files =
            (try? FileManager.default.contentsOfDirectory(
                at: bodiesDirectory, includingPropertiesForKeys: [.fileSizeKey]))
            ?? []
        for file in files where !file.lastPathComponent.hasPrefix(".") {
            size.bodies += 1
            size.bytes += (try? file.resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0
        }
        return size
    }

    /// Keeps only what recent runs use (issue 15, item 7): deletes every body whose SHA-256 is not in `keep`, and
    /// every entry pointing at such a body (the next online fetch of that request is then unconditional), when the
    /// body file, or the log holding the entry, is older than `minimumAge` (a run on shared storage may have just
    /// written it). The logs older than `minimumAge` are compacted into one.
    /// - Parameter keep: the SHA-256s referenced by the run folders to keep (their `fetch.json` files).
    /// - Returns: the number of entries and body files removed.
    /// - Throws: file-system errors from listing the directories.
    @discardableResult
    package func prune(keeping keep: Set<String>, minimumAge: Duration, now: Date = Date()) throws -> Int {
        let fm = FileManager.default
        let bodiesDir = bodiesDirectory
        let cutoff = now.addingTimeInterval(-minimumAge.seconds)
        func old(_ file: URL) -> Bool {
            let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
            return modified.map { $0 <= cutoff } ?? false
        }
        // Entries: those whose newest line is in a log (or entry file) older than the cutoff are kept only if they
        // point at a kept body; those logs are then compacted into one. Younger logs are left as they are (a run
        // may still be writing one), and so are their entries.
        let contents = entryLog.read()
        let oldFiles =
            contents.logs.filter { $0.modified <= cutoff }.map(\.url)
            + contents.entryFiles.filter { $0.modified <= cutoff }.map(\.url)
        let oldNames = Set(oldFiles.map(\.lastPathComponent))
        var removed = 0
        var survivors: [String: StoredResponse] = [:]
        var stillReferenced: Set<String> = []
        for (key, entry) in contents.entries {
            guard let source = contents.source[key], oldNames.contains(source) else {
                stillReferenced.insert(entry.sha256)
                continue
            }
            if keep.contains(entry.sha256) {
                survivors[key] = entry
                stillReferenced.insert(entry.sha256)
            } else {
                removed += 1
            }
        }
        if !oldFiles.isEmpty { try entryLog.compact(oldFiles, into: survivors) }
        if fm.fileExists(atPath: bodiesDir.path) {
            for file in try fm.contentsOfDirectory(
                at: bodiesDir, includingPropertiesForKeys: [.contentModificationDateKey])
            where !keep.contains(file.lastPathComponent) && !stillReferenced.contains(file.lastPathComponent)
                && old(file)
            {
                try? fm.removeItem(at: file)
                removed += 1
            }
        }
        return removed
    }

    /// Deletes body files that no entry references any more (an entry replaced by a newer body leaves its old
    /// body behind) and that are older than `minimumAge`, so a body another run has just written, before its
    /// entry, is left alone. Call it after a run; returns the number of files removed.
    /// - Throws: file-system errors from listing the directories.
    @discardableResult
    package func pruneUnreferencedBodies(minimumAge: Duration = .seconds(3600), now: Date = Date()) throws -> Int {
        let fm = FileManager.default
        let bodiesDir = bodiesDirectory
        guard fm.fileExists(atPath: bodiesDir.path) else { return 0 }
        let referenced = Set(entryLog.read().entries.values.map(\.sha256))
        var removed = 0
        let cutoff = now.addingTimeInterval(-Double(minimumAge.components.seconds))
        for file in try fm.contentsOfDirectory(at: bodiesDir, includingPropertiesForKeys: [.contentModificationDateKey])
        where !referenced.contains(file.lastPathComponent) {
            let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
            guard let modified, modified < cutoff else { continue }
            try? fm.removeItem(at: file)
            removed += 1
        }
        return removed
    }
}
