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
}
