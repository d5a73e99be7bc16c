/// Why a PMTiles archive or one of its tiles could not be read: what went wrong, in which archive and where
/// in it, and the section of the PMTiles v3 specification that the data breaks.
///
/// The description reads like `helsinki.pmtiles: header: magic number is not "PMTiles" (PMTiles v3 spec §3.2)`.
public struct PMTilesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable identifiers for callers and logs; the raw values never change.
    public enum Code: String, Sendable {
        /// The archive could not be opened or read (missing file, permissions, I/O failure).
        case io = "pmtiles.io"
        /// The data does not start with the `PMTiles` magic number: not a PMTiles archive.
        case notPMTiles = "pmtiles.magic"
        /// A PMTiles archive of a spec version other than 3.
        case unsupportedVersion = "pmtiles.version"
        /// The archive ends inside a section it declares: a cut-short file or download.
        case truncated = "pmtiles.truncated"
        /// A section or entry points outside the archive, or its offset overflows.
        case outOfBounds = "pmtiles.out_of_bounds"
        /// A root or leaf directory that does not decode.
        case invalidDirectory = "pmtiles.directory"
        /// Internal or tile compression this reader cannot undo (brotli, zstd, unknown values).
        case unsupportedCompression = "pmtiles.compression"
        /// Gzip data in the archive that does not inflate.
        case decompression = "pmtiles.gzip"
        /// A section or tile larger than this reader's safety limits.
        case tooLarge = "pmtiles.too_large"
        /// A zoom above 26 or a column or row outside its zoom level: no PMTiles tile id exists for it.
        case invalidTileID = "pmtiles.tile_id"
    }

    public let code: Code
    /// The archive's identifier (a path or URL); empty where no archive is involved.
    public let archive: String
    /// Where in the archive: `header`, `root directory`, `leaf directory at byte 1234`, `tile 14/9326/4738`.
    public let location: String
    /// What is wrong, in words.
    public let reason: String
    /// The PMTiles v3 spec section that applies, such as `3.2`; nil when none does (I/O errors).
    public let specSection: String?
    /// The lower-level error (a failed read), when there is one.
    public let cause: (any Error)?

    public init(_ code: Code, archive: String = "", location: String = "", _ reason: String, spec specSection: String? = nil,
                cause: (any Error)? = nil) {
        self.code = code
        self.archive = archive
        self.location = location
        self.reason = reason
        self.specSection = specSection
        self.cause = cause
    }

    /// Equal when everything but the cause is; the reason already describes it.
    public static func == (lhs: PMTilesError, rhs: PMTilesError) -> Bool {
        lhs.code == rhs.code && lhs.archive == rhs.archive && lhs.location == rhs.location && lhs.reason == rhs.reason
            && lhs.specSection == rhs.specSection
    }

    public var description: String {
        let text = [archive, location, reason].filter { !$0.isEmpty }.joined(separator: ": ")
        return specSection.map { "\(text) (PMTiles v3 spec §\($0))" } ?? text
    }

    /// The same error attributed to an archive, for errors raised before the archive was known.
    func `in`(archive name: String) -> PMTilesError {
        PMTilesError(code, archive: name, location: location, reason, spec: specSection)
    }
}
