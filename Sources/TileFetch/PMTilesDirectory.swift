/// One directory: entries sorted by tile id, each pointing at tile data or, with a run length of 0, at a
/// leaf directory (spec §4).
struct PMTilesDirectory: Sendable {
    struct Entry: Sendable, Equatable {
        var tileID: UInt64
        var offset: UInt64
        var length: UInt32
        /// Consecutive tile ids sharing these bytes; 0 marks a leaf directory.
        var runLength: UInt32
    }

    let entries: [Entry]

    /// Decodes a decompressed directory: a count, then columns of tile id deltas, run lengths, lengths
    /// and offsets, all varints.
    init(_ bytes: [UInt8], context: String) throws(TileFetchError) {
        var position = 0
        func varint() throws(TileFetchError) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < bytes.count else {
                    throw TileFetchError(.badDirectory, "\(context): directory ends inside a varint (PMTiles v3 spec §4.1)")
                }
                let byte = bytes[position]
                position += 1
                guard shift < 64 else { throw TileFetchError(.badDirectory, "\(context): varint too long (PMTiles v3 spec §4.1)") }
                result |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
        }
        let count = try varint()
        // Each entry needs at least four bytes; a larger count is corrupt, not a reason to allocate.
        guard count <= UInt64(bytes.count) else {
            throw TileFetchError(.badDirectory, "\(context): directory claims \(count) entries in \(bytes.count) bytes (PMTiles v3 spec §4)")
        }
        var entries = [Entry](repeating: Entry(tileID: 0, offset: 0, length: 0, runLength: 0), count: Int(count))
        var last: UInt64 = 0
        for i in 0..<entries.count {
            last += try varint()
            entries[i].tileID = last
        }
        for i in 0..<entries.count {
            let run = try varint()
            guard run <= UInt64(UInt32.max) else { throw TileFetchError(.badDirectory, "\(context): run length \(run) too large") }
            entries[i].runLength = UInt32(run)
        }
        for i in 0..<entries.count {
            let length = try varint()
            guard length <= UInt64(UInt32.max) else { throw TileFetchError(.badDirectory, "\(context): entry length \(length) too large") }
            entries[i].length = UInt32(length)
        }
        for i in 0..<entries.count {
            let value = try varint()
            if value == 0 && i > 0 {
                // Zero means "right after the previous entry's bytes".
                entries[i].offset = entries[i - 1].offset + UInt64(entries[i - 1].length)
            } else if value == 0 {
                throw TileFetchError(.badDirectory, "\(context): first entry has offset 0, which encodes no position (PMTiles v3 spec §4.1)")
            } else {
                entries[i].offset = value - 1
            }
        }
        self.entries = entries
    }

    /// The entry holding `id`: an exact match, or the closest earlier entry whose run covers it or which
    /// is a leaf directory.
    func find(_ id: UInt64) -> Entry? {
        var low = 0, high = entries.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let tileID = entries[mid].tileID
            if tileID < id { low = mid + 1 } else if tileID > id { high = mid - 1 } else { return entries[mid] }
        }
        guard high >= 0 else { return nil }
        let entry = entries[high]
        if entry.runLength == 0 { return entry }
        return id - entry.tileID < UInt64(entry.runLength) ? entry : nil
    }
}
