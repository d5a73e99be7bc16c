extension StyleLayer {
    /// The value of one of the colour properties ``Palette/colorProperties`` names; nil where the layer's
    /// type has no such property. The reading side of `setColor`, so that what a palette changed can be
    /// written back into a style document.
    public func colorProperty(_ property: String) -> StyleProperty<StyleColor>? {
        switch property {
        case "background-color": background?.color
        case "fill-color": fill?.color
        case "fill-extrusion-color": fillExtrusion?.color
        case "fill-outline-color": fill?.outlineColor
        case "line-color": line?.color
        case "text-color": symbol?.textColor
        case "text-halo-color": symbol?.textHaloColor
        case "hillshade-shadow-color": hillshade?.shadowColor
        case "hillshade-highlight-color": hillshade?.highlightColor
        case "hillshade-accent-color": hillshade?.accentColor
        case "circle-color": circle?.color
        case "circle-stroke-color": circle?.strokeColor
        default: nil
        }
    }
}
