import Foundation
import Testing
import TileFetch

@Suite struct GzipTests {
    static let payload = Array(String(repeating: "CartoPress ", count: 20).utf8)
    /// python3 -c "import gzip; print(list(gzip.compress(b'CartoPress '*20, compresslevel=9, mtime=0)))"
    static let gzipped: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x73, 0x4e, 0x2c, 0x2a, 0xc9, 0x0f, 0x28,
        0x4a, 0x2d, 0x2e, 0x56, 0x70, 0x1e, 0x6e, 0x4c, 0x00, 0x42, 0x3a, 0x98, 0xb8, 0xdc, 0x00, 0x00, 0x00,
    ]
    /// python3 -c "import zlib; print(list(zlib.compress(b'CartoPress '*20, 9)))"
    static let zlibbed: [UInt8] = [
        0x78, 0xda, 0x73, 0x4e, 0x2c, 0x2a, 0xc9, 0x0f, 0x28, 0x4a, 0x2d, 0x2e, 0x56, 0x70, 0x1e, 0x6e, 0x4c,
        0x00, 0xdc, 0xe1, 0x52, 0xf9,
    ]
    /// 1 MiB of zeros in 1,051 bytes: gzip.compress(b'\0' * 2**20, compresslevel=9, mtime=0), base64 with its
    /// long run of "A" spelled out.
    static let bomb: [UInt8] = Array(Data(base64Encoded: "H4sIAAAAAAACA+3BMQEAAADCoPVPbQhfoA"
        + String(repeating: "A", count: 1354) + "PgMc6jinAAAQAA==")!)

    @Test func inflatesGzipAndZlib() throws {
        #expect(try Gzip.decompress(Self.gzipped, limit: 1000) == Self.payload)
        #expect(try Gzip.decompress(Self.zlibbed, limit: 1000) == Self.payload)
        #expect(Gzip.isGzip(Self.gzipped) && !Gzip.isGzip(Self.zlibbed))
    }

    @Test func outputMayReachTheLimitExactly() throws {
        #expect(try Gzip.decompress(Self.gzipped, limit: Self.payload.count) == Self.payload)
        let error = #expect(throws: GzipError.self) { try Gzip.decompress(Self.gzipped, limit: Self.payload.count - 1) }
        #expect(error?.code == .tooLarge)
        #expect(error?.description == "data expands beyond the 219-byte limit")
    }

    @Test func bombFailsAtTheCap() throws {
        #expect(Self.bomb.count == 1051)
        #expect(try Gzip.decompress(Self.bomb, limit: 1 << 20).count == 1 << 20)
        let error = #expect(throws: GzipError.self) { try Gzip.decompress(Self.bomb, limit: 64 << 10) }
        #expect(error?.code == .tooLarge)
    }

    @Test func corruptAndTruncatedDataFail() throws {
        var corrupt = Self.gzipped
        corrupt[10] = 0xff  // An invalid block type.
        #expect((#expect(throws: GzipError.self) { try Gzip.decompress(corrupt) })?.code == .corrupt)
        var badChecksum = Self.gzipped
        badChecksum[26] ^= 0xff  // The CRC-32 in the trailer.
        #expect((#expect(throws: GzipError.self) { try Gzip.decompress(badChecksum) })?.code == .corrupt)
        #expect((#expect(throws: GzipError.self) { try Gzip.decompress(Array(Self.gzipped.prefix(20))) })?.code == .truncated)
        #expect((#expect(throws: GzipError.self) { try Gzip.decompress([]) })?.code == .truncated)
        #expect((#expect(throws: GzipError.self) { try Gzip.decompress(Array("not gzip".utf8)) })?.code == .corrupt)
    }
}
