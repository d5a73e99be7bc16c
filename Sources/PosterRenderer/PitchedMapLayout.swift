import Canvas
import Foundation
import Geo

/// How a pitched map view is drawn: the ground is prepared flat (no bearing, no pitch) in a layout large
/// enough to hold everything the output sees up to MapLibre's far plane, then projected onto the output by
/// the camera's ground-to-screen homography as each layer is painted.
struct PitchedMapLayout {
    /// The flat camera the preparer lays the ground out in: the same centre and zoom, grown to hold the
    /// visible ground, each side keeping the output's parity so raster tiles align as MapLibre aligns them.
    let flatCamera: Camera
    /// The flat layout's area the output sees, grown by `margin` device pixels.
    let flatArea: PixelRect
    /// What the painter needs to project it.
    let view: MapPainter.PitchedView
    /// Moves labels placed flat to their projected anchors.
    let labels: PitchedLabelPlacement
    /// The eye's distance from the centre, device px.
    let cameraToCenterDistance: Double

    /// - Parameter origin: where the output's top-left corner lies in the drawing's user space (a poster's
    ///   map frame); a map view's output is the whole image, (0, 0).
    init(camera: Camera, margin: Double, origin: (x: Double, y: Double) = (0, 0)) {
        let centre = camera.centerWorld, scale = camera.worldScale
        let ground = camera.visibleGroundPolygon().map { ((($0.x - centre.x) * scale), (($0.y - centre.y) * scale)) }
        // Half sizes that hold the ground and the margin, capped so that no layout is absurdly large.
        let limit = 1_000_000.0
        let halfWidth = min(ground.map { abs($0.0) }.max()! + margin, limit)
        let halfHeight = min(ground.map { abs($0.1) }.max()! + margin, limit)
        func side(_ half: Double, parity: Int) -> Int {
            let whole = 2 * Int(half.rounded(.up))
            return whole % 2 == parity % 2 ? whole : whole + 1
        }
        let flat = camera.flat(width: max(side(halfWidth, parity: camera.width), camera.width),
                               height: max(side(halfHeight, parity: camera.height), camera.height))
        flatCamera = flat
        let cx = Double(flat.width) / 2, cy = Double(flat.height) / 2
        var area = PixelRect.empty
        for point in ground { area.include(x: cx + point.0, y: cy + point.1) }
        flatArea = area.insetBy(-margin)
        let m = ProjectiveMatrix(1, 0, origin.x, 0, 1, origin.y, 0, 0, 1).concatenating(camera.groundToScreen(flatCenter: (cx, cy)))
        let matrix = DeviceTransform(xx: m.m00, yx: m.m10, xy: m.m01, yy: m.m11, x0: m.m02, y0: m.m12, wx: m.m20, wy: m.m21, w0: m.m22)
        // Half the depth of the output's bottom row: geometry nearer the eye never reaches the output, and
        // the cut is far enough behind it that lines extruded from it stay in front.
        let d = camera.cameraToCenterDistance, p = camera.effectivePitch * .pi / 180
        cameraToCenterDistance = d
        let cosine: Double = cos(p), sine: Double = sin(p)
        let bottomDepth: Double = d * d * cosine / (d * cosine + sine * Double(camera.height) / 2)
        view = MapPainter.PitchedView(groundToScreen: matrix, flatArea: flatArea,
                                      firstGroundRow: Int((camera.firstGroundRow + origin.y - 0.5).rounded(.up)),
                                      minimumDepth: bottomDepth / 2,
                                      prisms: PrismProjection.Tilted(flatCenter: (cx, cy), bearing: camera.bearing, pitch: camera.effectivePitch,
                                                                     distance: d, screenMiddle: (origin.x + Double(camera.width) / 2,
                                                                                                 origin.y + Double(camera.height) / 2)))
        labels = PitchedLabelPlacement(groundToScreen: matrix, flatCenter: (cx, cy), bearing: camera.bearing, cameraToCenterDistance: d,
                                       screen: PixelRect(x: origin.x, y: origin.y, width: Double(camera.width), height: Double(camera.height)),
                                       pitch: p)
    }

    /// Circles sized and placed as MapLibre's circle program sizes them on a pitched view. Facing the
    /// viewer (`circle-pitch-alignment: viewport`) they move to their projected centres, sized by
    /// cameraToCenterDistance / depth with `circle-pitch-scale: map` (smaller far away) and kept at their
    /// flat size with `viewport`; the painter draws them on the output as they are. Lying on the ground
    /// (`map`) they stay in the flat layout, grown by depth / cameraToCenterDistance with `viewport` so that
    /// their projection keeps its size, and the painter projects them (``GroundCircleRasterizer``).
    /// Circles behind the eye are dropped.
    func projected(_ circles: [PlacedCircle]) -> [PlacedCircle] {
        let m = view.groundToScreen
        return circles.compactMap { circle in
            let depth = m.wx * circle.x + m.wy * circle.y + m.w0
            guard depth > view.minimumDepth else { return nil }
            if circle.liesOnGround {
                guard !circle.scalesWithMap else { return circle }
                var grown = circle
                grown.radius *= depth / cameraToCenterDistance
                grown.strokeWidth *= depth / cameraToCenterDistance
                return grown
            }
            let centre = m.apply(x: circle.x, y: circle.y)
            let k = circle.scalesWithMap ? cameraToCenterDistance / depth : 1
            var moved = circle
            (moved.x, moved.y) = centre
            moved.radius *= k
            moved.strokeWidth *= k
            return moved
        }
    }

    /// The prepared layers a pitched view can draw; the others are left out with a warning each.
    /// Ground-plane layers (background colour and pattern, fill and fill pattern, line, raster, hillshade, image
    /// sources, heatmaps) are drawn;
    /// symbols are placed on the screen, moved to their projected anchors or laid on the ground
    /// (``PitchedLabelPlacement``), and circles to their projected centres (``projected(_:)``).
    func drawable(_ layers: [PreparedLayer], warnings: MapPreparer.Warnings) -> [PreparedLayer] {
        func skip(_ id: String, _ what: String) {
            warnings.add("layer \"\(id)\": \(what) is not drawn at a pitch yet")
        }
        return layers.compactMap { layer in
            switch layer {
            case .background, .backgroundPattern, .fill, .line, .raster, .image, .heatmap:
                return layer
            case .symbols(let id, let placed):
                guard !placed.isEmpty else { return nil }
                return .symbols(id: id, labels: labels.project(placed))
            case .circles(let id, let circles):
                guard !circles.isEmpty else { return nil }
                return .circles(id: id, circles: projected(circles))
            case .extrusions(let id, let extrusions):
                // Prisms are drawn through the tilted camera; tops alone (a PDF) have no view here.
                if extrusions.drawsWalls { return layer }
                skip(id, "a fill-extrusion layer in a PDF")
            }
            return nil
        }
    }
}
