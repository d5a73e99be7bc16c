/// The name of a sprite image, as `icon-image` (MapLibre's `resolvedImage` type) evaluates to: a string,
/// or the value of an `image` expression. An empty name means no image.
public struct ImageName: StylePropertyType {
    public var name: String
    public init(_ name: String) { self.name = name }

    public static func literal(_ json: JSONValue) -> ImageName? {
        if case .string(let v) = json { return ImageName(v) }
        return nil
    }
    public static func value(_ value: StyleValue) -> ImageName? {
        switch value {
        case .string(let v): ImageName(v)
        // An `image` expression's value names the image it resolved.
        case .image(let image): ImageName(image.name)
        case .null: ImageName("")
        default: nil
        }
    }
    public static func interpolate(_ a: ImageName, _ b: ImageName, _ t: Double) -> ImageName { t < 1 ? a : b }
    public static var interpolatable: Bool { false }
    public static var expectation: String { "an image name" }
    public static var expressionType: ExpressionType { .resolvedImage }
    public static func json(_ value: ImageName) -> JSONValue { .string(value.name) }
}
