import Foundation
import PosterPipeline
import Testing

/// `cartopress render` writes its poster over an existing file in place, then cuts it to length.
@Suite struct PosterFileTests {
    private static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("poster-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aShorterPosterOverALongerFileLeavesExactlyItsBytes() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/poster.png").path
        let long = (0..<300_000).map { UInt8($0 % 251) }
        try PosterFile.write(long, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(long))
        let short: [UInt8] = Array("short poster".utf8)
        try PosterFile.write(short, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(short))
        try PosterFile.write([], to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
    }

    @Test func aFolderWhereTheFileShouldBeIsAClearError() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: PipelineError.self) { try PosterFile.write([1, 2, 3], to: folder.path) }
        #expect(error?.code == .output)
        #expect(error?.message.contains("cannot open \(folder.path) for writing") == true)
        #expect(error?.message.contains("Is a directory") == true)
    }
}
