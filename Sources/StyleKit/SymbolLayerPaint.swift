/// Layout and paint of a symbol layer's text (icons are not drawn yet). Sizes are CSS pixels, lengths in
/// ems where the spec says so.
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
    public var textPadding: StyleProperty<Double> = .constant(2)
    public var textAllowOverlap: StyleProperty<Bool> = .constant(false)
    public var textIgnorePlacement: StyleProperty<Bool> = .constant(false)
    public var textOptional: StyleProperty<Bool> = .constant(false)
    public var textKeepUpright: StyleProperty<Bool> = .constant(true)
    /// `point`, `line` or `line-center`.
    public var placement: StyleProperty<String> = .constant("point")
    public var spacing: StyleProperty<Double> = .constant(250)
    public var sortKey: StyleProperty<Double>? = nil
    public var textColor: StyleProperty<StyleColor> = .constant(.black)
    public var textOpacity: StyleProperty<Double> = .constant(1)
    public var textHaloColor: StyleProperty<StyleColor> = .constant(StyleColor(r: 0, g: 0, b: 0, a: 0))
    public var textHaloWidth: StyleProperty<Double> = .constant(0)
    public var textHaloBlur: StyleProperty<Double> = .constant(0)

    public init() {}
}
