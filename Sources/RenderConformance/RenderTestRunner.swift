public import Canvas
public import Foundation
import Geo
import PosterPipeline
import PosterRenderer
import StyleKit
import TileFetch
import VectorTile

/// What one render test came to.
public struct RenderTestResult: Sendable {
    public enum Outcome: String, Sendable { case passed, failed, error, skipped }
    public var id: String
    public var outcome: Outcome
    /// The smallest share of mismatched pixels over the expected images.
    public var difference: Double?
    public var allowed: Double
    public var message: String?
    /// What the render skipped or could not read (a layer type not drawn yet, icons, a missing input).
    public var warnings: [String] = []
    public var group: String { String(id.split(separator: "/").first ?? "") }
}

/// Runs MapLibre render tests: renders each case's style from local assets, compares it with every
/// `expected*.png` the way the upstream harness does (pixelmatch, the case's threshold and allowed
/// mismatch ratio), and leaves `actual.png` and `diff.png` behind for a failing case.
public struct RenderTestRunner: Sendable {
    public let assets: LocalAssets
    /// Where failing cases' actual and diff images go (`<output>/<group>/<case>/`); nil keeps none.
    public let output: URL?

    public init(assets: URL, output: URL? = nil) {
        self.assets = LocalAssets(root: assets)
        self.output = output
    }

    /// Cases that change the map at run time are rendered as their style stands after the operations
    /// (``RenderTestOperations``); those with operations a style cannot express are skipped, naming them.
    public func run(_ testCase: RenderTestCase) -> RenderTestResult {
        var result = RenderTestResult(id: testCase.id, outcome: .failed, difference: nil, allowed: testCase.allowed, message: nil)
        // Runtime operations are applied to the style as static edits; a case with one that cannot be is skipped.
        var testCase = testCase
        if !testCase.operations.isEmpty {
            switch RenderTestOperations.apply(to: testCase.styleBytes) {
            case .success(let edited):
                testCase.styleBytes = edited
            case .failure(let reason):
                result.outcome = .skipped
                result.message = "runtime operations \(testCase.operations.joined(separator: ", ")): \(reason.message)"
                return result
            }
        }
        do {
            let (actual, warnings) = try renderWithWarnings(testCase)
            result.warnings = warnings
            var best = Double.infinity
            var bestDiff: Pixelmatch.Image?
            for file in testCase.expected {
                let expected = try Self.straightRGBA(PNGDecoder.decode(Array(try Data(contentsOf: file))))
                guard expected.width == actual.width, expected.height == actual.height else {
                    result.message = "size \(actual.width)x\(actual.height), expected \(expected.width)x\(expected.height)"
                    continue
                }
                let (mismatched, diff) = Pixelmatch.compare(actual, expected, threshold: testCase.threshold)
                let ratio = Double(mismatched) / Double(actual.width * actual.height)
                if ratio < best { best = ratio; bestDiff = diff }
            }
            if best.isFinite { result.difference = best }
            result.outcome = best <= testCase.allowed ? .passed : .failed
            if result.outcome == .failed, let overlay = testCase.debugOverlay {
                // No style can ask for it: where it shows, the case cannot match.
                result.message = "the expected image has MapLibre's debug overlay (\(overlay)), which is the viewer's, not the style's"
            }
            if result.outcome == .failed, let output {
                let directory = output.appendingPathComponent(testCase.id)
                try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try? Data(Self.png(actual)).write(to: directory.appendingPathComponent("actual.png"))
                if let bestDiff { try? Data(Self.png(bestDiff)).write(to: directory.appendingPathComponent("diff.png")) }
            }
        } catch {
            result.outcome = .error
            result.message = "\(error)"
        }
        return result
    }

    /// The case's style drawn as the harness would: camera from the style root, size and pixel ratio from
    /// `metadata.test`, straight RGBA, transparent where nothing is drawn.
    public func render(_ testCase: RenderTestCase) throws -> Pixelmatch.Image {
        try renderWithWarnings(testCase).image
    }

    /// ``render(_:)`` with what the loader and the renderer said they skipped.
    public func renderWithWarnings(_ testCase: RenderTestCase) throws -> (image: Pixelmatch.Image, warnings: [String]) {
        let style = try Style.parse(testCase.styleBytes, fileName: "\(testCase.id)/style.json")
        let center = style.center.map { LngLat(lng: $0.lng, lat: $0.lat) } ?? LngLat(lng: 0, lat: 0)
        let camera = Camera(center: center, zoom: style.zoom ?? 0, bearing: style.bearing, pitch: style.pitch,
                            width: Int((Double(testCase.width) * testCase.pixelRatio).rounded()),
                            height: Int((Double(testCase.height) * testCase.pixelRatio).rounded()), pixelRatio: testCase.pixelRatio)
        let sourceID = style.layers.first { ($0.type == .fill || $0.type == .line) && style.sources[$0.source ?? ""]?.type == "vector" }?.source
        var warnings: [String] = []
        var inputs = try MapInputLoader(resolver: LocalAssetResolver(assets: assets), policy: .mapView)
            .load(style, camera: camera, vectorSourceID: sourceID, warnings: &warnings)
        inputs.crossSourceCollisions = testCase.crossSourceCollisions
        let (surface, drawn) = try MapImageRenderer(style: style).render(camera: camera, inputs: inputs, sourceID: sourceID)
        return (Self.straightRGBA(surface), warnings + drawn)
    }

    /// Cairo's premultiplied native-endian ARGB as straight RGBA bytes.
    public static func straightRGBA(_ surface: ImageSurface) -> Pixelmatch.Image {
        let width = surface.width, height = surface.height, stride = surface.stride
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        surface.withPixels { pixels in
            for y in 0..<height {
                for x in 0..<width {
                    let word = pixels.load(fromByteOffset: y * stride + x * 4, as: UInt32.self)
                    let a = Int(word >> 24), r = Int(word >> 16 & 0xFF), g = Int(word >> 8 & 0xFF), b = Int(word & 0xFF)
                    let k = (y * width + x) * 4
                    if a > 0 {
                        rgba[k] = UInt8(min(255, (r * 255 + a / 2) / a))
                        rgba[k + 1] = UInt8(min(255, (g * 255 + a / 2) / a))
                        rgba[k + 2] = UInt8(min(255, (b * 255 + a / 2) / a))
                    }
                    rgba[k + 3] = UInt8(a)
                }
            }
        }
        return Pixelmatch.Image(width: width, height: height, rgba: rgba)
    }

    /// A straight-RGBA image as a PNG with alpha.
    public static func png(_ image: Pixelmatch.Image) throws -> [UInt8] {
        let surface = try ImageSurface(width: image.width, height: image.height)
        let stride = surface.stride
        surface.withMutablePixels { pixels in
            for y in 0..<image.height {
                for x in 0..<image.width {
                    let k = (y * image.width + x) * 4
                    let a = UInt32(image.rgba[k + 3])
                    let r = UInt32(image.rgba[k]) * a / 255, g = UInt32(image.rgba[k + 1]) * a / 255, b = UInt32(image.rgba[k + 2]) * a / 255
                    pixels.storeBytes(of: a << 24 | r << 16 | g << 8 | b, toByteOffset: y * stride + x * 4, as: UInt32.self)
                }
            }
        }
        let encoder = try PNGEncoder(width: image.width, height: image.height, options: PNGOptions(dpi: 72, withAlpha: true))
        try encoder.append(surface)
        return encoder.takeOutput() + (try encoder.finish())
    }
}
