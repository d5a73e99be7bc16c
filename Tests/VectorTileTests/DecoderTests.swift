import Foundation
import Testing
@testable import VectorTile

@Suite struct DecoderTests {
    @Test func varintsIncludingTenBytes() throws {
        let bytes: [UInt8] = [0x00, 0x01, 0x7f, 0xe5, 0x8e, 0x26, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
        let values = try bytes.withUnsafeBufferPointer { buffer throws(VectorTileError) -> [UInt64] in
            var reader = ProtobufReader(buffer, range: 0..<buffer.count, location: .tile)
            var out: [UInt64] = []
            while !reader.isAtEnd { out.append(try reader.readVarint()) }
            return out
        }
        #expect(values == [0, 1, 127, 624_485, UInt64.max])
    }

    @Test func truncatedVarintNamesTheByte() {
        let bytes: [UInt8] = [0x96]
        #expect(throws: VectorTileError(.truncated, .fatal, at: "tile", "varint runs past the end of the message at byte 1", section: "4.1")) {
            try bytes.withUnsafeBufferPointer { buffer throws(VectorTileError) in
                var reader = ProtobufReader(buffer, range: 0..<1, location: .tile)
                _ = try reader.readVarint()
            }
        }
    }

    @Test func zigzagDecoding() {
        #expect(zigzag(0) == 0 && zigzag(1) == -1 && zigzag(2) == 1 && zigzag(3) == -2)
        #expect(zigzag(UInt32.max) == Int32.min)
        #expect(zigzag64(UInt64.max) == Int64.min)
    }

    @Test func geometryErrorsCiteTheSpec() throws {
        let bytes = try MVTFixturesTests.bytes("044")  // geometry begins with ClosePath
        let tile = try VectorTile(bytes: bytes)
        let feature = try tile.layers[0].feature(at: 0)
        var visitor = CountingVisitor()
        #expect {
            try feature.decodeGeometry(into: &visitor)
        } throws: { error in
            "\(error)".hasSuffix("geometry begins with ClosePath (MVT spec 2.1 §4.3.3.3)")
        }
    }

    @Test func missingLayerNameIsFatal() throws {
        #expect(throws: VectorTileError(.layerName, .fatal, at: "layer #0", "layer has no name", section: "4.1")) {
            try VectorTile(bytes: try MVTFixturesTests.bytes("014"))
        }
    }

    @Test func polygonRingsReachTheVisitor() throws {
        let tile = try VectorTile(bytes: try MVTFixturesTests.bytes("019"))
        let feature = try tile.layers[0].feature(at: 0)
        var visitor = CountingVisitor()
        try feature.decodeGeometry(into: &visitor)
        #expect(feature.type == .polygon)
        #expect(visitor.moves == 1 && visitor.closes == 1)
        #expect(visitor.points.map { [$0.0, $0.1] } == [[3, 6], [8, 12], [20, 34]])
    }
}
