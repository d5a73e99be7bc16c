/// Layout and paint of a symbol layer's text and icon. Sizes are CSS pixels, lengths in ems where the spec
/// says so.
public struct SymbolLayerPaint: Sendable {
    public var textField: StyleProperty<FormattedText>? = nil
    /// Whether `text-field` was a literal string, whose `{tokens}` are replaced per feature.
    public var textFieldIsTokenString = false
    public var textFont: StyleProperty<StringArray> = .constant(StringArray(["Open Sans Regular", "Arial Unicode MS Regular"]))
    public var textSize: StyleProperty<Double> = .constant(16)
    /// `none`, `uppercase` or `lowercase`.
    public var textTransform: StyleProperty<String> = .constant("none")
    public var textLetterSpacing: StyleProperty<Double> = .constant(0)
    public var textLineHeight: StyleProperty<Double> = .constant(1.2)
    public var textMaxWidth: StyleProperty<Double> = .constant(10)
    public var textAnchor: StyleProperty<String> = .constant("center")
    public var textOffset: StyleProperty<NumberPair> = .constant(NumberPair([0, 0]))
    public var textRadialOffset: StyleProperty<Double> = .constant(0)
    /// `auto`, `left`, `center` or `right`.
    public var textJustify: StyleProperty<String> = .constant("center")
    public var textMaxAngle: StyleProperty<Double> = .constant(45)
    /// `text-rotate`, degrees clockwise.
    public var textRotate: StyleProperty<Double> = .constant(0)
    public var textPadding: StyleProperty<Double> = .constant(2)
    public var textAllowOverlap: StyleProperty<Bool> = .constant(false)
    public var textIgnorePlacement: StyleProperty<Bool> = .constant(false)
    public var textOptional: StyleProperty<Bool> = .constant(false)
    public var textKeepUpright: StyleProperty<Bool> = .constant(true)
    /// `point`, `line` or `line-center`.
    public var placement: StyleProperty<String> = .constant("point")
    public var spacing: StyleProperty<Double> = .constant(250)
    public var sortKey: StyleProperty<Double>? = nil
    /// `symbol-z-order`: `auto`, `viewport-y` or `source`.
    public var zOrder: StyleProperty<String> = .constant("auto")
    public var textColor: StyleProperty<StyleColor> = .constant(.black)
    public var textOpacity: StyleProperty<Double> = .constant(1)
    public var textHaloColor: StyleProperty<StyleColor> = .constant(StyleColor(r: 0, g: 0, b: 0, a: 0))
    public var textHaloWidth: StyleProperty<Double> = .constant(0)
    public var textHaloBlur: StyleProperty<Double> = .constant(0)
    /// `text-overlap` (`never`, `always`, `cooperative`); when set it overrides `text-allow-overlap`.
    public var textOverlap: StyleProperty<String>? = nil

    /// `icon-image`: the sprite image drawn at the anchor (none when nil or empty).
    public var iconImage: StyleProperty<ImageName>? = nil
    /// Whether `icon-image` was a literal string, whose `{tokens}` are replaced per feature.
    public var iconImageIsTokenString = false
    /// Scales the image (and `icon-offset`).
    public var iconSize: StyleProperty<Double> = .constant(1)
    /// Degrees clockwise.
    public var iconRotate: StyleProperty<Double> = .constant(0)
    public var iconAnchor: StyleProperty<String> = .constant("center")
    /// Pixels right and down, times `icon-size`.
    public var iconOffset: StyleProperty<NumberPair> = .constant(NumberPair([0, 0]))
    public var iconPadding: StyleProperty<Double> = .constant(2)
    /// `none`, `width`, `height` or `both`: the icon stretched around the text.
    public var iconTextFit: StyleProperty<String> = .constant("none")
    /// Top, right, bottom, left, in pixels, around the text the icon is fitted to.
    public var iconTextFitPadding: StyleProperty<NumberQuad> = .constant(NumberQuad([0, 0, 0, 0]))
    public var iconAllowOverlap: StyleProperty<Bool> = .constant(false)
    public var iconIgnorePlacement: StyleProperty<Bool> = .constant(false)
    public var iconOptional: StyleProperty<Bool> = .constant(false)
    /// `icon-overlap` (`never`, `always`, `cooperative`); when set it overrides `icon-allow-overlap`.
    public var iconOverlap: StyleProperty<String>? = nil
    /// `map`, `viewport` or `auto` (`map` for line placement, `viewport` otherwise).
    public var iconRotationAlignment: StyleProperty<String> = .constant("auto")
    /// `map`, `viewport` or `auto` (as `icon-rotation-alignment`).
    public var iconPitchAlignment: StyleProperty<String> = .constant("auto")
    public var iconKeepUpright: StyleProperty<Bool> = .constant(false)
    public var iconColor: StyleProperty<StyleColor> = .constant(.black)
    public var iconOpacity: StyleProperty<Double> = .constant(1)
    public var iconHaloColor: StyleProperty<StyleColor> = .constant(StyleColor(r: 0, g: 0, b: 0, a: 0))
    public var iconHaloWidth: StyleProperty<Double> = .constant(0)
    public var iconHaloBlur: StyleProperty<Double> = .constant(0)
    public var iconTranslate: StyleProperty<NumberPair> = .constant(NumberPair([0, 0]))
    public var iconTranslateAnchor: StyleProperty<String> = .constant("map")
    public var textTranslate: StyleProperty<NumberPair> = .constant(NumberPair([0, 0]))
    public var textTranslateAnchor: StyleProperty<String> = .constant("map")

    public init() {}
}
