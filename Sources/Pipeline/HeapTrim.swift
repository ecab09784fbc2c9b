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

    /// Serves every block of 128 KiB or more with its own `mmap`, returned to the operating system when freed, for
    /// the rest of the process (glibc's `mallopt(M_MMAP_THRESHOLD, 128 KiB)`, which also stops glibc from raising
    /// the threshold after such a block is freed, `man 3 mallopt`).
    ///
    /// The national normalize stage maps one body on a second thread while it routes the previous one: each thread
    /// allocates from its own arena, and with glibc's rising threshold the arrays of a body's observations (tens of
    /// MB) came from the arenas and stayed there after use. Measured at scale 1 (GNU time's maximum resident size):
    /// the stage's peak 299–306 MiB with the rising threshold, 278 MiB without (docs/scaling.md). Does nothing
    /// elsewhere.
    static func mapLargeBlocks() {
        #if canImport(Glibc)
            if let mallopt = mallOpt { _ = mallopt(-3, 128 << 10) }  // M_MMAP_THRESHOLD is -3 in <malloc.h>
        #endif
    }

    #if canImport(Glibc)
        /// glibc's `int mallopt(int param, int value)`, looked up once (not in the Glibc module map either).
        private static let mallOpt: (@convention(c) (Int32, Int32) -> Int32)? = {
            guard let symbol = dlsym(nil, "mallopt") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        }()

        /// glibc's `int malloc_trim(size_t pad)`, looked up once: `<malloc.h>` is not in the Glibc module map.
        private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
            // RTLD_DEFAULT is the null handle on glibc: search the process's global symbols.
            guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        }()
    #endif
}
