import Canvas
import Foundation
import Geo
import PosterRenderer
import Testing
@testable import RenderService

/// The layout fields of a poster request reach the renderer's design as typed values, parsed once, and the
/// queued payload decodes to exactly the request that was parsed.
@Suite struct LayoutRequestTests {
    let parser = PosterRequestParser(limits: RequestLimits(ServiceConfiguration()), styles: ["minimal": []], toggles: ["minimal": ["buildings", "streets", "water", "parks", "labels", "boundaries"]])

    func parse(_ json: String) throws -> PosterOrder { try parser.parse(Array(json.utf8)) }

    @Test func layoutFieldsBecomeTheDesign() throws {
        let order = try parse(#"""
        {"location": {"lat": 60.17, "lng": 24.94},
         "text": {"title": "Helsinki", "position": "top", "backdrop": "gradient", "title_font": "eb garamond",
                  "title_weight": "regular", "title_size": 1.5, "title_letter_spacing": 0.1, "all_caps": false},
         "format": {"aspect_ratio": "iso_a", "orientation": "landscape", "margin": 4, "border": "double", "mask": "circle"},
         "overlays": {"markers": [{"lat": 60.1699, "lng": 24.9384, "shape": "heart", "label": "Koti", "color": "#C0392B", "size": 6}]}}
        """#)
        let design = order.poster.spec.design
        #expect(design.textPosition == .top && design.backdrop == .gradient && design.border == .double && design.mask == .circle)
        #expect(design.titleFamily == "EB Garamond" && design.titleWeight == .regular && design.titleScale == 1.5)
        #expect(design.titleLetterSpacing == 0.1 && !design.titleAllCaps && design.margin == 0.04)
        #expect(design.markers.count == 1)
        #expect(design.markers[0].shape == .heart && design.markers[0].label == "Koti" && design.markers[0].size == 0.06)
        #expect(design.markers[0].color == RGBAColor(hex: 0xC0392B))
        // ISO A in landscape: √2 : 1 on a 3600 px long side.
        #expect(order.poster.spec.width == 3600 && order.poster.spec.height == 2546)
    }

    @Test func cartoArtsISOIsISOAPaper() throws {
        for name in ["ISO", "iso", "ISO_A", "a4"] {
            let spec = try parse(#"{"location": {"lat": 60, "lng": 24}, "format": {"aspect_ratio": "\#(name)"}}"#).poster.spec
            #expect(spec.width == 2546 && spec.height == 3600, "\(name)")
        }
    }

    @Test func theSeedsBooleanBorderIsAThinOne() throws {
        #expect(try parse(#"{"location": {"lat": 60, "lng": 24}, "format": {"border": true}}"#).poster.spec.design.border == .thin)
        #expect(try parse(#"{"location": {"lat": 60, "lng": 24}, "format": {"border": false, "mask": "none"}}"#).poster.spec.design == .standard)
    }

    @Test func anOrderWithoutLayoutHasTheStandardDesign() throws {
        let order = try parse(#"{"location": {"lat": 60.17, "lng": 24.94}}"#)
        #expect(order.poster.spec.design == .standard)
        #expect(order.poster.spec.center == LngLat(lng: 24.94, lat: 60.17) && order.poster.spec.zoom == 12)
        #expect(order.poster.format == .png && order.priority == .normal && order.poster.spec.width == 2400 && order.poster.spec.height == 3600)
    }

    @Test func colourFormatAndPriorityArriveTyped() throws {
        let order = try parse(#"""
        {"location": {"lat": 60.17, "lng": 24.94}, "text": {"color": "#fA0"}, "output": {"format": "pdf"}, "priority": "high"}
        """#)
        #expect(order.poster.spec.design.textColor == RGBAColor(hex: 0xFFAA00))
        #expect(order.poster.format == .pdf && order.priority == .high)
    }

    @Test func theQueuedPayloadDecodesToTheParsedRequest() throws {
        let order = try parse(#"""
        {"location": {"lat": 60.17, "lng": 24.94}, "style": "minimal", "options": {"buildings": false},
         "text": {"title": "Helsinki", "color": "#c0392b", "position": "center", "title_weight": "bold"},
         "camera": {"zoom": 13.5, "bearing": 30}, "format": {"margin": 3, "border": "inset"},
         "overlays": {"markers": [{"lat": 60.17, "lng": 24.94, "shape": "ring", "color": "#123"}]},
         "bounds": {"west": 24.9, "south": 60.1, "east": 25.0, "north": 60.2}, "priority": "low"}
        """#)
        let payload = order.canonicalJSON()
        #expect(try PosterOrder.decode(payload) == order)
        // The tiles to read are the service's, never the payload's.
        #expect(!payload.contains("tilesPath"))
        // Equal requests encode to equal bytes (idempotency keys compare payloads).
        #expect(try parse(#"{"location": {"lat": 60.17, "lng": 24.94}}"#).canonicalJSON() == parse(#"{"location": {"lng": 24.94, "lat": 60.17}}"#).canonicalJSON())
    }

    @Test func aJobQueuedByAnEarlierVersionStillDecodes() throws {
        // The flat payload versions before PosterRequest queued, as their canonical JSON wrote it.
        let old = #"""
        {"bearing":0,"dpi":300,"format":"pdf","height":3600,"lat":60.17,"layout":{"border":"double","markers":[{"color":"#c0392b","label":"Koti","lat":60.1699,"lng":24.9384,"shape":"heart","size":6}]},"lng":24.94,"margin":4,"options":{"buildings":false},"owner":"cp_abc","palette":"ink","pixelRatio":2,"priority":"high","showCoordinates":true,"showSubtitle":true,"showTitle":true,"style":"minimal","subtitle":"","textColor":"#112233","timeoutMilliseconds":120000,"title":"Helsinki","webhookURL":"https://example.com/hook","width":2400,"zoom":12}
        """#
        let parser = PosterRequestParser(limits: RequestLimits(ServiceConfiguration()), styles: ["minimal": ["ink"]], toggles: ["minimal": ["buildings", "streets", "water", "parks", "labels", "boundaries"]])
        var expected = try parser.parse(Array(#"""
        {"location": {"lat": 60.17, "lng": 24.94}, "style": "minimal", "palette": "ink", "options": {"buildings": false},
         "text": {"title": "Helsinki", "color": "#112233"}, "format": {"margin": 4, "border": "double"}, "output": {"format": "pdf"},
         "overlays": {"markers": [{"lat": 60.1699, "lng": 24.9384, "shape": "heart", "label": "Koti", "color": "#c0392b", "size": 6}]},
         "priority": "high", "webhook_url": "https://example.com/hook"}
        """#.utf8))
        expected.owner = "cp_abc"
        #expect(try PosterOrder.decode(old) == expected)
        // A value today's request does not know fails the decode, never silently defaults.
        #expect(throws: (any Error).self) { try PosterOrder.decode(old.replacingOccurrences(of: #""priority":"high""#, with: #""priority":"urgent""#)) }
    }

    @Test func optionsAreAppliedDrawnOrRefusedNeverIgnored() throws {
        let order = try parse(#"""
        {"location": {"lat": 60.17, "lng": 24.94}, "options": {"buildings": false, "labels": true, "pois": false, "marker": true}}
        """#)
        // Style toggles pass on; carto-art's pois switched off has nothing to hide; marker pins the centre.
        #expect(order.poster.toggles == ["buildings": false, "labels": true])
        #expect(order.poster.spec.design.markers == [PosterDesign.Marker(position: LngLat(lng: 24.94, lat: 60.17))])
        let refused = #expect(throws: APIError.self) { try parse(#"{"location": {"lat": 60, "lng": 24}, "options": {"population": true}}"#) }
        #expect(refused?.code == .unsupported && refused?.details.first?.field == "options.population")
        // An option the style does not have is ignored, as carto-art ignores it, and named.
        let unknown = try parse(#"{"location": {"lat": 60, "lng": 24}, "options": {"bridges": true}}"#)
        #expect(unknown.poster.toggles.isEmpty)
        #expect(unknown.warnings?.first?.hasPrefix("options.bridges: is not an option of style \"minimal\"") == true)
    }

    @Test func carto_artsTitleFamiliesAreOffered() throws {
        for (asked, family) in [("bebas neue", "Bebas Neue"), ("Montserrat", "Montserrat"), ("jetbrains mono", "JetBrains Mono"), ("Spectral", "Spectral")] {
            let order = try parse(#"{"location": {"lat": 60, "lng": 24}, "text": {"title_font": "\#(asked)", "title_weight": "bold"}}"#)
            #expect(order.poster.spec.design.titleFamily == family && order.poster.spec.design.titleWeight == .bold)
        }
        #expect(throws: APIError.self) { try parse(#"{"location": {"lat": 60, "lng": 24}, "text": {"title_font": "IM Fell English"}}"#) }
    }

    @Test func aTitleWeightIsANameOrACSSNumber() throws {
        func weight(_ json: String) throws -> PosterDesign.TitleWeight? {
            try parse(#"{"location": {"lat": 60, "lng": 24}, "text": {"title_weight": \#(json)}}"#).poster.spec.design.titleWeight
        }
        #expect(try weight("800") == .extrabold && weight(#""Bold""#) == .bold && weight(#""semi-bold""#) == .semibold && weight("100.0") == .thin)
        for bad in ["850", "1000", "0", #""heavyish""#] {
            let error = #expect(throws: APIError.self) { try weight(bad) }
            #expect(error?.details.first?.field == "text.title_weight", "\(bad)")
        }
        // Queued as its number; a payload that named it still decodes.
        let order = try parse(#"{"location": {"lat": 60, "lng": 24}, "text": {"title_weight": 800}}"#)
        #expect(order.canonicalJSON().contains(#""titleWeight":800"#))
        #expect(try PosterOrder.decode(order.canonicalJSON().replacingOccurrences(of: #""titleWeight":800"#, with: #""titleWeight":"extrabold""#)) == order)
    }
}

extension LayoutRequestTests {
    @Test func labelLanguageIsAValidatedOption() throws {
        let order = try parse(#"{"location": {"lat": 35.68, "lng": 139.76}, "options": {"label_language": "ja", "buildings": false}}"#)
        #expect(order.poster.labelLanguage?.tag == "ja" && order.poster.toggles == ["buildings": false])
        #expect(try PosterOrder.decode(order.canonicalJSON()) == order)
        for bad in [#""japanese""#, "true", "1", #""""#] {
            let error = #expect(throws: APIError.self) { try parse(#"{"location": {"lat": 0, "lng": 0}, "options": {"label_language": \#(bad)}}"#) }
            #expect(error?.details.first?.field == "options.label_language", "\(bad)")
            #expect(error?.details.first?.reason == "must be a language tag such as ja, zh-Hans or pt-BR, or local (the names as mapped)", "\(bad)")
        }
    }
}
