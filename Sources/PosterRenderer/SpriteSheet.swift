public import Canvas
import StyleKit

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
        /// The columns and rows (image pixels, start to end) that stretch when `icon-text-fit` resizes the
        /// image; the rest keeps its size (MapLibre's `stretchX`, `stretchY`). Empty: the image stretches whole.
        public var stretchX: [ClosedRange<Double>] = []
        public var stretchY: [ClosedRange<Double>] = []
        /// The part of the image (image pixels) that `icon-text-fit` fits to the text (MapLibre's `content`).
        public var content: PixelRect?

        /// Whether `icon-text-fit` cuts the image into fixed and stretching parts.
        var isStretchable: Bool { !stretchX.isEmpty || !stretchY.isEmpty }
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
        // StyleKit's parser, not Foundation's: casting its `Any` values costs a one-off render milliseconds.
        guard case .object(let json)? = try? JSONParser.parse(index) else {
            throw PosterRenderError("the sprite index is not a JSON object of images")
        }
        var images: [String: Image] = [:]
        for (name, value) in json {
            guard case .object(let entry) = value,
                  let x = Self.integer(entry["x"]), let y = Self.integer(entry["y"]),
                  let width = Self.integer(entry["width"]), let height = Self.integer(entry["height"]),
                  let surface = try? sheet.cropped(x: x, y: y, width: width, height: height) else { continue }
            let ratio = Self.number(entry["pixelRatio"]) ?? 1
            let sdf = if case .bool(let flag)? = entry["sdf"] { flag } else { false }
            var image = Image(surface: surface, pixelRatio: ratio.isFinite && ratio > 0 ? ratio : 1, sdf: sdf)
            image.stretchX = Self.zones(entry["stretchX"], within: Double(width))
            image.stretchY = Self.zones(entry["stretchY"], within: Double(height))
            image.content = Self.content(entry["content"], width: Double(width), height: Double(height))
            images[name] = image
        }
        self.images = images
    }

    private static func number(_ value: JSONValue?) -> Double? {
        guard case .number(let number)? = value else { return nil }
        return number
    }

    /// A whole number of pixels; a fraction is cut toward zero, as MapLibre's integer reads of the index do.
    private static func integer(_ value: JSONValue?) -> Int? {
        guard let number = number(value), number.isFinite, abs(number) < 1e9 else { return nil }
        return Int(number)
    }

    /// Stretch zones (`[[from, to], …]`): ordered pairs inside the image, in order. A malformed list is
    /// left out whole, so the image stretches as one piece rather than in pieces nobody asked for.
    private static func zones(_ value: JSONValue?, within size: Double) -> [ClosedRange<Double>] {
        guard case .array(let list)? = value else { return [] }
        var zones: [ClosedRange<Double>] = []
        for item in list {
            guard case .array(let pair) = item, pair.count == 2, let from = number(pair[0]), let to = number(pair[1]) else { return [] }
            guard from.isFinite, to.isFinite, from >= (zones.last?.upperBound ?? 0), from <= to, to <= size else { return [] }
            zones.append(from...to)
        }
        return zones
    }

    /// A content box (`[left, top, right, bottom]`) inside the image, or nil.
    private static func content(_ value: JSONValue?, width: Double, height: Double) -> PixelRect? {
        guard case .array(let list)? = value, list.count == 4 else { return nil }
        let v = list.compactMap { number($0) }
        guard v.count == 4, v.allSatisfy(\.isFinite), v[0] >= 0, v[1] >= 0, v[0] < v[2], v[1] < v[3], v[2] <= width, v[3] <= height else { return nil }
        return PixelRect(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3])
    }
}
