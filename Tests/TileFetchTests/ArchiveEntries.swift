@testable import TileFetch

extension PMTilesArchive {
    /// Every tile entry of the archive in tile id order, leaf directories expanded (runs are not), read from
    /// `file`, the reader the archive was opened over, bypassing the leaf cache. Only the tests list entries
    /// (to compare directories with the fixtures'), so this lives here rather than in TileFetch; it decodes
    /// with TileFetch's own `ArchiveRange` and `PMTilesDirectory` and keeps the archive's depth limit.
    func entries(file: some SyncRangeReader) throws(PMTilesError) -> [PMTilesEntry] {
        let root = try ArchiveRange(base: 0, offset: header.rootDirectoryOffset, length: header.rootDirectoryLength,
                                    limit: Self.maxReadBytes, archive: identifier, location: "root directory", section: "3.2")
        var result: [PMTilesEntry] = []
        try collectEntries(of: try directory(root, file: file), depth: 1, file: file, into: &result)
        return result
    }

    private func collectEntries(of directory: PMTilesDirectory, depth: Int, file: some SyncRangeReader,
                                into result: inout [PMTilesEntry]) throws(PMTilesError) {
        for entry in directory.entries {
            guard entry.isLeafDirectory else {
                result.append(entry)
                continue
            }
            let range = try ArchiveRange(base: header.leafDirectoriesOffset, offset: entry.offset, length: UInt64(entry.length),
                                         limit: Self.maxReadBytes, archive: identifier,
                                         location: "leaf directory at byte \(header.leafDirectoriesOffset &+ entry.offset)", section: "4.1")
            guard depth < Self.maxDirectoryDepth else {
                throw PMTilesError(.invalidDirectory, archive: identifier, location: range.location,
                                   "leaf directories nest deeper than \(Self.maxDirectoryDepth) levels", spec: "4")
            }
            try collectEntries(of: try self.directory(range, file: file), depth: depth + 1, file: file, into: &result)
        }
    }

    private func directory(_ range: ArchiveRange, file: some SyncRangeReader) throws(PMTilesError) -> PMTilesDirectory {
        var bytes = try range.complete(try file.readNow(offset: range.offset, length: range.length), archive: identifier)
        if header.internalCompression == .gzip {
            do {
                bytes = try Gzip.decompress(bytes, limit: Self.maxInflatedBytes)
            } catch {
                throw PMTilesError(.decompression, archive: identifier, location: range.location, error.message, spec: "3.3")
            }
        }
        return try PMTilesDirectory(decoding: bytes, archive: identifier, location: range.location)
    }
}
