/// A byte range that a header field or a directory entry names, already checked for overflow and size, with
/// the words and spec section to use if the archive does not hold it.
struct ArchiveRange: Sendable {
    let offset: UInt64
    let length: Int
    /// Where in the archive, for errors: `root directory`, `tile 14/9326/4738`.
    let location: String
    /// The spec section that defines the offset: §3.2 for header fields, §4.1 for directory entries.
    let section: String

    /// The range `base + offset ..< base + offset + length`.
    /// - Throws: ``PMTilesError/Code/outOfBounds`` when the end passes 2^64, ``PMTilesError/Code/tooLarge``
    ///   when the length exceeds `limit`.
    init(base: UInt64, offset: UInt64, length: UInt64, limit: Int, archive: String, location: String, section: String) throws(PMTilesError) {
        let (start, overflow) = base.addingReportingOverflow(offset)
        guard !overflow, length <= UInt64.max - start else {
            throw PMTilesError(.outOfBounds, archive: archive, location: location,
                               "offset \(base) + \(offset) with length \(length) passes 2^64 bytes", spec: section)
        }
        guard length <= UInt64(limit) else {
            throw PMTilesError(.tooLarge, archive: archive, location: location,
                               "\(length) bytes is more than this reader's \(limit)-byte limit for one read", spec: section)
        }
        self.offset = start
        self.length = Int(length)
        self.location = location
        self.section = section
    }

    /// The range's bytes out of `prefix`, the archive's first bytes, when it lies inside them.
    func slice(of prefix: [UInt8]) -> [UInt8]? {
        guard offset <= UInt64(prefix.count), UInt64(length) <= UInt64(prefix.count) - offset else { return nil }
        return Array(prefix[Int(offset)..<Int(offset) + length])
    }

    /// `bytes` as read for this range, or the error saying why the archive does not hold all of it.
    func complete(_ bytes: [UInt8], archive: String) throws(PMTilesError) -> [UInt8] {
        guard bytes.count < length else { return bytes.count == length ? bytes : Array(bytes.prefix(length)) }
        let span = "bytes \(offset)..<\(offset + UInt64(length))"
        if bytes.isEmpty {
            throw PMTilesError(.outOfBounds, archive: archive, location: location,
                               "\(span) lie past the end of the archive", spec: section)
        }
        throw PMTilesError(.truncated, archive: archive, location: location,
                           "the archive ends \(bytes.count) bytes into \(span); the file may be cut short", spec: section)
    }
}
