import Foundation
import Testing
import TileFetch
import VectorTile

/// Every real-world tile of mvt-fixtures (bundled in `Tests/Fixtures/mvt-fixtures/real-world`: six cities,
/// some gzipped) decodes without error: all layers, features, properties and geometry.
@Suite struct RealWorldCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/mvt-fixtures/real-world")

    @Test func everyRealWorldTileDecodes() throws {
        let areas = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)
        var decoded = 0
        var features = 0
        for area in areas.sorted() {
            let directory = Self.corpus.appendingPathComponent(area)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            where name.hasSuffix(".mvt") || name.hasSuffix(".mvt.gz") {
                var bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
                if Gzip.isGzip(bytes) { bytes = try Gzip.decompress(bytes) }
                let (tile, skipped) = try MVTFixturesTests.decodeFully(bytes)
                #expect(skipped.isEmpty, "\(area)/\(name): \(skipped)")
                features += tile.layers.reduce(0) { $0 + $1.featureCount }
                decoded += 1
            }
        }
        #expect(decoded == 127, "decoded \(decoded) tiles")
        #expect(features == 53_766)
    }
}
