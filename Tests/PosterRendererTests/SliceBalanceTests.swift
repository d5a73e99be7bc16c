import Testing
@testable import Canvas
@testable import PosterRenderer

/// A band is split across the cores where the estimated work is even, not the rows.
@Suite struct SliceBalanceTests {
    @Test func evenCostsAreCutInTheMiddle() {
        #expect(MapPainter.balancedCuts(Array(repeating: 1, count: 64), parts: 2) == [32])
        #expect(MapPainter.balancedCuts(Array(repeating: 1, count: 90), parts: 3) == [30, 60])
    }

    @Test func aHeavyTopMovesTheCutUp() {
        // 32 rows of 3 and 32 of 1: half the work (64) is done after 21 rows.
        let costs = Array(repeating: 3.0, count: 32) + Array(repeating: 1.0, count: 32)
        #expect(MapPainter.balancedCuts(costs, parts: 2) == [21])
    }

    @Test func everySliceKeepsItsMinimumRows() {
        // All the work in the first row: the first slice still gets 16 rows, and the last slice too.
        #expect(MapPainter.balancedCuts([1000] + Array(repeating: 0, count: 63), parts: 2) == [16])
        #expect(MapPainter.balancedCuts(Array(repeating: 0, count: 63) + [1000], parts: 2) == [48])
        // Too few rows for the minimum: an even split.
        #expect(MapPainter.balancedCuts(Array(repeating: 1, count: 20), parts: 2) == [10])
    }

    @Test func rowCostsFollowWhatIsDrawn() throws {
        let painter = MapPainter(frame: PixelRect(x: 0, y: 0, width: 200, height: 100), bearing: 0, perspective: nil)
        let grey = RGBAColor(red: 0.5, green: 0.5, blue: 0.5, alpha: 1)
        let label = PlacedLabel(glyphs: [], size: 12, color: grey, haloColor: grey, haloWidth: 0,
                                bounds: PixelRect(minX: 0, minY: 10, maxX: 50, maxY: 19))
        let costs = try #require(painter.rowCosts([.symbols(id: "labels", labels: [label])], firstRow: 5, count: 30))
        // Every row 200 / 100 for its pixels; the label's 16 over its ten rows (10-19 of the poster, 5-14 here).
        #expect(costs.count == 30)
        #expect(costs[0..<5].allSatisfy { $0 == 2 })
        #expect(costs[5..<15].allSatisfy { abs($0 - 3.6) < 1e-9 })
        #expect(costs[15...].allSatisfy { $0 == 2 })
        // A turned flat map cannot place its geometry by rows: the band is split evenly.
        let turned = MapPainter(frame: PixelRect(x: 0, y: 0, width: 200, height: 100), bearing: 30, perspective: nil)
        #expect(turned.rowCosts([.symbols(id: "labels", labels: [label])], firstRow: 0, count: 30) == nil)
    }
}
