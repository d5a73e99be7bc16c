import Testing
@testable import VectorTile

/// Tags are kept as the bytes they were read from and decoded again when asked; these tiles are written
/// by hand, byte by byte, to reach the cases the spec forbids or protobuf allows but writers never use.
@Suite struct FeatureTagsTests {
    private static func varint(_ value: Int) -> [UInt8] {
        var value = value, out: [UInt8] = []
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            out.append(value == 0 ? low : low | 0x80)
        } while value != 0
        return out
    }
    private static func field(_ number: Int, varint value: Int) -> [UInt8] { varint(number << 3) + varint(value) }
    private static func field(_ number: Int, bytes: [UInt8]) -> [UInt8] { varint(number << 3 | 2) + varint(bytes.count) + bytes }
    private static func packed(_ values: [Int]) -> [UInt8] { values.flatMap { varint($0) } }

    /// A point feature with `id` whose tags are given as one packed field per element of `tagFields`.
    private static func feature(id: Int, tagFields: [[Int]]) -> [UInt8] {
        field(1, varint: id) + tagFields.flatMap { field(2, bytes: packed($0)) } + field(3, varint: 1) + field(4, bytes: packed([9, 2, 2]))
    }

    private static func tile(keys: [String], values: [String], features: [[UInt8]]) -> [UInt8] {
        var layer = field(15, varint: 2) + field(1, bytes: Array("roads".utf8))
        for feature in features { layer += field(2, bytes: feature) }
        for key in keys { layer += field(3, bytes: Array(key.utf8)) }
        for value in values { layer += field(4, bytes: field(1, bytes: Array(value.utf8))) }
        layer += field(5, varint: 4096)
        return field(3, bytes: layer)
    }

    @Test func aRepeatedKeyNameResolvesToItsFirstEntryAsTheKeyIndexDoes() throws {
        // Keys 0 and 1 are both "class": a tag naming key 1 is not the feature's "class".
        let bytes = Self.tile(keys: ["class", "class", "name"], values: ["first", "second", "Mannerheimintie"],
                              features: [Self.feature(id: 7, tagFields: [[1, 1, 0, 0, 2, 2]]), Self.feature(id: 8, tagFields: [[1, 1]])])
        let layer = try VectorTile(bytes: bytes).layers[0]
        let feature = try layer.feature(at: 0)
        #expect(feature.property("class") == .string("first"))
        #expect(feature.property("name") == .string("Mannerheimintie"))
        #expect(feature.property("missing") == nil)
        #expect(feature.tags == [1, 1, 0, 0, 2, 2])
        #expect(try layer.feature(at: 1).property("class") == nil)
        #expect(feature.properties == ["class": .string("first"), "name": .string("Mannerheimintie")])
    }

    @Test func tagsSplitOverSeveralFieldsReadAsOne() throws {
        let bytes = Self.tile(keys: ["class", "name"], values: ["primary", "Aleksanterinkatu"],
                              features: [Self.feature(id: 1, tagFields: [[0, 0], [1, 1]])])
        let feature = try VectorTile(bytes: bytes).layers[0].feature(at: 0)
        #expect(feature.tags == [0, 0, 1, 1])
        #expect(feature.property("class") == .string("primary"))
        #expect(feature.property("name") == .string("Aleksanterinkatu"))
    }

    @Test func multiByteIndicesDecodeAgain() throws {
        // 200 keys and values: indices from 128 up take two varint bytes.
        let keys = (0..<200).map { "k\($0)" }, values = (0..<200).map { "v\($0)" }
        let bytes = Self.tile(keys: keys, values: values, features: [Self.feature(id: 1, tagFields: [[3, 199, 150, 128, 199, 4]])])
        let feature = try VectorTile(bytes: bytes).layers[0].feature(at: 0)
        #expect(feature.tags == [3, 199, 150, 128, 199, 4])
        #expect(feature.property("k150") == .string("v128"))
        #expect(feature.property("k199") == .string("v4"))
        #expect(feature.property("k3") == .string("v199"))
    }

    @Test func everyFeatureIsDecodedOnceAndSharedInOrder() throws {
        let bytes = Self.tile(keys: ["class"], values: ["a", "b"],
                              features: [Self.feature(id: 10, tagFields: [[0, 0]]), [0x18, 0x09], Self.feature(id: 12, tagFields: [[0, 1]])])
        let layer = try VectorTile(bytes: bytes).layers[0]
        let decoded = layer.decodedFeatures
        #expect(decoded.count == 3)
        #expect(try decoded[0].get().id == 10)
        #expect(try decoded[2].get().property("class") == .string("b"))
        // The middle feature has type 9 and no geometry: its error is kept and thrown by feature(at:) too.
        guard case .failure(let error) = decoded[1] else { Issue.record("feature 1 decoded"); return }
        #expect("\(error)".contains("unknown geometry type 9"))
        #expect(throws: error) { try layer.feature(at: 1) }
    }
}
