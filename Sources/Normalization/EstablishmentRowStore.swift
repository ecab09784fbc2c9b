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

/// An append-only array of ``PackedEstablishment`` in one `malloc(3)` block, grown with `realloc(3)`.
///
/// Large blocks are `mmap`ped by the C allocator and grown by `mremap(2)` without a copy, so growing never holds
/// the old and the new block at once (a Swift `Array` would, for a moment, need both). 2.5 million rows take
/// 60 MB. Owns its memory: freed in `deinit`.
struct EstablishmentRowStore: ~Copyable {
    private var base: UnsafeMutablePointer<PackedEstablishment>?
    private(set) var count = 0
    private var capacity = 0

    init() {}

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

    /// Sorts the rows by vestigingsnummer; rows with the same vestigingsnummer keep their file order
    /// (the standard library's sort is stable).
    mutating func sortByVestigingsnummer() {
        guard let base else { return }
        var all = UnsafeMutableBufferPointer(start: base, count: count)
        all.sort {
            $0.key & PackedEstablishment.vestigingsnummerMask < $1.key & PackedEstablishment.vestigingsnummerMask
        }
    }

    /// Calls `body` with the rows in their current order.
    func withRows<R>(_ body: (UnsafeBufferPointer<PackedEstablishment>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
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
