import Foundation
import Testing
@testable import RenderService

/// What carto-art accepts is accepted here too, and what is not used as sent is said in `warnings`
/// (answered and logged) instead of refused or silently dropped.
@Suite struct LenientRequestTests {
    let parser = PosterRequestParser(limits: RequestLimits(ServiceConfiguration()), styles: ["minimal": ["minimal-ink"], "dark-mode": ["dark-gold"]],
                                     toggles: ["minimal": ["buildings", "streets"], "dark-mode": ["buildings", "streets"]])

    func parse(_ json: String) throws -> PosterOrder { try parser.parse(Array(json.utf8)) }

    @Test func unknownFieldsAreIgnoredAndNamedWithTheNearestField() throws {
        let order = try parse(#"{"location":{"lat":60.17,"lng":24.94,"alt":3},"text":{"titel":"Helsinki"},"optoins":{},"options":{"streets":false,"glitter":true}}"#)
        #expect(order.warnings == [
            "optoins: is not a field of the request and was ignored (did you mean options?)",
            "location.alt: is not a field of the request and was ignored",
            "text.titel: is not a field of the request and was ignored (did you mean text.title?)",
            "options.glitter: is not an option of style \"minimal\"; its options are buildings, high_res, marker, streets; ignored",
        ])
        #expect(order.poster.toggles == ["streets": false])
        #expect(order.poster.spec.title == "")
    }

    @Test func aCleanRequestHasNoWarningsAndItsPayloadIsUnchanged() throws {
        let order = try parse(#"{"location":{"lat":60.17,"lng":24.94}}"#)
        #expect(order.warnings == nil)
        #expect(!order.canonicalJSON().contains("warnings"))
    }

    @Test func anUnknownStyleOrPaletteFallsBackToTheDefaultWithAWarning() throws {
        let vibrant = try parse(#"{"location":{"lat":60.17,"lng":24.94},"style":"vibrant","palette":"neon"}"#)
        #expect(vibrant.poster.style == "minimal" && vibrant.poster.palette == nil)
        #expect(vibrant.warnings?.first == "style: \"vibrant\" is not a style; drawn in minimal instead (GET /api/v1/styles lists dark-mode, minimal)")
        #expect(vibrant.warnings?.last == "palette: \"neon\" is not a palette of minimal; drawn in the style's default palette instead")
        let dark = try parse(#"{"location":{"lat":60.17,"lng":24.94},"style":"Dark-Mode","palette":"dark-gold"}"#)
        #expect(dark.poster.style == "dark-mode" && dark.poster.palette == "dark-gold" && dark.warnings == nil)
        // Still a 400: a style that is not a string.
        #expect(throws: APIError.self) { try parse(#"{"location":{"lat":60.17,"lng":24.94},"style":7}"#) }
    }

    @Test func latitudesBeyondWebMercatorAreClampedAsMapLibreClampsThem() throws {
        let north = try parse(#"{"location":{"lat":89.5,"lng":24.94}}"#)
        #expect(north.poster.spec.center.lat == 85.05112878)
        #expect(north.warnings == ["location.lat: 89.5 is beyond Web Mercator's range; clamped to 85.05112878"])
        let south = try parse(#"{"location":{"lat":-90,"lng":24.94}}"#)
        #expect(south.poster.spec.center.lat == -85.05112878)
        do {
            _ = try parse(#"{"location":{"lat":90.5,"lng":24.94}}"#)
            Issue.record("a latitude beyond the pole was accepted")
        } catch let error as APIError {
            #expect(error.details == [.init(field: "location.lat", reason: "is 90.5; it must be from -90 to 90")])
        }
    }

    @Test func carto_artsOtherSpellingsAreAccepted() throws {
        let order = try parse(##"{"location":{"lat":60.17,"lng":24.94},"text":{"color":"#fff","title":"\##(String(repeating: "Helsinki ", count: 60))"},"format":{"aspect_ratio":"ISO"}}"##)
        #expect(order.poster.spec.design.textColor?.hexString == "#ffffff")
        #expect(order.poster.spec.title.count == 540)
        #expect(abs(Double(order.poster.spec.width) / Double(order.poster.spec.height) - 1 / 2.0.squareRoot()) < 0.001)
    }

    @Test func aFloodOfUnknownFieldsGivesBoundedWarnings() throws {
        let fields = (0..<500).map { "\"x\($0)\":1" }.joined(separator: ",")
        let order = try parse(#"{"location":{"lat":60.17,"lng":24.94},\#(fields)}"#)
        #expect(order.warnings?.count == FieldReader.maxWarnings + 1)
        #expect(order.warnings?.last == "480 more warnings left out")
    }

    @Test func preferWaitIsReadAsRFC7240Says() {
        #expect(WaitPreference(["wait=10"]).seconds(maximum: 60, compatDefault: false) == 10)
        #expect(WaitPreference(["respond-async, wait=10"]).seconds(maximum: 60, compatDefault: true) == 0)
        #expect(WaitPreference(["Wait = 600"]).seconds(maximum: 60, compatDefault: false) == 60)
        #expect(WaitPreference(["handling=lenient", "wait=5", "wait=9"]).seconds(maximum: 60, compatDefault: false) == 5)
        #expect(WaitPreference(["wait=soon"]).seconds(maximum: 60, compatDefault: false) == 0)
        #expect(WaitPreference([]).seconds(maximum: 45, compatDefault: true) == 45)
        #expect(WaitPreference([]).seconds(maximum: 45, compatDefault: false) == 0)
    }
}
