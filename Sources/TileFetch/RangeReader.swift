import Foundation

/// Random access to the bytes of an archive, wherever it lives (a file now; HTTP ranges later).
public protocol RangeReader: Sendable {
    /// A name for errors: a path or URL.
    var identifier: String { get }
    /// The archive's size in bytes.
    var size: UInt64 { get }
    /// Reads exactly `length` bytes at `offset`, or throws.
    func read(offset: UInt64, length: Int) throws(TileFetchError) -> [UInt8]
}

/// A local file read with `pread`, safe to share between threads.
public final class FileRangeReader: RangeReader {
    public let identifier: String
    public let size: UInt64
    private let descriptor: Int32

    public init(path: String) throws(TileFetchError) {
        identifier = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw TileFetchError(.io, "\(path): cannot open (\(String(cString: strerror(errno)))); check the path")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw TileFetchError(.io, "\(path): cannot read its size")
        }
        size = UInt64(info.st_size)
    }

    deinit {
        close(descriptor)
    }

    public func read(offset: UInt64, length: Int) throws(TileFetchError) -> [UInt8] {
        guard length >= 0, offset <= size, UInt64(length) <= size - offset else {
            throw TileFetchError(.truncated, "\(identifier): bytes \(offset)..<\(offset + UInt64(max(length, 0))) lie beyond the end of the \(size)-byte file")
        }
        var result = [UInt8](repeating: 0, count: length)
        var done = 0
        let failure: Int32? = result.withUnsafeMutableBytes { buffer in
            while done < length {
                let n = pread(descriptor, buffer.baseAddress! + done, length - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                done += n
            }
            return nil
        }
        if let failure {
            throw TileFetchError(.io, "\(identifier): read failed at byte \(offset): \(String(cString: strerror(failure)))")
        }
        return result
    }
}
