/// Random access to the bytes of an archive, wherever they live: a local file now, HTTP ranges later. The
/// PMTiles format code only ever asks for byte ranges, as in the reference reader.
public protocol RangeReader: Sendable {
    /// A name for errors: a path or URL.
    var identifier: String { get }

    /// The bytes in `offset ..< offset + length`. Like an HTTP range request, a range that runs past the end
    /// of the data comes back short (empty if it starts past the end); the caller decides whether that is
    /// an error.
    func read(offset: UInt64, length: Int) async throws(PMTilesError) -> [UInt8]
}

/// A range reader that can also answer without suspending: a local file, or HTTP ranges fetched on the
/// caller's thread (the pipeline reads tiles from worker threads of its own).
public protocol SyncRangeReader: RangeReader {
    /// ``read(offset:length:)`` on the calling thread.
    func readNow(offset: UInt64, length: Int) throws(PMTilesError) -> [UInt8]
}
