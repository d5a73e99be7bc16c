import Foundation

/// The order in which the cores draw a band's slices and encode its PNG chunks: each core draws slices while
/// any is left, then encodes chunks whose rows (and the row above them, which a PNG filter reads) are all
/// drawn. A core that finishes its slice before the others encodes the rows drawn so far instead of waiting
/// for them at a barrier; it waits only when every chunk left needs a slice still being drawn.
///
/// A core waits only for slices another core has taken and is drawing, so the schedule cannot deadlock, even
/// when one thread runs every core's share in turn.
final class BandSchedule: @unchecked Sendable {
    // @unchecked: every mutable property is read and written with `condition` held.
    private let condition = NSCondition()
    private var nextSlice = 0
    private var drawn: [Bool]
    private var slicesLeft: Int
    private var taken: [Bool]
    private var chunksLeft: Int
    /// The first chunk that may still be untaken (chunks are mostly taken in order).
    private var firstOpen = 0
    /// For each chunk, the slices its rows and the row above it lie in.
    private let needs: [ClosedRange<Int>]
    private let clock = ContinuousClock.now
    /// Seconds from the schedule's start until its last slice was drawn.
    private var drawing = 0.0

    /// A schedule for slices between consecutive `bounds` (band rows, from 0 to the band's height) and
    /// `chunks` (band rows, in order, covering the band).
    init(slices bounds: [Int], chunks: [Range<Int>]) {
        let sliceCount = max(bounds.count - 1, 0)
        drawn = Array(repeating: false, count: sliceCount)
        slicesLeft = sliceCount
        taken = Array(repeating: false, count: chunks.count)
        chunksLeft = chunks.count
        func slice(of row: Int) -> Int {
            // The last slice starting at or above the row.
            var index = 0
            while index + 1 < sliceCount && bounds[index + 1] <= row { index += 1 }
            return index
        }
        needs = chunks.map { slice(of: max($0.lowerBound - 1, 0))...slice(of: max($0.upperBound - 1, 0)) }
    }

    /// A slice to draw, or nil when every slice is taken.
    func takeSlice() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard nextSlice < drawn.count else { return nil }
        nextSlice += 1
        return nextSlice - 1
    }

    /// Records that `slice` is drawn (or failed: its chunks are then encoded from what it left, and the band
    /// fails anyway), waking cores waiting for it.
    func finishSlice(_ slice: Int) {
        condition.lock()
        drawn[slice] = true
        slicesLeft -= 1
        if slicesLeft == 0 {
            let elapsed = ContinuousClock.now - clock
            drawing = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        condition.broadcast()
        condition.unlock()
    }

    /// A chunk whose rows are all drawn, waiting while the chunks left all need a slice still being drawn;
    /// nil when every chunk is taken.
    func takeChunk() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while chunksLeft > 0 {
            while firstOpen < taken.count && taken[firstOpen] { firstOpen += 1 }
            if let ready = (firstOpen..<taken.count).first(where: { !taken[$0] && needs[$0].allSatisfy { drawn[$0] } }) {
                taken[ready] = true
                chunksLeft -= 1
                return ready
            }
            condition.wait()
        }
        return nil
    }

    /// Seconds from the schedule's start until its last slice was drawn.
    var drawingTime: Double {
        condition.lock()
        defer { condition.unlock() }
        return drawing
    }
}
