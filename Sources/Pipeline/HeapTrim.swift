#if canImport(Glibc)
    import Glibc
#endif

/// Gives the heap pages a finished stage freed back to the operating system, so that `impactmon run` (every stage in
/// one process, as the cron job runs it) peaks at its largest stage, not at the sum of what glibc's allocator kept.
///
/// glibc's `malloc` keeps freed memory in its arenas for reuse, and the next stage, whose allocations have other
/// sizes and threads, does not reuse much of it: at scale 1 `run` with DuckDB's six metrics peaked at 463 MiB
/// although no stage alone passes 289 MiB, and at 304 MiB with this call before every stage (docs/scaling.md).
/// `malloc_trim(0)` returns the free top and the free pages inside every arena (glibc ≥ 2.8, `man 3 malloc_trim`).
/// Does nothing elsewhere.
enum HeapTrim {
    /// Returns the free heap pages to the operating system.
    static func release() {
        #if canImport(Glibc)
            if let trim = mallocTrim { _ = trim(0) }
        #endif
    }

    #if canImport(Glibc)
        /// glibc's `int malloc_trim(size_t pad)`, looked up once: `<malloc.h>` is not in the Glibc module map.
        private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
            // RTLD_DEFAULT is the null handle on glibc: search the process's global symbols.
            guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        }()
    #endif
}
