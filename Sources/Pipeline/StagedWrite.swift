import Foundation
import ImpactModel

/// Writing many files into a stage's staging folder without one `fsync` each: the folder is private to the run (its
/// lock is held) and becomes visible only by the rename in ``RunDirectory/publish(staging:as:)``, so its files need
/// no temporary names of their own, only to be on disk before that rename. ``syncFileSystem(of:)`` gives that once
/// for all of them.
///
/// Measured on the 2-core machine (ext4 on a virtual disk, shared): an `fsync` costs 12 ms, so the fetch stage's
/// `writeAtomically` per body spent 24 s on 2,000 pages of 8 KB and 2.4 s on 200 of 265 KB; one `syncfs(2)` after
/// writing them costs about the time the data take to reach the disk.
enum StagedWrite {
    /// Writes `data` to `url`, which must not exist yet, inside a staging folder (created if needed by the caller).
    /// - Throws: ``ImpactModel/ImpactError`` (`.failure`) naming the file when it cannot be created; the
    ///   `FileHandle` error when writing fails.
    static func write(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ImpactError(.failure, "cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try handle.write(contentsOf: data)
        try handle.close()
    }

    /// Puts `data` at `url` (which must not exist yet) as a hard link to `source` when that is a regular file of
    /// `data.count` bytes holding exactly `data` (the response store's body file the client just wrote or checked:
    /// ``Fetching/HTTPResponse/storedBodyFile``), else writes it as ``write(_:to:)``. A link allocates no inode and
    /// copies no bytes: the body reaches the disk once. The store never writes into a body file (it replaces one
    /// by a rename and deletes by unlinking), so the linked bytes stay the body's. Falls back to writing when the
    /// link fails (another file system: `EXDEV`; links not supported).
    /// - Throws: as ``write(_:to:)``.
    static func write(_ data: Data, to url: URL, linking source: URL?) throws {
        if let source {
            var info = stat()
            if stat(source.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == data.count,
                link(source.path, url.path) == 0
            {
                return
            }
        }
        try write(data, to: url)
    }

    /// Flushes the file system that holds `url` (`syncfs(2)`: every dirty page and inode of it), so everything
    /// written into a staging folder is on disk before the folder is published. Falls back to `sync(2)` where
    /// `syncfs` is not available.
    static func syncFileSystem(of url: URL) {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        defer { if fd >= 0 { close(fd) } }
        if fd >= 0, let syncfs = Self.syncfs, syncfs(fd) == 0 { return }
        sync()
    }

    /// glibc's `syncfs`, looked up at run time (Swift's Glibc module does not export the GNU extension).
    private static let syncfs: (@convention(c) (Int32) -> Int32)? = {
        // A nil handle is RTLD_DEFAULT: the symbol as the process's libraries define it.
        guard let symbol = dlsym(nil, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }()
}
