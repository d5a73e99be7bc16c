import Testing
@testable import StyleKit

/// Layers are parsed on every core; the style keeps them, and their errors, in the file's order.
@Suite struct LayerOrderTests {
    @Test func layersAndTheirErrorsStayInTheFilesOrder() throws {
        var layers: [String] = []
        for i in 0..<300 {
            switch i {
            case 17: layers.append(#"{"id": "l17", "type": "line", "source": "nowhere"}"#)
            case 120: layers.append(#"{"id": "l5", "type": "fill", "source": "s", "source-layer": "x"}"#)
            case 121: layers.append(#"{"id": "l121", "type": "line", "source": "s", "paint": {"line-width": "wide"}}"#)
            case 250: layers.append(#"{"type": "fill", "source": "s"}"#)
            default: layers.append(#"{"id": "l\#(i)", "type": "\#(i % 2 == 0 ? "line" : "fill")", "source": "s", "source-layer": "x"}"#)
            }
        }
        let json = #"{"version": 8, "sources": {"s": {"type": "vector", "tiles": ["x/{z}/{x}/{y}"]}}, "layers": [\#(layers.joined(separator: ","))]}"#
        let (style, errors) = Style.parseCollectingErrors(Array(json.utf8), fileName: "order.json")
        #expect(errors.map(\.path) == ["layers[17].source", "layers[120].id", "layers[121].paint.line-width", "layers[250].id"])
        // The duplicate and the layer without an id are left out; every other layer keeps its place.
        let ids = try #require(style).layers.map(\.id)
        #expect(ids.count == 298)
        #expect(ids.prefix(6) == ["l0", "l1", "l2", "l3", "l4", "l5"])
        #expect(ids.firstIndex(of: "l121") == 120 && ids.last == "l299")
    }
}
