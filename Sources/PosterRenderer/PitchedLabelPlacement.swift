import Canvas
import Foundation

/// Symbols on a pitched view. Text set with the style's SDF glyphs is placed in screen space by
/// ``SymbolPlacer`` through this projection (as MapLibre's collision index places it) and passes through
/// ``project(_:)`` untouched. Other labels (FreeType text, icons), placed and collision-tested in the flat
/// layout, are moved whole to where the pitched camera shows their anchor and drawn upright, as a
/// viewport-aligned label looks, scaled as MapLibre's symbol shaders scale viewport-pitched symbols:
/// by clamp(0.5 + 0.5 · cameraToCenterDistance / depth, 0, 4), larger near the eye. FreeType text that lies
/// on the ground (text along lines by default, `text-pitch-alignment: map`) is projected glyph by glyph,
/// each under the ground's local stretch where it stands; text along lines facing the viewer was laid
/// along the line's projection by the placer and stays where it is. Icons in the map's plane are laid on
/// the ground.
struct PitchedLabelPlacement {
    /// Flat layout → output pixels.
    let groundToScreen: DeviceTransform
    /// The flat layout's centre, about which the preparer turned the labels by the bearing.
    let flatCenter: (x: Double, y: Double)
    let bearing: Double
    /// The eye's distance from the centre (device px): the depth at which labels keep their size.
    let cameraToCenterDistance: Double
    /// The output's frame, in the coordinates `groundToScreen` maps to: text with the style's glyphs is
    /// placed here, in screen space, as MapLibre's collision index places it.
    var screen = PixelRect.empty
    /// The camera's pitch, radians.
    var pitch = 0.0

    /// The point on the ground (flat layout, unturned) of a point in the preparer's turned layout.
    func ground(_ point: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let angle = bearing * .pi / 180
        let c = cos(angle), s = sin(angle)
        let dx = point.x - flatCenter.x, dy = point.y - flatCenter.y
        return (flatCenter.x + dx * c - dy * s, flatCenter.y + dx * s + dy * c)
    }

    /// The viewport's x axis on the ground (unit vector in the flat layout).
    var viewportEastOnGround: (x: Double, y: Double) {
        let angle = bearing * .pi / 180
        return (cos(angle), sin(angle))
    }

    /// A ground point's depth from the eye (device px; not positive behind it).
    func depth(_ ground: (x: Double, y: Double)) -> Double {
        groundToScreen.wx * ground.x + groundToScreen.wy * ground.y + groundToScreen.w0
    }

    /// Where a ground point shows on the output.
    func screenPoint(_ ground: (x: Double, y: Double)) -> (x: Double, y: Double) {
        groundToScreen.apply(x: ground.x, y: ground.y)
    }

    /// The ground's local stretch on the output at a ground point, for a shape laid out in the preparer's
    /// turned layout: the turn back by the bearing, then the derivative of the projection there.
    func plane(at ground: (x: Double, y: Double)) -> DeviceTransform {
        let m = groundToScreen
        let w = m.wx * ground.x + m.wy * ground.y + m.w0
        let p = m.apply(x: ground.x, y: ground.y)
        // d(X/w) = (dX − (X/w) dw) / w, and the same for Y.
        let jacobian = DeviceTransform(xx: (m.xx - m.wx * p.x) / w, yx: (m.yx - m.wx * p.y) / w,
                                       xy: (m.xy - m.wy * p.x) / w, yy: (m.yy - m.wy * p.y) / w, x0: 0, y0: 0)
        let angle = bearing * .pi / 180
        let turn = DeviceTransform(xx: cos(angle), yx: sin(angle), xy: -sin(angle), yy: cos(angle), x0: 0, y0: 0)
        return jacobian.concatenating(turn)
    }

    /// MapLibre's perspective ratio of a viewport-facing symbol at `depth`: 0.5 + 0.5 · cameraToCenterDistance / depth.
    func perspectiveRatio(_ depth: Double) -> Double { 0.5 + 0.5 * cameraToCenterDistance / depth }

    /// How much wider MapLibre's SDF edge is for a symbol lying on the ground at `depth`:
    /// depth / (cos pitch · cameraToCenterDistance).
    func groundGammaScale(_ depth: Double) -> Double { depth / (cos(pitch) * cameraToCenterDistance) }

    /// Steps of the perspective scale FreeType labels are set at: 24 to a doubling, 2.9% apart.
    static let scaleStepsPerOctave = 24.0

    /// `scale` rounded to the nearest of ``scaleStepsPerOctave`` geometric steps.
    static func quantisedScale(_ scale: Double) -> Double {
        guard scale > 0 else { return scale }
        return exp2((log2(scale) * scaleStepsPerOctave).rounded() / scaleStepsPerOctave)
    }

    /// `labels` moved to their projected anchors: an icon's anchor, or the middle of a text's bounds.
    /// Labels whose anchor is behind the eye are dropped.
    func project(_ labels: [PlacedLabel]) -> [PlacedLabel] {
        let angle = bearing * .pi / 180
        let c = cos(angle), s = sin(angle)
        return labels.compactMap { label in
            if label.sdfText?.projected == true { return label }
            let anchor: (x: Double, y: Double) = label.icon?.anchor ?? ((label.bounds.minX + label.bounds.maxX) / 2, (label.bounds.minY + label.bounds.maxY) / 2)
            // Undo the preparer's turn about the flat centre to find the anchor on the ground.
            let dx = anchor.x - flatCenter.x, dy = anchor.y - flatCenter.y
            let ground = (flatCenter.x + dx * c - dy * s, flatCenter.y + dx * s + dy * c)
            let m = groundToScreen
            guard m.wx * ground.0 + m.wy * ground.1 + m.w0 > 0 else { return nil }
            let depth = m.wx * ground.0 + m.wy * ground.1 + m.w0
            let exact = min(max(0.5 + 0.5 * cameraToCenterDistance / depth, 0), 4)
            // FreeType text is set at a few sizes rather than one per label, so that its halo masks repeat
            // (``GlyphHaloCache``): at most 1.5% from MapLibre's scale, less than a pixel on any label.
            let k = label.sdfText == nil ? Self.quantisedScale(exact) : exact
            let screen = m.apply(x: ground.0, y: ground.1)
            // Every part keeps its place relative to the anchor, scaled by k; halos keep their width, as
            // MapLibre's SDF halo is measured in output pixels.
            func moved(_ x: Double, _ y: Double) -> (x: Double, y: Double) { (screen.x + (x - anchor.x) * k, screen.y + (y - anchor.y) * k) }
            var label = label
            var glyphBounds = PixelRect.empty
            switch label.glyphSpace {
            case .flat:
                for i in label.glyphs.indices {
                    (label.glyphs[i].x, label.glyphs[i].y) = moved(label.glyphs[i].x, label.glyphs[i].y)
                }
                label.size *= k
            case .ground:
                // Each glyph where its origin shows, under the ground's local stretch there.
                var reach = 1.0
                for i in label.glyphs.indices {
                    let at = self.ground((label.glyphs[i].x, label.glyphs[i].y))
                    guard self.depth(at) > 0 else { return nil }
                    let plane = self.plane(at: at)
                    (label.glyphs[i].x, label.glyphs[i].y) = m.apply(x: at.x, y: at.y)
                    label.glyphs[i].plane = plane
                    reach = max(reach, hypot(plane.xx, plane.yx), hypot(plane.xy, plane.yy))
                    glyphBounds.include(x: label.glyphs[i].x, y: label.glyphs[i].y)
                }
                glyphBounds = glyphBounds.insetBy(-2 * label.size * reach)
            case .screen:
                for glyph in label.glyphs { glyphBounds.include(x: glyph.x, y: glyph.y) }
                glyphBounds = glyphBounds.insetBy(-2 * label.size)
            }
            if var text = label.sdfText, !text.onGround {
                // Text with the style's glyphs placed flat (beside an icon) moves and scales with the anchor.
                for i in text.glyphs.indices {
                    let glyph = text.glyphs[i]
                    text.glyphs[i].anchor = moved(glyph.anchor.x, glyph.anchor.y)
                    text.glyphs[i].offset = (glyph.offset.x * k, glyph.offset.y * k)
                    text.glyphs[i].scale *= k
                }
                label.sdfText = text
            }
            let a = moved(label.bounds.minX, label.bounds.minY), b = moved(label.bounds.maxX, label.bounds.maxY)
            label.bounds = PixelRect(minX: a.x, minY: a.y, maxX: b.x, maxY: b.y)
            // Glyphs on the ground or along a projected line reach beyond the anchor's box (used to cull).
            if !label.glyphs.isEmpty && label.glyphSpace != .flat { label.bounds = label.bounds.union(glyphBounds) }
            // MapLibre filters every icon linearly on a pitched view (its `transformed` case).
            label.icon?.style.linear = true
            if var icon = label.icon, icon.style.inMapPlane {
                // Lying on the ground: back in the flat layout, unturned, for the painter to project; sized
                // as MapLibre sizes map-pitched symbols, by clamp(0.5 + 0.5 · depth / cameraToCenterDistance,
                // 0, 4) before the projection shrinks them with distance.
                let g = min(max(0.5 + 0.5 * depth / cameraToCenterDistance, 0), 4)
                icon.anchor = (ground.0 + (icon.anchor.x - anchor.x), ground.1 + (icon.anchor.y - anchor.y))
                icon.box = PixelRect(minX: icon.box.minX * g, minY: icon.box.minY * g, maxX: icon.box.maxX * g, maxY: icon.box.maxY * g)
                icon.angle += angle
                icon.onGround = true
                label.icon = icon
            } else if var icon = label.icon {
                if icon.style.alignedToMap {
                    // Turned with the map but facing the viewer: MapLibre turns it by the screen direction of
                    // the map's east at the anchor (the symbol shader's rotateWithMap && !pitchWithMap case).
                    let east = m.apply(x: ground.0 + 1, y: ground.1)
                    icon.angle += angle + atan2(east.y - screen.y, east.x - screen.x)
                }
                icon.anchor = moved(icon.anchor.x, icon.anchor.y)
                icon.box = PixelRect(minX: icon.box.minX * k, minY: icon.box.minY * k, maxX: icon.box.maxX * k, maxY: icon.box.maxY * k)
                label.icon = icon
            }
            return label
        }
    }
}
