import Dispatch
import Synchronization
import Testing
@testable import PosterRenderer

/// The order of a band's work: slices first, then the chunks whose rows (and the row above) are drawn.
@Suite struct BandScheduleTests {
    /// Slices 0..<100 and 100..<250 (band rows); chunks of 50 rows.
    static let chunks = [0..<50, 50..<100, 100..<150, 150..<200, 200..<250]

    @Test func eachSliceIsHandedOutOnce() {
        let schedule = BandSchedule(slices: [0, 100, 250], chunks: Self.chunks)
        #expect(schedule.takeSlice() == 0)
        #expect(schedule.takeSlice() == 1)
        #expect(schedule.takeSlice() == nil)
    }

    @Test func aChunkWaitsForTheSlicesOfItsRowsAndTheRowAbove() {
        let schedule = BandSchedule(slices: [0, 100, 250], chunks: Self.chunks)
        _ = schedule.takeSlice()
        _ = schedule.takeSlice()
        schedule.finishSlice(1)
        // Slice 1 (rows 100..<250) is drawn, slice 0 is not: chunk 2 starts at row 100 but its filter reads
        // row 99, so only chunks 3 and 4 are ready.
        #expect(schedule.takeChunk() == 3)
        #expect(schedule.takeChunk() == 4)
        schedule.finishSlice(0)
        #expect(schedule.takeChunk() == 0)
        #expect(schedule.takeChunk() == 1)
        #expect(schedule.takeChunk() == 2)
        #expect(schedule.takeChunk() == nil)
    }

    @Test func aCoreWaitsForASliceAnotherIsDrawing() async {
        let schedule = BandSchedule(slices: [0, 100, 250], chunks: Self.chunks)
        _ = schedule.takeSlice()
        _ = schedule.takeSlice()
        schedule.finishSlice(0)
        #expect(schedule.takeChunk() == 0)
        #expect(schedule.takeChunk() == 1)
        // Every chunk left needs slice 1: the next call waits until it is drawn.
        let taken = Mutex<[Int]>([])
        let waiter = DispatchGroup()
        DispatchQueue.global().async(group: waiter) {
            while let chunk = schedule.takeChunk() { taken.withLock { $0.append(chunk) } }
        }
        try? await Task.sleep(for: .milliseconds(50))
        #expect(taken.withLock { $0 }.isEmpty)
        schedule.finishSlice(1)
        waiter.wait()
        #expect(taken.withLock { $0 } == [2, 3, 4])
    }

    @Test func twoCoresDrawEverySliceAndEncodeEveryChunkOnce() {
        let bounds = [0, 37, 90, 91, 250]
        let schedule = BandSchedule(slices: bounds, chunks: Self.chunks)
        let drawn = Mutex<Set<Int>>([])
        let encoded = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            while let slice = schedule.takeSlice() {
                drawn.withLock { _ = $0.insert(slice) }
                schedule.finishSlice(slice)
            }
            while let chunk = schedule.takeChunk() {
                // Every slice holding the chunk's rows or the row above was drawn before it was handed out.
                let rows = Self.chunks[chunk]
                let needed = (0..<bounds.count - 1).filter { bounds[$0] < rows.upperBound && bounds[$0 + 1] > max(rows.lowerBound - 1, 0) }
                #expect(drawn.withLock { needed.allSatisfy($0.contains) })
                encoded.withLock { $0.append(chunk) }
            }
        }
        #expect(drawn.withLock { $0 } == [0, 1, 2, 3])
        #expect(encoded.withLock { $0 }.sorted() == [0, 1, 2, 3, 4])
        #expect(schedule.drawingTime > 0)
    }
}
