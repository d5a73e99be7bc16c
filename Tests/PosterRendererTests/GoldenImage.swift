import Canvas
import Foundation
import Testing

/// The reference renders in `Tests/Fixtures/golden`. A render matches its reference when at most
/// `tolerance` of its pixels differ by more than `threshold` of 255 in some channel (anti-aliasing and
/// font rasterisation move a few edge pixels between machines). `CARTOPRESS_UPDATE_GOLDEN=1` writes the
/// render as the new reference instead; look at it before committing.
enum GoldenImage {
    static let threshold = 24
    static let tolerance = 0.005

    /// How a PNG render differs from the reference of that name.
    static func difference(of png: [UInt8], from name: String) throws -> ImageDifference {
        let file = PipelineTests.repo.appendingPathComponent("Tests/Fixtures/golden/\(name)")
        if ProcessInfo.processInfo.environment["CARTOPRESS_UPDATE_GOLDEN"] == "1" { try Data(png).write(to: file) }
        let reference = try PNGDecoder.decode([UInt8](try Data(contentsOf: file)))
        return try #require(ImageDifference.between(try PNGDecoder.decode(png), reference, threshold: threshold), "\(name): the render and the reference differ in size")
    }
}
