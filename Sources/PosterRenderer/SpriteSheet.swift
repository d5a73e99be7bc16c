public import Canvas
import Foundation

/// A style's sprite: the images of its sheet by name, each with the pixel ratio it was drawn for, as
/// MapLibre reads them from `sprite.json` and `sprite.png` (or their `@2x` versions).
public struct SpriteSheet: Sendable {
    /// One image cut from the sheet.
    public struct Image: Sendable {
        public let surface: ImageSurface
        /// Image pixels per CSS pixel (2 for a sheet drawn for high-density screens).
        public let pixelRatio: Double
        /// A signed distance field in the alpha channel: drawn in `icon-color` with an optional halo.
        public var sdf = false
    }

    public let images: [String: Image]

    /// Sheets merged: MapLibre's multiple sprites (`[{id, url}]`) name the images of every sheet but the
    /// `default` one `<id>:<name>`.
    public init(merging sheets: [(id: String, sheet: SpriteSheet)]) {
        var images: [String: Image] = [:]
        for (id, sheet) in sheets {
            for (name, image) in sheet.images { images[id == "default" ? name : "\(id):\(name)"] = image }
        }
        self.images = images
    }

    /// Cuts the images that `index` (the sprite JSON: name → x, y, width, height, pixelRatio) places on
    /// `sheet`. Entries that are malformed or reach outside the sheet are left out
    /// (MapLibre then draws nothing where they are used).
    public init(index: [UInt8], sheet: ImageSurface) throws(PosterRenderError) {
        guard let json = try? JSONSerialization.jsonObject(with: Data(index)) as? [String: Any] else {
            throw PosterRenderError("the sprite index is not a JSON object of images")
        }
        var images: [String: Image] = [:]
        for (name, value) in json {
            guard let entry = value as? [String: Any],
                  let x = (entry["x"] as? NSNumber)?.intValue, let y = (entry["y"] as? NSNumber)?.intValue,
                  let width = (entry["width"] as? NSNumber)?.intValue, let height = (entry["height"] as? NSNumber)?.intValue,
                  let surface = try? sheet.cropped(x: x, y: y, width: width, height: height) else { continue }
            let ratio = (entry["pixelRatio"] as? NSNumber)?.doubleValue ?? 1
            images[name] = Image(surface: surface, pixelRatio: ratio.isFinite && ratio > 0 ? ratio : 1, sdf: (entry["sdf"] as? Bool) ?? false)
        }
        self.images = images
    }
}
