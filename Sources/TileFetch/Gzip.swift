import CZlib

/// Inflates gzip or zlib data with a cap on the output, so that a small hostile payload cannot expand
/// into gigabytes.
public enum Gzip {
    /// The cap used when the caller gives none: far above any real tile or directory.
    public static let defaultLimit = 64 << 20

    /// Inflates `bytes`, which may carry a gzip or a zlib header (detected from the first bytes).
    ///
    /// - Parameter limit: the most bytes the output may hold; a stream that expands further fails with
    ///   ``GzipError/Code/tooLarge`` after producing at most `limit + 1` bytes.
    /// - Throws: ``GzipError`` for corrupt or truncated input, or output over `limit`.
    public static func decompress(_ bytes: [UInt8], limit: Int = defaultLimit) throws(GzipError) -> [UInt8] {
        precondition(limit >= 0, "a decompression limit must not be negative")
        // One byte past the limit is enough to tell "exactly at the limit" from "over it".
        let cap = limit == Int.max ? limit : limit + 1
        let result: Result<[UInt8], GzipError> = withUnsafeTemporaryAllocation(of: z_stream.self, capacity: 1) { slot in
            // zlib keeps a pointer back to the stream and checks it on every call, so the stream must stay
            // at one address: a temporary allocation guarantees that where a Swift local would not.
            let stream = slot.baseAddress!
            stream.initialize(to: z_stream())
            // 15 window bits + 32: accept both gzip and zlib headers.
            let started = cp_inflate_init2(stream, 15 + 32)
            guard started == Z_OK else {
                return .failure(GzipError(.zlib, "zlib could not start inflating (error \(started))"))
            }
            defer { inflateEnd(stream) }
            return bytes.withUnsafeBufferPointer { input in
                inflateAll(stream, input, initialCapacity: min(cap, max(bytes.count * 4, 4096)), cap: cap, limit: limit)
            }
        }
        return try result.get()
    }

    /// Whether bytes start with the gzip magic number.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    private static func inflateAll(_ stream: UnsafeMutablePointer<z_stream>, _ input: UnsafeBufferPointer<UInt8>,
                                   initialCapacity: Int, cap: Int, limit: Int) -> Result<[UInt8], GzipError> {
        var output = [UInt8](repeating: 0, count: initialCapacity)
        var produced = 0
        var fed = 0
        while true {
            if stream.pointee.avail_in == 0 && fed < input.count {
                // zlib counts input in 32 bits: feed larger inputs in slices. It never writes through
                // next_in; its header just lacks const.
                let slice = min(input.count - fed, Int(UInt32.max))
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + fed)
                stream.pointee.avail_in = UInt32(slice)
                fed += slice
            }
            if produced == output.count {
                if output.count >= cap {
                    return .failure(GzipError(.tooLarge, "data expands beyond the \(limit)-byte limit"))
                }
                let grown = output.count > cap / 2 ? cap : output.count * 2
                output.append(contentsOf: repeatElement(0, count: grown - output.count))
            }
            let status: Int32 = output.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_out = target.baseAddress! + produced
                stream.pointee.avail_out = UInt32(clamping: target.count - produced)
                let before = stream.pointee.avail_out
                let status = inflate(stream, Z_NO_FLUSH)
                produced += Int(before - stream.pointee.avail_out)
                return status
            }
            switch status {
            case Z_STREAM_END:
                // The whole stream may fit the first buffer, which holds one byte past the limit.
                if produced > limit {
                    return .failure(GzipError(.tooLarge, "data expands beyond the \(limit)-byte limit"))
                }
                output.removeSubrange(produced...)
                return .success(output)
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.pointee.avail_out > 0:
                // Room to write but nothing left to read: the input stops mid-stream.
                return .failure(GzipError(.truncated, "gzip data ends before the end of its compressed stream"))
            case Z_BUF_ERROR:
                continue
            case Z_DATA_ERROR, Z_NEED_DICT:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "needs a preset dictionary"
                return .failure(GzipError(.corrupt, "gzip data is corrupt (\(reason))"))
            default:
                return .failure(GzipError(.zlib, "zlib failed while inflating (error \(status))"))
            }
        }
    }
}
