/// A decoded root or leaf directory: entries in ascending tile id order (spec §4).
struct PMTilesDirectory: Sendable {
    let entries: [PMTilesEntry]

    init(entries: [PMTilesEntry]) {
        self.entries = entries
    }

    /// Decodes a decompressed directory: an entry count, then columns of tile id deltas, run lengths,
    /// lengths and offsets, all varints (spec §4.2).
    /// - Parameters: archive, location: name the directory in errors.
    init(decoding bytes: [UInt8], archive: String, location: String) throws(PMTilesError) {
        func invalid(_ reason: String, _ section: String = "4.2") -> PMTilesError {
            PMTilesError(.invalidDirectory, archive: archive, location: location, reason, spec: section)
        }
        var reader = VarintReader(bytes)
        func next(_ column: String) throws(PMTilesError) -> UInt64 {
            do throws(VarintReader.Failure) {
                return try reader.next()
            } catch {
                switch error {
                case .endOfData: throw invalid("the directory ends inside its \(column) column")
                case .overflow: throw invalid("a varint in the \(column) column is longer than 64 bits")
                }
            }
        }
        let count = try next("entry count")
        // Every entry takes at least four bytes; a larger count is corruption, not a reason to allocate.
        guard count <= UInt64(reader.remaining / 4) else {
            throw invalid("the directory claims \(count) entries but holds only \(reader.remaining) more bytes")
        }
        var entries = [PMTilesEntry](repeating: PMTilesEntry(tileID: 0, offset: 0, length: 0, runLength: 0), count: Int(count))
        var tileID: UInt64 = 0
        for i in entries.indices {
            let (sum, overflow) = tileID.addingReportingOverflow(try next("tile id"))
            guard !overflow else { throw invalid("tile id deltas add up past 2^64 at entry \(i)") }
            tileID = sum
            entries[i].tileID = sum
        }
        for i in entries.indices {
            guard let run = UInt32(exactly: try next("run length")) else {
                throw invalid("entry \(i) has a run length above 2^32", "4.1")
            }
            entries[i].runLength = run
        }
        for i in entries.indices {
            guard let length = UInt32(exactly: try next("length")) else {
                throw invalid("entry \(i) has a length above 2^32 bytes", "4.1")
            }
            entries[i].length = length
        }
        for i in entries.indices {
            let value = try next("offset")
            if value > 0 {
                entries[i].offset = value - 1
            } else if i > 0 {
                // Zero stands for "right after the previous entry's bytes".
                let (end, overflow) = entries[i - 1].offset.addingReportingOverflow(UInt64(entries[i - 1].length))
                guard !overflow else { throw invalid("entry \(i)'s offset overflows") }
                entries[i].offset = end
            } else {
                throw invalid("the first entry's offset is encoded as 0, which only a later entry may use")
            }
        }
        self.entries = entries
    }

    /// The entry that holds `id`: the last entry starting at or before it, if that is a leaf directory (which
    /// may hold it) or a run that reaches it. A binary search, as directories hold thousands of entries.
    func find(_ id: UInt64) -> PMTilesEntry? {
        var low = 0
        var high = entries.count
        // Invariant: entries before `low` start at or before `id`; entries from `high` on start after it.
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].tileID <= id { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let entry = entries[low - 1]
        if entry.isLeafDirectory || id - entry.tileID < UInt64(entry.runLength) { return entry }
        return nil
    }
}
