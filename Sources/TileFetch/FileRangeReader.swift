#if canImport(Glibc)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A local file read with `pread`, which keeps no file position, so one reader is safe to share between
/// tasks and threads. It owns its descriptor and closes it when released.
public final class FileRangeReader: SyncRangeReader {
    public let identifier: String
    /// The file's size when it was opened.
    public let size: UInt64
    private let descriptor: Int32

    /// Opens `path` for reading.
    /// - Throws: ``PMTilesError/Code/io`` naming the path and the system's reason.
    public init(path: String) throws(PMTilesError) {
        identifier = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PMTilesError(.io, archive: path, "cannot open the file (\(Self.reason(errno))); check the path")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let failure = errno
            close(descriptor)
            throw PMTilesError(.io, archive: path, "cannot read the file's size (\(Self.reason(failure)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw PMTilesError(.io, archive: path, "is not a regular file")
        }
        size = UInt64(info.st_size)
    }

    deinit {
        close(descriptor)
    }

    public func read(offset: UInt64, length: Int) async throws(PMTilesError) -> [UInt8] {
        try readNow(offset: offset, length: length)
    }

    /// The same as ``read(offset:length:)`` without suspending, for synchronous callers: a local read
    /// blocks for one `pread` either way.
    public func readNow(offset: UInt64, length: Int) throws(PMTilesError) -> [UInt8] {
        precondition(length >= 0, "a read length must not be negative")
        // Clipping to the size first means a corrupt length never allocates more than the file holds.
        guard offset < size, offset <= UInt64(Int64.max) else { return [] }
        let count = Int(min(UInt64(length), size - offset))
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n > 0 {
                    done += n
                } else if n == 0 {
                    break  // The file shrank since it was opened.
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
            initialized = done
        }
        if failure != 0 {
            throw PMTilesError(.io, archive: identifier, location: "bytes \(offset)..<\(offset + UInt64(count))",
                               "read failed (\(Self.reason(failure)))")
        }
        return bytes
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
