public import Geo

/// A PMTiles v3 archive read through a ``RangeReader``: the format is kept apart from the transport, as in
/// the reference reader. Opening reads the header, the root directory and the metadata (one read for most
/// archives); each tile then costs one read, plus one per leaf directory not yet cached.
///
/// Safe to share between tasks: the root directory is immutable and leaf directories sit in a bounded,
/// locked cache.
public final class PMTilesArchive: Sendable {
    /// The archive's header.
    public let header: PMTilesHeader
    /// The archive's JSON metadata.
    public let metadata: PMTilesMetadata
    private let reader: any RangeReader
    private let root: PMTilesDirectory
    private let leaves: LeafDirectoryCache

    /// The first read covers the header and, by the spec's rule, the whole root directory (spec §2).
    static let prefixLength = 16_384
    /// Root plus up to three levels of leaves, as the reference reader follows; more is a corrupt archive.
    static let maxDirectoryDepth = 4
    /// Caps one read and one decompression, so a corrupt length or a gzip bomb fails instead of eating memory.
    static let maxReadBytes = 64 << 20
    static let maxInflatedBytes = 64 << 20

    /// A name for the archive in messages: its path or URL.
    public var identifier: String { reader.identifier }

    /// Opens the archive behind `file`, reading on this thread: a local file, or HTTP ranges (the pipeline
    /// reads tiles from worker threads of its own).
    /// - Parameter leafCacheCapacity: how many leaf directories to keep (the root directory is always kept).
    /// - Throws: ``PMTilesError``: not a PMTiles v3 archive, a header or directory that does not decode,
    ///   compression other than none or gzip, sections outside the archive, or a failed read.
    public static func openNow(_ file: some SyncRangeReader, leafCacheCapacity: Int = 64) throws(PMTilesError) -> PMTilesArchive {
        let prefix = try file.readNow(offset: 0, length: prefixLength)
        let (header, rootRange, metadataRange) = try layout(prefix, archive: file.identifier)
        func bytes(_ range: ArchiveRange) throws(PMTilesError) -> [UInt8] {
            if let inPrefix = range.slice(of: prefix) { return inPrefix }
            return try file.readNow(offset: range.offset, length: range.length)
        }
        return try PMTilesArchive(reader: file, header: header, root: (rootRange, try bytes(rootRange)),
                                  metadata: (metadataRange, try bytes(metadataRange)), leafCacheCapacity: leafCacheCapacity)
    }

    /// The header, and where the root directory and metadata lie, from the archive's first bytes.
    private static func layout(_ prefix: [UInt8], archive: String) throws(PMTilesError) -> (PMTilesHeader, ArchiveRange, ArchiveRange) {
        let header = try PMTilesHeader(prefix, archive: archive)
        for (compression, name) in [(header.internalCompression, "internal"), (header.tileCompression, "tile")]
        where !compression.isSupported {
            throw PMTilesError(.unsupportedCompression, archive: archive, location: "header",
                               "\(name) compression is \(compression); this reader undoes only none and gzip, so recompress the archive (e.g. `pmtiles convert`)",
                               spec: "3.3")
        }
        let root = try ArchiveRange(base: 0, offset: header.rootDirectoryOffset, length: header.rootDirectoryLength,
                                    limit: maxReadBytes, archive: archive, location: "root directory", section: "3.2")
        let metadata = try ArchiveRange(base: 0, offset: header.metadataOffset, length: header.metadataLength,
                                        limit: maxReadBytes, archive: archive, location: "metadata", section: "3.2")
        return (header, root, metadata)
    }

    private init(reader: any RangeReader, header: PMTilesHeader, root: (ArchiveRange, [UInt8]),
                 metadata: (ArchiveRange, [UInt8]), leafCacheCapacity: Int) throws(PMTilesError) {
        self.reader = reader
        self.header = header
        leaves = LeafDirectoryCache(capacity: leafCacheCapacity)
        let archive = reader.identifier
        let rootBytes = try Self.inflate(try root.0.complete(root.1, archive: archive), header.internalCompression,
                                         archive: archive, location: root.0.location)
        self.root = try PMTilesDirectory(decoding: rootBytes, archive: archive, location: root.0.location)
        let metadataBytes = try Self.inflate(try metadata.0.complete(metadata.1, archive: archive), header.internalCompression,
                                             archive: archive, location: metadata.0.location)
        self.metadata = PMTilesMetadata(bytes: metadataBytes)
    }

    // MARK: Tiles

    /// The tile's bytes with the archive's tile compression undone, or nil if the archive has no such tile
    /// (including zooms outside the header's range), read on this thread from `file`, the reader the archive
    /// was opened over.
    /// - Throws: ``PMTilesError``: an invalid tile id, a directory or tile that does not decode or lies outside
    ///   the archive, or a failed read.
    public func tileNow(_ tile: TileID, file: some SyncRangeReader) throws(PMTilesError) -> [UInt8]? {
        guard let id = try tileID(tile) else { return nil }
        var directory = root
        for _ in 0..<Self.maxDirectoryDepth {
            switch try step(id, in: directory, tile: tile) {
            case .absent:
                return nil
            case .cached(let next):
                directory = next
            case .leaf(let range):
                directory = try leaf(try file.readNow(offset: range.offset, length: range.length), range)
            case .tile(let range):
                return try content(try file.readNow(offset: range.offset, length: range.length), range)
            }
        }
        throw tooDeep(tile)
    }

    /// What a lookup does next.
    private enum Step {
        case absent
        case cached(PMTilesDirectory)
        case leaf(ArchiveRange)
        case tile(ArchiveRange)
    }

    private func tileID(_ tile: TileID) throws(PMTilesError) -> UInt64? {
        guard tile.z >= header.minZoom, tile.z <= header.maxZoom else { return nil }
        do {
            return try TileIDEncoding.encode(tile)
        } catch {
            throw error.in(archive: identifier)
        }
    }

    private func step(_ id: UInt64, in directory: PMTilesDirectory, tile: TileID) throws(PMTilesError) -> Step {
        guard let entry = directory.find(id) else { return .absent }
        if entry.isLeafDirectory {
            let range = try leafRange(entry)
            return leaves.directory(at: range.offset).map(Step.cached) ?? .leaf(range)
        }
        return .tile(try ArchiveRange(base: header.tileDataOffset, offset: entry.offset, length: UInt64(entry.length),
                                      limit: Self.maxReadBytes, archive: identifier, location: "tile \(tile)", section: "4.1"))
    }

    private func leafRange(_ entry: PMTilesEntry) throws(PMTilesError) -> ArchiveRange {
        try ArchiveRange(base: header.leafDirectoriesOffset, offset: entry.offset, length: UInt64(entry.length),
                         limit: Self.maxReadBytes, archive: identifier,
                         location: "leaf directory at byte \(header.leafDirectoriesOffset &+ entry.offset)", section: "4.1")
    }

    /// Decodes a leaf directory just read and caches it.
    private func leaf(_ bytes: [UInt8], _ range: ArchiveRange) throws(PMTilesError) -> PMTilesDirectory {
        let directory = try decodeLeaf(bytes, range)
        leaves.store(directory, at: range.offset)
        return directory
    }

    private func decodeLeaf(_ bytes: [UInt8], _ range: ArchiveRange) throws(PMTilesError) -> PMTilesDirectory {
        let inflated = try Self.inflate(try range.complete(bytes, archive: identifier), header.internalCompression,
                                        archive: identifier, location: range.location)
        return try PMTilesDirectory(decoding: inflated, archive: identifier, location: range.location)
    }

    /// A tile's bytes just read, decompressed.
    private func content(_ bytes: [UInt8], _ range: ArchiveRange) throws(PMTilesError) -> [UInt8] {
        let stored = try range.complete(bytes, archive: identifier)
        // An empty tile has nothing to inflate; some writers store empty tiles uncompressed.
        if stored.isEmpty { return stored }
        return try Self.inflate(stored, header.tileCompression, archive: identifier, location: range.location)
    }

    private func tooDeep(_ tile: TileID) -> PMTilesError {
        PMTilesError(.invalidDirectory, archive: identifier, location: "tile \(tile)",
                     "leaf directories nest deeper than \(Self.maxDirectoryDepth) levels", spec: "4")
    }

    /// Undoes `compression` (already checked to be supported when the archive opened).
    private static func inflate(_ bytes: [UInt8], _ compression: PMTilesCompression, archive: String, location: String) throws(PMTilesError) -> [UInt8] {
        // "Unknown" compression is taken at its word where the data shows no gzip header.
        guard compression == .gzip || (compression == .unknown && Gzip.isGzip(bytes)) else { return bytes }
        do {
            return try Gzip.decompress(bytes, limit: maxInflatedBytes)
        } catch {
            throw PMTilesError(error.code == .tooLarge ? .tooLarge : .decompression, archive: archive, location: location,
                               error.message, spec: "3.3")
        }
    }

    /// The area the tiles cover, in degrees, from the header.
    public var bounds: GeoBounds { header.bounds }
    /// The zooms the archive holds tiles for, from the header.
    public var zoomRange: ClosedRange<Int> { header.minZoom...max(header.minZoom, header.maxZoom) }

    /// How many leaf directories are cached now, for tests and metrics.
    var cachedLeafCount: Int { leaves.count }
}
