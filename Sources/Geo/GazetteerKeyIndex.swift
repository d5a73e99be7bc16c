/// Every search key of every place (``GazetteerFolding``), sorted, so that the keys starting with a query
/// are one range that a binary search finds.
///
/// The keys live end to end in one byte array and the entries point into it: for the bundled file's 86 000
/// keys that is two arrays rather than 86 000. Each entry also carries its key's first 8
/// bytes as an integer, so that sorting and searching mostly compare integers, and the sort is a radix sort
/// on those: `Gazetteer` is built at service start, in debug builds too, where a comparison sort through the
/// standard library's generic code costs several times as much.
struct GazetteerKeyIndex: Sendable {
    struct Entry: Sendable {
        /// The key's first 8 bytes, big-endian, padded with zeros (keys contain no 0 byte, so a shorter key
        /// sorts first, as it should).
        var head: UInt64
        var start: Int32
        var length: Int32
        var place: Int32
    }

    private(set) var bytes: [UInt8] = []
    private(set) var entries: [Entry] = []
    /// The place whose keys are being added, and where its entries start, to keep it from getting a key twice.
    private var currentPlace: Int32 = -1
    private var currentPlaceStart = 0

    var keyCount: Int { entries.count }

    /// Adds the key of the UTF-8 `text` for `place`, unless it is empty or the place has it already.
    /// A place's keys must be added one after another; ``sort()`` must be called before searching.
    mutating func addKey(of text: UnsafeBufferPointer<UInt8>, place: Int32) {
        if place != currentPlace {
            currentPlace = place
            currentPlaceStart = entries.count
        }
        // Folded on the stack, and appended only if new: growing `bytes` element by element, or taking a
        // rejected key back out of it, goes through generic code in debug builds.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: GazetteerFolding.maximumKeyLength(forUTF8Count: text.count)) { scratch in
            let key = UnsafeBufferPointer(start: scratch.baseAddress!, count: GazetteerFolding.writeKey(of: text, to: scratch.baseAddress!))
            let head = Self.head(of: key)
            guard key.count > 0, !placeHasKey(key, head: head) else { return }
            entries.append(Entry(head: head, start: Int32(bytes.count), length: Int32(key.count), place: place))
            bytes.append(contentsOf: key)
        }
    }

    mutating func addKey(of text: String, place: Int32) {
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { addKey(of: UnsafeBufferPointer($0), place: place) }
    }

    private func placeHasKey(_ key: UnsafeBufferPointer<UInt8>, head: UInt64) -> Bool {
        guard currentPlaceStart < entries.count else { return false }
        // Heads and lengths settle nearly every comparison; only keys longer than 8 bytes need their bytes.
        let candidate = entries.withUnsafeBufferPointer { entries in
            var index = currentPlaceStart
            while index < entries.count {
                let old = entries[index]
                if old.head == head && Int(old.length) == key.count { return index }
                index += 1
            }
            return -1
        }
        guard candidate >= 0 else { return false }
        guard key.count > 8 else { return true }
        return bytes.withUnsafeBufferPointer { bytes in
            entries.withUnsafeBufferPointer { entries in
                var index = candidate
                while index < entries.count {
                    let old = entries[index]
                    if old.head == head && Int(old.length) == key.count && Self.tailsEqual(old, key, bytes) { return true }
                    index += 1
                }
                return false
            }
        }
    }

    private static func tailsEqual(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 8
        while index < key.count {
            if bytes[Int(entry.start) + index] != key[index] { return false }
            index += 1
        }
        return true
    }

    /// Sorts the entries by key: a least-significant-digit radix sort on the heads, 16 bits a pass, then an
    /// insertion sort of each run of equal heads (keys sharing their first 8 bytes, a few dozen at most).
    mutating func sort() {
        guard entries.count > 1 else { return }
        var scratch = entries
        var counts = [Int](repeating: 0, count: 1 << 16)
        entries.withUnsafeMutableBufferPointer { primary in
            scratch.withUnsafeMutableBufferPointer { secondary in
                counts.withUnsafeMutableBufferPointer { counts in
                    var from = primary
                    var to = secondary
                    // Four passes: the sorted entries end up back in `primary`.
                    var shift: UInt64 = 0
                    while shift < 64 {
                        counts.update(repeating: 0)
                        var index = 0
                        while index < from.count {
                            counts[Int(truncatingIfNeeded: from[index].head >> shift) & 0xFFFF] += 1
                            index += 1
                        }
                        var total = 0
                        var digit = 0
                        while digit < counts.count {
                            let count = counts[digit]
                            counts[digit] = total
                            total += count
                            digit += 1
                        }
                        index = 0
                        while index < from.count {
                            let digit = Int(truncatingIfNeeded: from[index].head >> shift) & 0xFFFF
                            to[counts[digit]] = from[index]
                            counts[digit] += 1
                            index += 1
                        }
                        swap(&from, &to)
                        shift += 16
                    }
                }
            }
        }
        sortRunsOfEqualHeads()
    }

    private mutating func sortRunsOfEqualHeads() {
        bytes.withUnsafeBufferPointer { bytes in
            entries.withUnsafeMutableBufferPointer { entries in
                var runStart = 0
                while runStart < entries.count {
                    var runEnd = runStart + 1
                    while runEnd < entries.count && entries[runEnd].head == entries[runStart].head { runEnd += 1 }
                    var index = runStart + 1
                    while index < runEnd {
                        let entry = entries[index]
                        var slot = index
                        while slot > runStart && Self.precedes(entry, entries[slot - 1], bytes) {
                            entries[slot] = entries[slot - 1]
                            slot -= 1
                        }
                        entries[slot] = entry
                        index += 1
                    }
                    runStart = runEnd
                }
            }
        }
    }

    /// Adds the keys of `other`, both indexes sorted; the result is sorted.
    mutating func merge(_ other: GazetteerKeyIndex) {
        let offset = Int32(bytes.count)
        bytes += other.bytes
        let incoming = other.entries.map { Entry(head: $0.head, start: $0.start + offset, length: $0.length, place: $0.place) }
        var merged: [Entry] = []
        merged.reserveCapacity(entries.count + incoming.count)
        bytes.withUnsafeBufferPointer { bytes in
            var mine = 0
            var theirs = 0
            while mine < entries.count || theirs < incoming.count {
                if theirs == incoming.count || (mine < entries.count && !Self.precedes(incoming[theirs], entries[mine], bytes)) {
                    merged.append(entries[mine])
                    mine += 1
                } else {
                    merged.append(incoming[theirs])
                    theirs += 1
                }
            }
        }
        entries = merged
        currentPlace = -1
    }

    /// Calls `body` with the place of every key that starts with `prefix` (a folded key), in key order, so the
    /// keys equal to `prefix` come first.
    func forEachKey(startingWith prefix: [UInt8], _ body: (_ place: Int32, _ isWholeKey: Bool) -> Void) {
        guard !prefix.isEmpty else { return }
        prefix.withUnsafeBufferPointer { prefix in
            bytes.withUnsafeBufferPointer { bytes in
                entries.withUnsafeBufferPointer { entries in
                    let probeHead = Self.head(of: prefix)
                    // A mask over the prefix's bytes of a head, for prefixes of 8 bytes or fewer.
                    let mask = prefix.count >= 8 ? UInt64.max : ~(UInt64.max >> UInt64(8 * prefix.count))
                    var low = 0
                    var high = entries.count
                    while low < high {
                        let middle = (low + high) / 2
                        if Self.precedes(entries[middle], probeHead, prefix, bytes) { low = middle + 1 } else { high = middle }
                    }
                    var index = low
                    while index < entries.count {
                        let entry = entries[index]
                        guard entry.head & mask == probeHead else { return }
                        if prefix.count > 8 {
                            guard Int(entry.length) >= prefix.count else { return }
                            var position = 8
                            while position < prefix.count {
                                guard bytes[Int(entry.start) + position] == prefix[position] else { return }
                                position += 1
                            }
                        }
                        body(entry.place, Int(entry.length) == prefix.count)
                        index += 1
                    }
                }
            }
        }
    }

    static func head(of key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var head: UInt64 = 0
        var index = 0
        while index < 8 {
            head = head << 8 | UInt64(index < key.count ? key[index] : 0)
            index += 1
        }
        return head
    }

    private static func precedes(_ left: Entry, _ right: Entry, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        precedes(left, right.head, UnsafeBufferPointer(rebasing: bytes[Int(right.start)..<Int(right.start + right.length)]), bytes)
    }

    /// Whether the key of `entry` sorts before the key `other` (whose head is `otherHead`).
    private static func precedes(_ entry: Entry, _ otherHead: UInt64, _ other: UnsafeBufferPointer<UInt8>,
                                 _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if entry.head != otherHead { return entry.head < otherHead }
        let length = Int(entry.length)
        var index = 8
        while index < length && index < other.count {
            let mine = bytes[Int(entry.start) + index]
            if mine != other[index] { return mine < other[index] }
            index += 1
        }
        return length < other.count
    }
}
