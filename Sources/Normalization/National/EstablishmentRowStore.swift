#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One row of the establishments extract that passed its checks, packed into 24 bytes for duplicate handling.
///
/// `key`: bits 0–39 the vestigingsnummer (< 10¹²), bits 40–55 the index of its gemeente (after herindeling),
/// bit 56 set when its KvK-nummer is a registry KvK-nummer. `contentHash`: a 64-bit hash of the row's normalized
/// content (KvK-nummer, SBI code, postcode, gemeente, werkzame_personen, datum_inschrijving). `record`: the data
/// record number (1-based). `persons`: werkzame_personen, or `UInt32.max` when missing.
struct PackedEstablishment {
    var key: UInt64
    var contentHash: UInt64
    var record: UInt32
    var persons: UInt32

    static let vestigingsnummerMask: UInt64 = (1 << 40) - 1
    static let socialEnterpriseBit: UInt64 = 1 << 56
    static let missingPersons = UInt32.max

    init(
        vestigingsnummer: UInt64, gemeente: UInt16, socialEnterprise: Bool, contentHash: UInt64, record: UInt32,
        persons: UInt32
    ) {
        key = vestigingsnummer | UInt64(gemeente) << 40 | (socialEnterprise ? Self.socialEnterpriseBit : 0)
        self.contentHash = contentHash
        self.record = record
        self.persons = persons
    }

    var vestigingsnummer: UInt64 { key & Self.vestigingsnummerMask }
    var gemeente: Int { Int((key >> 40) & 0xFFFF) }
    var isSocialEnterprise: Bool { key & Self.socialEnterpriseBit != 0 }
}

/// An append-only array of ``PackedEstablishment`` in one `malloc(3)` block, grown with `realloc(3)`, read back
/// grouped by vestigingsnummer.
///
/// Large blocks are `mmap`ped by the C allocator and grown by `mremap(2)` without a copy, so growing never holds
/// the old and the new block at once (a Swift `Array` would, for a moment, need both). 2.5 million rows take
/// 60 MB. Grouping sorts runs of ``runLength`` rows in place (the standard library's stable sort borrows half a
/// run, 3 MB) and merges the runs with a binary heap, instead of sorting the whole array (which would borrow
/// another half of it). Owns its memory: freed in `deinit`.
struct EstablishmentRowStore: ~Copyable {
    /// Rows per sorted run (2¹⁸, 6 MiB, by default).
    let runLength: Int

    private var base: UnsafeMutablePointer<PackedEstablishment>?
    private(set) var count = 0
    private var capacity = 0

    /// An empty store; `runLength` is lowered only by tests, to merge many runs.
    init(runLength: Int = 1 << 18) { self.runLength = max(1, runLength) }

    deinit { free(base) }

    /// Appends a row.
    /// - Throws: ``StoreError`` when memory cannot be allocated.
    mutating func append(_ row: PackedEstablishment) throws(StoreError) {
        if count == capacity { try grow() }
        guard let base else { throw StoreError() }
        (base + count).initialize(to: row)
        count += 1
    }

    private mutating func grow() throws(StoreError) {
        let newCapacity = max(1 << 16, capacity * 2)
        let stride = MemoryLayout<PackedEstablishment>.stride
        guard let raw = realloc(base, newCapacity * stride) else { throw StoreError() }
        base = raw.bindMemory(to: PackedEstablishment.self, capacity: newCapacity)
        capacity = newCapacity
    }

    /// Calls `body` once per vestigingsnummer, in increasing order, with its rows in file order.
    ///
    /// Sorts the runs first (so rows end up reordered within their run).
    /// - Complexity: O(n log n) for n rows.
    mutating func forEachGroup(_ body: (ArraySlice<PackedEstablishment>) -> Void) {
        guard let base, count > 0 else { return }
        let all = UnsafeMutableBufferPointer(start: base, count: count)
        let mask = PackedEstablishment.vestigingsnummerMask
        var runs: [(next: Int, end: Int)] = []
        var start = 0
        while start < count {
            let end = min(start + runLength, count)
            var run = UnsafeMutableBufferPointer(rebasing: all[start..<end])
            run.sort { $0.key & mask < $1.key & mask }  // stable: file order within a vestigingsnummer
            runs.append((start, end))
            start = end
        }
        // A binary min-heap of run indexes, ordered by the run's next vestigingsnummer, then by run (file order).
        func less(_ a: Int, _ b: Int) -> Bool {
            let x = all[runs[a].next].key & mask
            let y = all[runs[b].next].key & mask
            return x != y ? x < y : a < b
        }
        var heap = Array(runs.indices)
        func siftDown(_ from: Int) {
            var i = from
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < heap.count, less(heap[l], heap[m]) { m = l }
                if r < heap.count, less(heap[r], heap[m]) { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        var group: [PackedEstablishment] = []
        while let top = heap.first {
            let row = all[runs[top].next]
            if let first = group.first, first.key & mask != row.key & mask {
                body(group[...])
                group.removeAll(keepingCapacity: true)
            }
            group.append(row)
            runs[top].next += 1
            if runs[top].next == runs[top].end {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            siftDown(0)
        }
        if !group.isEmpty { body(group[...]) }
    }

    /// Memory could not be allocated.
    struct StoreError: Error {}
}

/// The physical line of every data record, kept as the few points where `line − record` changes.
///
/// In a file without blank lines or quoted line breaks, record n starts on line n + 1 and this holds one entry;
/// each blank line or multi-line record adds one. So rejects found after the file was read (duplicate conflicts)
/// still name their line, without storing a line per row.
struct RecordLines {
    private var starts: [Int] = []
    private var offsets: [Int] = []

    /// Records that data record `record` starts on `line`; records must come in increasing order.
    mutating func note(record: Int, line: Int) {
        let offset = line - record
        if offsets.last != offset {
            starts.append(record)
            offsets.append(offset)
        }
    }

    /// The line on which `record` starts.
    func line(of record: Int) -> Int {
        var lo = 0
        var hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= record { lo = mid + 1 } else { hi = mid }
        }
        return record + (lo > 0 ? offsets[lo - 1] : 1)
    }
}
