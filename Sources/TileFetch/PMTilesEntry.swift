/// One directory entry (spec §4.1): a run of tiles sharing one blob of tile data, or, with a run length of
/// 0, a leaf directory.
public struct PMTilesEntry: Sendable, Equatable {
    /// The first tile id the entry covers.
    public var tileID: UInt64
    /// From the start of the tile data section (tiles) or of the leaf directories section (leaves).
    public var offset: UInt64
    /// Size in bytes, compressed as stored.
    public var length: UInt32
    /// How many consecutive tile ids share these bytes; 0 marks a leaf directory.
    public var runLength: UInt32

    public init(tileID: UInt64, offset: UInt64, length: UInt32, runLength: UInt32) {
        self.tileID = tileID
        self.offset = offset
        self.length = length
        self.runLength = runLength
    }

    /// Whether the entry points at a leaf directory rather than at tile data.
    public var isLeafDirectory: Bool { runLength == 0 }
}
