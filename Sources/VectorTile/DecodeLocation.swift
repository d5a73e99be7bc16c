/// Where in a tile a decoder is, for error messages. Kept as numbers and a shared layer name and turned into
/// text only when an error is thrown: decoding a feature must not build a string per feature.
enum DecodeLocation: Sendable, CustomStringConvertible {
    case tile
    case layer(index: Int)
    case value(layer: Int, index: Int)
    case feature(layer: String, index: Int)

    var description: String {
        switch self {
        case .tile: "tile"
        case .layer(let index): "layer #\(index)"
        case .value(let layer, let index): "layer #\(layer) value #\(index)"
        case .feature(let layer, let index): "layer \"\(layer)\" feature \(index)"
        }
    }
}
