import CFuzzDriver
import Foundation
import Geo
import HTTPTransport
import PosterRenderer
import StyleKit
import VectorTile
@testable import ObjectStorage
@testable import RenderConformance
@testable import RenderService
@testable import TileFetch

/// The parsers of outside bytes, one fuzz target each. `scripts/fuzz.sh` builds this file with libFuzzer and
/// AddressSanitizer and picks the target with `CARTOPRESS_FUZZ_TARGET`. A target may throw any of its typed
/// errors; what it must never do is crash, hang or run out of memory.
enum FuzzTarget: String, CaseIterable {
    case mvt, pmtiles, gzip, style, expression, gpx, geojson, request, s3error, tilejson

    func run(_ bytes: [UInt8]) {
        switch self {
        case .mvt: Self.mvt(bytes)
        case .pmtiles: Self.pmtiles(bytes)
        case .gzip: _ = try? Gzip.decompress(bytes, limit: 1 << 20)
        case .style: _ = Style.parseCollectingErrors(bytes, fileName: "fuzz.json")
        case .expression: _ = ExpressionConformance.run(bytes)
        case .gpx: _ = try? GPXDocument.parse(Data(bytes), maxPoints: 100_000)
        case .geojson: Self.geojson(bytes)
        case .request: _ = try? Self.requests.parse(bytes)
        case .s3error: _ = S3ErrorDocument(bytes).summary(status: 403)
        case .tilejson: _ = try? TileJSON.source(document: bytes, url: "https://tiles.example.com/tiles.json", transport: Self.transport)
        }
    }

    /// Every layer, feature, property and geometry of a tile, as the renderer reads them.
    static func mvt(_ bytes: [UInt8]) {
        guard let tile = try? VectorTile(bytes: bytes) else { return }
        var visitor = CountingVisitor()
        for layer in tile.layers {
            guard let (features, _) = try? layer.features() else { continue }
            for feature in features {
                _ = feature.properties
                try? feature.decodeGeometry(into: &visitor)
            }
        }
    }

    /// Header, root directory, metadata and every leaf a few tile lookups reach.
    static func pmtiles(_ bytes: [UInt8]) {
        let reader = MemoryRangeReader(bytes: bytes)
        guard let archive = try? PMTilesArchive.openNow(reader) else { return }
        for z in 0...3 {
            let n = 1 << z
            for (x, y) in [(0, 0), (n - 1, n - 1), (n / 2, n / 3)] {
                _ = try? archive.tileNow(TileID(z: z, x: x, y: y), file: reader)
            }
        }
        _ = try? archive.tileNow(TileID(z: 14, x: 9_326, y: 4_741), file: reader)
    }

    /// GeoJSON as the API's overlays take it and as a style's GeoJSON source is tiled.
    static func geojson(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parse(bytes) else { return }
        var reader = FieldReader()
        _ = OverlayValidator(maxVertices: 100_000).validate(["geojson": value], &reader)
        if let document = try? GeoJSON.parse(value) { _ = try? GeoJSONTiler.tile(document) }
    }

    static let requests = PosterRequestParser(limits: RequestLimits(ServiceConfiguration()), styles: ["minimal": ["minimal-ink"], "topographic": []],
                                                toggles: ["minimal": ["buildings", "labels"], "topographic": ["terrain", "contours"]])
    static let transport = CurlTransport()
}

/// Counts geometry commands, so that decoding cannot be optimised away.
struct CountingVisitor: GeometryVisitor {
    var count = 0
    mutating func moveTo(x: Int32, y: Int32) { count &+= 1 }
    mutating func lineTo(x: Int32, y: Int32) { count &+= 1 }
    mutating func closePath() { count &+= 1 }
}

/// An archive held in memory; short reads past the end, as an HTTP range request answers.
struct MemoryRangeReader: SyncRangeReader {
    let bytes: [UInt8]
    var identifier: String { "fuzz.pmtiles" }

    func read(offset: UInt64, length: Int) async throws(PMTilesError) -> [UInt8] { try readNow(offset: offset, length: length) }

    func readNow(offset: UInt64, length: Int) throws(PMTilesError) -> [UInt8] {
        guard offset < UInt64(bytes.count), length > 0 else { return [] }
        let start = Int(offset)
        return Array(bytes[start..<min(bytes.count, start + min(length, bytes.count))])
    }
}

private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["CARTOPRESS_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("set CARTOPRESS_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return target
}()

/// libFuzzer's entry point: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(bytes)
    return 0
}
