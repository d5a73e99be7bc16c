/// One entry of a `variableAnchorOffsetCollection` (`text-variable-anchor-offset`): a text anchor and the
/// offset, in ems, to use with it.
public struct AnchorOffset: Sendable, Hashable {
    public var anchor: String
    public var x: Double
    public var y: Double

    public init(anchor: String, x: Double, y: Double) {
        self.anchor = anchor
        self.x = x
        self.y = y
    }

    static let anchors: Set<String> = ["center", "left", "right", "top", "bottom", "top-left", "top-right", "bottom-left", "bottom-right"]

    /// Reads `[anchor, [x, y], anchor, [x, y], ...]`; nil unless every anchor is known and every offset two numbers.
    static func collection(_ value: StyleValue) -> [AnchorOffset]? {
        if case .anchorOffsets(let offsets) = value { return offsets }
        guard case .array(let items) = value, !items.isEmpty, items.count % 2 == 0 else { return nil }
        var offsets: [AnchorOffset] = []
        for i in stride(from: 0, to: items.count, by: 2) {
            guard case .string(let anchor) = items[i], anchors.contains(anchor), case .array(let offset) = items[i + 1], offset.count == 2,
                  case .number(let x) = offset[0], case .number(let y) = offset[1] else { return nil }
            offsets.append(AnchorOffset(anchor: anchor, x: x, y: y))
        }
        return offsets
    }

    /// The collection as style JSON: `["top", [0, 1], ...]`.
    static func json(_ offsets: [AnchorOffset]) -> StyleValue {
        .array(offsets.flatMap { [.string($0.anchor), .array([.number($0.x), .number($0.y)])] })
    }
}
