import Canvas
import Foundation
import Testing

/// The reference renders in `Tests/Fixtures/golden`, and the one way tests compare with them. A render
/// matches its reference when at most `tolerance` of its pixels differ by more than `threshold` of 255 in
/// some channel (anti-aliasing and font rasterisation move a few edge pixels between machines). On a
/// mismatch the render and a diff image (differing pixels red over a faded reference) are written beside
/// each other in the temporary directory and named in the failure. `CARTOPRESS_UPDATE_GOLDEN=1` writes the
/// render as the new reference instead; look at it before committing.
enum GoldenImage {
    static let threshold = 24
    static let tolerance = 0.005

    static func url(_ name: String) -> URL { PipelineTests.repo.appendingPathComponent("Tests/Fixtures/golden/\(name)") }

    /// How a PNG render differs from the reference of that name.
    static func difference(of png: [UInt8], from name: String) throws -> ImageDifference {
        if ProcessInfo.processInfo.environment["CARTOPRESS_UPDATE_GOLDEN"] == "1" { try Data(png).write(to: url(name)) }
        let reference = try PNGDecoder.decode([UInt8](try Data(contentsOf: url(name))))
        return try #require(ImageDifference.between(try PNGDecoder.decode(png), reference, threshold: threshold), "\(name): the render and the reference differ in size")
    }

    /// Expects a PNG render to match the reference of that name, leaving the actual and diff images behind
    /// when it does not.
    static func expectMatch(_ png: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let difference = try difference(of: png, from: name)
        guard difference.differingFraction > tolerance else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-golden")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stem = (name as NSString).deletingPathExtension
        let actual = folder.appendingPathComponent("\(stem)-actual.png"), diff = folder.appendingPathComponent("\(stem)-diff.png")
        try Data(png).write(to: actual)
        let reference = try PNGDecoder.decode([UInt8](try Data(contentsOf: url(name))))
        try Data(try PNGEncoder.encode(try diffImage(try PNGDecoder.decode(png), reference))).write(to: diff)
        Issue.record("\(name): \(difference); more than \(tolerance * 100)% of pixels differ. See \(actual.path) and \(diff.path)",
                     sourceLocation: sourceLocation)
    }

    /// Differing pixels in red over the reference faded to a quarter of its contrast.
    static func diffImage(_ actual: ImageSurface, _ reference: ImageSurface) throws -> ImageSurface {
        let image = try ImageSurface(width: reference.width, height: reference.height)
        image.withMutablePixels { pixels in
            for y in 0..<reference.height {
                for x in 0..<reference.width {
                    let a = actual.pixel(x: x, y: y), r = reference.pixel(x: x, y: y)
                    let delta = max(abs(a.red - r.red), abs(a.green - r.green), abs(a.blue - r.blue), abs(a.alpha - r.alpha)) * 255
                    let grey = UInt32(191 + (r.red + r.green + r.blue) / 3 * 64)
                    let word: UInt32 = delta > Double(threshold) ? 0xFFFF_0000 : 0xFF00_0000 | grey << 16 | grey << 8 | grey
                    pixels.storeBytes(of: word, toByteOffset: y * image.stride + x * 4, as: UInt32.self)
                }
            }
        }
        return image
    }
}
