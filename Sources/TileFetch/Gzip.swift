import CZlib

/// Inflates gzip or zlib data with a cap on the output, so that a small hostile payload cannot expand
/// into gigabytes.
public enum Gzip {
    public static func decompress(_ input: [UInt8], limit: Int = 64 << 20, context: String = "data") throws(TileFetchError) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 32: accept both gzip and zlib headers.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TileFetchError(.decompression, "\(context): zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: min(max(input.count * 4, 4096), limit + 1))
        var produced = 0
        var status: Int32 = Z_OK
        var input = input
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while status == Z_OK {
                if produced == output.count {
                    if output.count > limit { break }
                    output += [UInt8](repeating: 0, count: min(output.count, limit + 1 - output.count))
                }
                output.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress! + produced
                    stream.avail_out = UInt32(target.count - produced)
                    status = inflate(&stream, Z_NO_FLUSH)
                    produced = target.count - Int(stream.avail_out)
                }
                if status == Z_BUF_ERROR && stream.avail_in == 0 { break }
                if status == Z_BUF_ERROR { status = Z_OK }
            }
            stream.next_in = nil
        }
        if produced > limit {
            throw TileFetchError(.tooLarge, "\(context): expands beyond the \(limit)-byte limit")
        }
        guard status == Z_STREAM_END else {
            let reason = stream.msg.map { String(cString: $0) } ?? "truncated or corrupt stream"
            throw TileFetchError(.decompression, "\(context): gzip data is invalid (\(reason))")
        }
        output.removeSubrange(produced...)
        return output
    }

    /// Whether bytes start with the gzip magic number.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }
}
