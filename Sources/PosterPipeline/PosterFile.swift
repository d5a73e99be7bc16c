import Foundation

/// A rendered poster written to a file (`cartopress render`).
public enum PosterFile {
    /// Writes `bytes` to `path`, creating its folder. An existing file is overwritten in place and then cut
    /// to length instead of being truncated first: truncating makes the file system free every block and
    /// allocate it again, which took 2 of a 2.7 MB poster's 3 ms of writing on ext4. Neither way is atomic;
    /// a failure leaves a file that is not a whole poster, and says so.
    public static func write(_ bytes: [UInt8], to path: String) throws(PipelineError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw PipelineError(.output, "cannot write \(path): \(error.localizedDescription)")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure("cannot open \(path) for writing") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write \(path) (\(written) of \(bytes.count) bytes written)")
            }
            written += result
        }
        guard ftruncate(descriptor, off_t(bytes.count)) == 0 else { throw failure("cannot cut \(path) to \(bytes.count) bytes") }
    }

    private static func failure(_ what: String) -> PipelineError {
        PipelineError(.output, "\(what): \(String(cString: strerror(errno)))")
    }
}
