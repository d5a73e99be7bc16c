import Canvas

/// Icons as pictures for vector output (PDF), where there are no device pixels to shade: a plain image is
/// itself; a signed-distance-field image is thresholded at its own resolution into the colour (or halo)
/// it prints in, with the same cut-offs as ``IconRasterizer``.
enum IconPicture {
    static func image(for style: IconStyle, pass: IconRasterizer.Pass) -> ImageSurface? {
        let source = style.image
        guard source.sdf else { return pass == .fill ? source.surface : nil }
        if pass == .halo && (style.haloWidth <= 0 || style.haloColor.alpha <= 0) { return nil }
        let width = source.surface.width, height = source.surface.height
        guard let picture = try? ImageSurface(width: width, height: height) else { return nil }
        let shading = IconRasterizer.sdfShading(style, pass: pass)
        let color = pass == .halo ? style.haloColor : style.color
        let opacity = min(max(style.opacity, 0), 1)
        let sourceStride = source.surface.stride, stride = picture.stride
        source.surface.withPixels { input in
            picture.withMutablePixels { output in
                for y in 0..<height {
                    for x in 0..<width {
                        let distance = Double(input.load(fromByteOffset: y * sourceStride + x * 4, as: UInt32.self) >> 24) / 255
                        let alpha = IconRasterizer.coverage(shading, distance) * color.alpha * opacity
                        let word = PremultipliedPixel.pack((color.red * alpha, color.green * alpha, color.blue * alpha, alpha))
                        output.storeBytes(of: word, toByteOffset: y * stride + x * 4, as: UInt32.self)
                    }
                }
            }
        }
        return picture
    }

    /// `picture` (the icon's image, or its thresholded SDF) cut into the icon's pieces (``IconPieces``), each
    /// with the corners it covers on the page. A piece's transparent border is left out: it has no texels.
    static func pieces(of picture: ImageSurface, _ icon: PlacedIcon) -> [(ImageSurface, [(x: Double, y: Double)])] {
        let pieces = IconPieces.pieces(icon.style, box: icon.box)
        guard pieces.count > 1 else { return [(picture, icon.corners)] }
        let width = Double(picture.width), height = Double(picture.height)
        return pieces.compactMap { piece in
            let source = piece.source, box = piece.destination
            let x0 = max(source.minX, 0).rounded(), y0 = max(source.minY, 0).rounded()
            let x1 = min(source.maxX, width).rounded(), y1 = min(source.maxY, height).rounded()
            guard x1 > x0, y1 > y0,
                  let part = try? picture.cropped(x: Int(x0), y: Int(y0), width: Int(x1 - x0), height: Int(y1 - y0)) else { return nil }
            // The cropped texels' place inside the piece's destination.
            let kx = box.width / source.width, ky = box.height / source.height
            var area = icon
            area.box = PixelRect(minX: box.minX + (x0 - source.minX) * kx, minY: box.minY + (y0 - source.minY) * ky,
                                 maxX: box.minX + (x1 - source.minX) * kx, maxY: box.minY + (y1 - source.minY) * ky)
            return (part, area.corners)
        }
    }
}
