/// One part of an icon's image and where it goes: `destination` about the icon's anchor (device pixels,
/// before the icon turns), `source` in image pixels (it may reach one pixel past the image, into the
/// transparent border MapLibre's atlas keeps around every image).
struct IconPiece: Sendable, Equatable {
    var destination: PixelRect
    var source: PixelRect
}

/// An icon fitted to its text cut as MapLibre's `getIconQuads` cuts a stretchable image: the image is
/// split at its stretch zones into fixed and stretching columns and rows; fixed parts keep their size in
/// CSS pixels, stretching parts share what is left of the box. Where the box is too small for the fixed
/// parts, the whole icon grows about its anchor until they fit (the shader's `max(minFontScale, size)`).
/// With a `content` box, that part of the image (not the whole image) fills the box.
enum IconPieces {
    /// The pieces of `style`'s image over `box` (the icon's box about its anchor, device pixels).
    static func pieces(_ style: IconStyle, box: PixelRect) -> [IconPiece] {
        let image = style.image
        let width = Double(image.surface.width), height = Double(image.surface.height)
        // Unstretched, the image and its atlas border (one texel, scaled with the image) cover the box and
        // a little more: a filtered image fades out over the border, as MapLibre's padded quad draws it.
        let bx = box.width / max(width, 1), by = box.height / max(height, 1)
        let whole = IconPiece(destination: PixelRect(minX: box.minX - bx, minY: box.minY - by, maxX: box.maxX + bx, maxY: box.maxY + by),
                              source: PixelRect(minX: -1, minY: -1, maxX: width + 1, maxY: height + 1))
        guard style.textFit != "none", image.isStretchable, width > 0, height > 0, box.width > 0, box.height > 0 else { return [whole] }
        // Image pixels → device pixels for the fixed parts.
        let scale = style.pixelRatio / image.pixelRatio
        let content = image.content
        let xs = Axis(zones: image.stretchX, size: width, content: content.map { ($0.minX, $0.maxX) },
                      boxStart: box.minX, boxLength: box.width, scale: scale)
        let ys = Axis(zones: image.stretchY, size: height, content: content.map { ($0.minY, $0.maxY) },
                      boxStart: box.minY, boxLength: box.height, scale: scale)
        var pieces: [IconPiece] = []
        for i in 0..<(xs.cuts.count - 1) {
            for j in 0..<(ys.cuts.count - 1) {
                let (left, right) = (xs.cuts[i], xs.cuts[i + 1]), (top, bottom) = (ys.cuts[j], ys.cuts[j + 1])
                let destination = PixelRect(minX: xs.position(left), minY: ys.position(top), maxX: xs.position(right), maxY: ys.position(bottom))
                let source = PixelRect(minX: left.fixed + left.stretch, minY: top.fixed + top.stretch,
                                       maxX: right.fixed + right.stretch, maxY: bottom.fixed + bottom.stretch)
                guard destination.width > 0, destination.height > 0, source.width > 0, source.height > 0 else { continue }
                pieces.append(IconPiece(destination: destination, source: source))
            }
        }
        return pieces.isEmpty ? [whole] : pieces
    }

    /// A cut between pieces: how far into the image it lies in fixed and in stretching pixels.
    struct Cut: Equatable {
        var fixed: Double
        var stretch: Double
    }

    /// One direction of the image: its cuts, and where each lands on the page.
    struct Axis {
        var cuts: [Cut] = []
        private var stretchLength = 1.0, fixedLength = 0.0
        private var stretchOffset = 0.0, stretchContent = 1.0, fixedOffset = 0.0, fixedContent = 0.0
        private var boxStart = 0.0, boxLength = 0.0, scale = 1.0, grow = 1.0

        init(zones: [ClosedRange<Double>], size: Double, content: (Double, Double)?, boxStart: Double, boxLength: Double, scale: Double) {
            var zones = zones
            if zones.reduce(0, { $0 + $1.upperBound - $1.lowerBound }) <= 0 { zones = [0...size] }
            stretchLength = zones.reduce(0) { $0 + $1.upperBound - $1.lowerBound }
            fixedLength = size - stretchLength
            stretchContent = stretchLength
            fixedContent = fixedLength
            if let (from, to) = content {
                stretchOffset = Self.stretched(zones, from: 0, to: from)
                stretchContent = Self.stretched(zones, from: from, to: to)
                fixedOffset = from - stretchOffset
                fixedContent = to - from - stretchContent
            }
            self.boxStart = boxStart
            self.boxLength = boxLength
            self.scale = scale
            // The stretching part grows with the box (never below the fixed parts' share); the fixed parts
            // are measured in device pixels.
            grow = max(fixedContent * scale / boxLength, 1)
            // The atlas's one-pixel transparent border on either side.
            cuts = [Cut(fixed: -1, stretch: 0)]
            for zone in zones {
                let last = cuts[cuts.count - 1]
                cuts.append(Cut(fixed: zone.lowerBound - last.stretch, stretch: last.stretch))
                cuts.append(Cut(fixed: zone.lowerBound - last.stretch, stretch: last.stretch + zone.upperBound - zone.lowerBound))
            }
            cuts.append(Cut(fixed: fixedLength + 1, stretch: stretchLength))
        }

        /// Where a cut lands about the anchor, device pixels.
        func position(_ cut: Cut) -> Double {
            let em = stretchContent > 0 ? (cut.stretch - stretchOffset) / stretchContent * boxLength + boxStart : boxStart
            let px = cut.fixed - fixedOffset - fixedContent * cut.stretch / stretchLength
            return em * grow + px * scale
        }

        /// How many stretching pixels lie between `from` and `to`.
        static func stretched(_ zones: [ClosedRange<Double>], from: Double, to: Double) -> Double {
            zones.reduce(0) { sum, zone in
                sum + max(from, min(to, zone.upperBound)) - max(from, min(to, zone.lowerBound))
            }
        }
    }
}
