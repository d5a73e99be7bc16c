import Foundation

/// Learns how long renders take per megapixel (a moving average), for the `estimated_time` of a queued job.
final class RenderTimeEstimator: @unchecked Sendable {
    // @unchecked: `secondsPerMegapixel` is guarded by `lock`.
    private let lock = NSLock()
    private var secondsPerMegapixel = 0.02
    private let workers: Int

    init(workers: Int) {
        self.workers = max(workers, 1)
    }

    /// Learns from one render.
    func record(seconds: Double, pixels: Int) {
        let perMegapixel = seconds / max(Double(pixels) / 1e6, 0.1)
        lock.withLock { secondsPerMegapixel = 0.8 * secondsPerMegapixel + 0.2 * perMegapixel }
    }

    /// Seconds until a poster of `pixels` is likely done with `ahead` jobs queued before it.
    func estimate(pixels: Int, ahead: Int) -> Double {
        let rate = lock.withLock { secondsPerMegapixel }
        let own = rate * max(Double(pixels) / 1e6, 0.1)
        let averageJob = rate * 8.64  // the web app's default 2400x3600 poster
        return ((Double(ahead) / Double(workers)) * averageJob + own).rounded(toPlaces: 1)
    }
}
