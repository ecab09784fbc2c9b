import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams CSV records to a file through a 1 MiB buffer (one `write(2)` per MiB, not per row), and publishes the
/// file atomically: records go to `<name>.partial-<pid>` beside the target, which ``close()`` renames into place
/// (POSIX `rename(2)`), so a reader never sees half a file and a writer dropped without ``close()`` leaves nothing.
///
/// Owns its descriptor and buffer; `deinit` closes the descriptor and removes an unfinished partial file.
package struct CSVFileWriter: ~Copyable {
    /// The profile the bytes follow.
    package let profile: CSVProfile
    /// Where the file appears after ``close()``.
    package let url: URL
    /// Records written so far.
    package private(set) var recordCount = 0
    /// Bytes written so far (BOM included), flushed or not.
    package private(set) var byteCount = 0

    private let partialPath: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    private var closed = false

    /// Creates (or replaces on ``close()``) the file at `url`.
    /// - Parameters:
    ///   - bufferSize: bytes collected before each `write(2)` (default 1 MiB).
    /// - Throws: ``CSVError`` ``CSVError/Kind/io`` when the partial file cannot be created.
    package init(url: URL, profile: CSVProfile = .machine, bufferSize: Int = 1 << 20) throws(CSVError) {
        let partial = url.path + ".partial-\(getpid())"
        let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CSVError(
                kind: .io, file: url.path, line: nil,
                message: "cannot create \(partial) (\(String(cString: strerror(errno)))); check that the folder "
                    + "exists and is writable")
        }
        self.fd = fd
        self.partialPath = partial
        self.url = url
        self.profile = profile
        self.capacity = max(bufferSize, 64)
        buffer.reserveCapacity(capacity + 4096)
        if profile.byteOrderMark {
            buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])
            byteCount = 3
        }
    }

    deinit {
        if !closed {
            _ = systemClose(fd)
            unlink(partialPath)
        }
    }

    /// Appends one record (see ``CSVProfile`` for quoting).
    /// - Throws: ``CSVError`` ``CSVError/Kind/io`` when a flush fails (disk full, ...).
    package mutating func write(_ fields: [String]) throws(CSVError) {
        let before = buffer.count
        profile.appendRecord(fields, to: &buffer)
        byteCount += buffer.count - before
        recordCount += 1
        if buffer.count >= capacity { try flush() }
    }

    /// Writes what is buffered, renames the partial file to ``url`` and closes it.
    /// - Throws: ``CSVError`` ``CSVError/Kind/io`` when writing or renaming fails; the partial file is removed.
    package mutating func close() throws(CSVError) {
        guard !closed else { return }
        closed = true
        do {
            try flush()
        } catch {
            _ = systemClose(fd)
            unlink(partialPath)
            throw error
        }
        if systemClose(fd) != 0 || rename(partialPath, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(partialPath)
            throw CSVError(
                kind: .io, file: url.path, line: nil, message: "cannot finish the file (\(reason)); nothing was written"
            )
        }
    }

    private mutating func flush() throws(CSVError) {
        let failure = writeFully(fd, buffer)
        if failure != 0 {
            throw CSVError(
                kind: .io, file: url.path, line: nil,
                message: "write failed after \(recordCount) records (\(String(cString: strerror(failure)))); "
                    + "check free disk space")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// `close(2)`, named apart from ``CSVFileWriter/close()``.
private func systemClose(_ fd: Int32) -> Int32 {
    close(fd)
}

/// Writes all of `bytes` to `fd` with `write(2)`, continuing after partial writes and `EINTR`.
/// - Returns: 0, or the `errno` of the failed write (`ENOSPC`, `EIO`, …).
package func writeFully(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
    var failure: Int32 = 0
    bytes.withUnsafeBytes { raw in
        guard let base = raw.baseAddress else { return }
        var done = 0
        while done < raw.count {
            let n = systemWrite(fd, base + done, raw.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            done += n
        }
    }
    return failure
}

/// `write(2)`, named apart from ``CSVFileWriter/write(_:)``.
private func systemWrite(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buf, count)
}
