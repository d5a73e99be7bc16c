import Canvas
import Foundation
import Geo
import StyleKit
import Testing
import VectorTile
@testable import PosterRenderer

/// Label placement: one collision index over the poster, labels along lines, upright text, lines joined
/// across tiles, and the text itself (Finnish names, fallback fonts).
@Suite struct SymbolPlacementTests {
    static let resolver = FontStackResolver(catalog: RendererTests.fonts)
    let frame = PixelRect(x: 0, y: 0, width: 1000, height: 1000)

    func style(_ placement: SymbolPlacement = .point, allowOverlap: Bool = false, ignorePlacement: Bool = false) -> LabelStyle {
        LabelStyle(shaper: Self.resolver.shaper(for: ["Noto Sans Regular"]), size: 20, letterSpacing: 0, lineHeight: 24, maxWidth: 200,
                   anchor: "center", justify: "center", offset: (0, 0), padding: 2, allowOverlap: allowOverlap,
                   ignorePlacement: ignorePlacement, placement: placement, spacing: 250, maxAngle: .pi / 4, keepUpright: true,
                   color: .black, haloColor: RGBAColor(red: 1, green: 1, blue: 1, alpha: 1), haloWidth: 1)
    }

    func point(_ text: String, _ x: Double, _ y: Double, _ style: LabelStyle, order: Int = 0) -> LabelCandidate {
        LabelCandidate(text: text, style: style, sortKey: 0, order: order, geometry: .point(x: x, y: y))
    }

    @Test func overlappingLabelsArePlacedOnceUnlessAllowed() {
        var placer = SymbolPlacer(frame: frame)
        let first = placer.place([point("Kallio", 500, 500, style()), point("Sörnäinen", 510, 505, style(), order: 1)])
        #expect(first.map(\.glyphs.count) == [6])
        // A later layer that allows overlap is placed over it anyway.
        let second = placer.place([point("Sörnäinen", 510, 505, style(allowOverlap: true))])
        #expect(second.count == 1)
        #expect(second[0].bounds.intersects(first[0].bounds))
        // Far away there is room.
        #expect(placer.place([point("Vallila", 200, 200, style())]).count == 1)
    }

    @Test func ignoredPlacementLeavesRoomForOthers() {
        var placer = SymbolPlacer(frame: frame)
        #expect(placer.place([point("Töölö", 500, 500, style(ignorePlacement: true))]).count == 1)
        #expect(placer.place([point("Taka-Töölö", 500, 500, style())]).count == 1)
    }

    @Test func sortKeysComeBeforeFeatureOrder() {
        var placer = SymbolPlacer(frame: frame)
        var late = point("Kamppi", 500, 500, style(), order: 9)
        late.sortKey = -1
        let placed = placer.place([point("Punavuori", 500, 500, style(), order: 0), late])
        #expect(placed.count == 1)
        #expect(placed[0].glyphs.count == 6)
    }

    @Test func labelsStayWholeInsideTheFrame() {
        var placer = SymbolPlacer(frame: frame)
        #expect(placer.place([point("Suomenlinna", 5, 500, style())]).isEmpty)
    }

    @Test func noTwoPlacedLabelsOverlapOnAPoster() throws {
        var placer = SymbolPlacer(frame: frame)
        var candidates: [LabelCandidate] = []
        for i in 0..<400 {
            let x = Double((i * 7919) % 900) + 50, y = Double((i * 104729) % 900) + 50
            candidates.append(point("Katu \(i)", x, y, style(), order: i))
        }
        let placed = placer.place(candidates)
        #expect(placed.count > 30 && placed.count < 400)
        for i in placed.indices {
            for j in placed.indices where j > i {
                let a = placed[i].bounds, b = placed[j].bounds
                #expect(!(a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY), "\(i) and \(j) overlap")
            }
        }
    }

    @Test func lineLabelsFollowTheLineAndReadUpright() throws {
        var placer = SymbolPlacer(frame: frame)
        let diagonal = placer.place([LabelCandidate(text: "Mannerheimintie", style: style(.line), sortKey: 0, order: 0,
                                                    geometry: .line([100, 100, 900, 900]))])
        // 1131 px long: four stretches of at least the 250 px spacing, a label in the middle of each.
        #expect(diagonal.count == 4)
        for glyph in diagonal.flatMap(\.glyphs) { #expect(abs(glyph.angle - .pi / 4) < 1e-9) }
        // Drawn right to left, the line is read left to right: glyphs advance eastwards, not upside down.
        let westwards = placer.place([LabelCandidate(text: "Esplanadi", style: style(.lineCenter), sortKey: 0, order: 0,
                                                     geometry: .line([800, 300, 200, 300]))])
        let glyphs = try #require(westwards.first?.glyphs)
        #expect(glyphs.allSatisfy { abs($0.angle) < 1e-9 })
        #expect(zip(glyphs, glyphs.dropFirst()).allSatisfy { $0.x < $1.x })
    }

    @Test func sharpBendsAreNotLabelled() {
        var placer = SymbolPlacer(frame: frame)
        let zigzag: [Double] = [300, 500, 500, 500, 500, 300]  // a right angle in the middle
        #expect(placer.place([LabelCandidate(text: "Aleksanterinkatu", style: style(.lineCenter), sortKey: 0, order: 0, geometry: .line(zigzag))]).isEmpty)
    }

    @Test func partsOfOneLineCutAtTileEdgesAreJoined() {
        let s = style(.line)
        let parts = [
            LabelCandidate(text: "Hämeentie", style: s, sortKey: 0, order: 1, geometry: .line([512, 100, 900, 100])),
            LabelCandidate(text: "Hämeentie", style: s, sortKey: 0, order: 0, geometry: .line([100, 100, 512, 100])),
            LabelCandidate(text: "Sturenkatu", style: s, sortKey: 0, order: 2, geometry: .line([900, 100, 950, 100])),
        ]
        let joined = MapPreparer.joiningLines(parts)
        #expect(joined.count == 2)
        guard case .line(let points)? = joined.first(where: { $0.text == "Hämeentie" })?.geometry else {
            Issue.record("no joined line")
            return
        }
        #expect(points == [100, 100, 512, 100, 900, 100])
    }

    @Test func finnishNamesShapeWithTheirOwnLetters() {
        let shaper = Self.resolver.shaper(for: ["Roboto Regular"])
        for name in ["Hämeentie", "Töölönlahti", "Åggelby", "Östersundom", "Mäkelänkatu"] {
            let text = shaper.shape(name, size: 24)
            #expect(text.glyphCount == name.count, "\(name)")
            #expect(text.runs.allSatisfy { $0.glyphs.allSatisfy { $0.id != 0 } }, "\(name) has a missing glyph")
        }
    }

    @Test func aCharacterTheFirstFontLacksIsSetInTheFallback() {
        let shaper = Self.resolver.shaper(for: ["Roboto Regular"])
        let text = shaper.shape("Kahvila ₿", size: 24)  // U+20BF BITCOIN SIGN is not in Roboto
        #expect(text.faceNames.count == 2)
        #expect(text.faceNames.last == "NotoSans-Regular")
        #expect(text.runs.allSatisfy { $0.glyphs.allSatisfy { $0.id != 0 } })
    }

    @Test func tokenStringsTakeTheFeaturesProperties() {
        let field = FormattedText("{name} ({ref})")
        let values: [String: StyleValue] = ["name": .string("Kehä I"), "ref": .number(101)]
        #expect(field.resolvingTokens { values[$0] } == "Kehä I (101)")
        #expect(FormattedText("{missing}x").resolvingTokens { _ in nil } == "x")
    }

    @Test func labelsAreTrimmedAsFoundationTrimsThem() {
        for text in ["Kamppi", "  Kamppi\n", "\u{00A0}Kamppi\u{2029}", "\tKamppi", "Kamppi\n", "", " ", "Kamp pi"] {
            #expect(text.trimmed() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(text.trimmed(newlines: false) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }

    @Test func greekTitlesLoseTheirAccentsInCapitals() {
        #expect("Αθήνα".titleUppercased() == "ΑΘΗΝΑ")
        #expect("Ἀθῆναι".titleUppercased() == "ΑΘΗΝΑΙ")
        // The diaeresis stays; other scripts are uppercased as usual or left alone.
        #expect("Προϊόν".titleUppercased() == "ΠΡΟΪΟΝ")
        #expect("Helsinki".titleUppercased() == "HELSINKI" && "東京".titleUppercased() == "東京" && "Москва".titleUppercased() == "МОСКВА")
    }
}
