import Testing
@testable import Canvas

/// The band buffer a poster is drawn into: mapped memory, cleared for each band, given back when a one-off
/// render is done with it.
@Suite struct BandBufferTests {
    func paintRed(_ surface: ImageSurface) throws {
        let context = try DrawingContext(surface: surface)
        context.setColor(RGBAColor(red: 1, green: 0, blue: 0, alpha: 1))
        context.paint()
        try context.checkStatus("painting")
    }

    @Test(arguments: [true, false]) func everyBandStartsClear(committed: Bool) throws {
        let buffer = try BandBuffer(pixels: 64 * 64, committed: committed)
        #expect(buffer.isCommitted == committed)
        let first = try buffer.surface(width: 64, rows: 64)
        #expect(first.pixel(x: 10, y: 10).alpha == 0)
        try paintRed(first)
        #expect(first.pixel(x: 10, y: 10).red == 1)
        let second = try buffer.surface(width: 32, rows: 100)
        #expect(second.pixel(x: 31, y: 99).alpha == 0 && second.pixel(x: 0, y: 0).alpha == 0)
    }

    @Test func releasedPagesReadAsClearAgain() throws {
        let buffer = try BandBuffer(pixels: 128 * 128, committed: false)
        try paintRed(try buffer.surface(width: 128, rows: 128))
        buffer.releasePages()
        let again = try buffer.surface(width: 128, rows: 128)
        #expect(again.pixel(x: 127, y: 127).alpha == 0 && again.pixel(x: 0, y: 0).alpha == 0)
        try paintRed(again)
        #expect(again.pixel(x: 64, y: 64).red == 1)
    }

    @Test func aBandToBeOverwrittenIsNotClearedFirst() throws {
        let buffer = try BandBuffer(pixels: 64 * 64, committed: false)
        try paintRed(try buffer.surface(width: 64, rows: 64))
        // The caller paints every pixel before reading any: the last band's pixels are left as they were.
        let reused = try buffer.surface(width: 64, rows: 64, overwritten: true)
        #expect(reused.pixel(x: 10, y: 10).red == 1)
        // The next band the caller does not overwrite is cleared as usual.
        let cleared = try buffer.surface(width: 64, rows: 64)
        #expect(cleared.pixel(x: 10, y: 10).alpha == 0)
    }

    @Test func aBandLargerThanTheBufferIsRefused() throws {
        let buffer = try BandBuffer(pixels: 100, committed: false)
        #expect(throws: CanvasError.self) { try buffer.surface(width: 11, rows: 10) }
    }
}
