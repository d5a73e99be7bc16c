import Foundation

/// Median and spread of repeated measurements.
public struct BenchmarkStatistics: Sendable, Equatable {
    public let samples: [Double]

    public init(_ samples: [Double]) {
        self.samples = samples.sorted()
    }

    public var median: Double { quantile(0.5) }
    public var minimum: Double { samples.first ?? 0 }
    public var maximum: Double { samples.last ?? 0 }
    /// The 25th and 75th percentiles.
    public var interquartileRange: (Double, Double) { (quantile(0.25), quantile(0.75)) }

    /// Linear interpolation between closest ranks.
    public func quantile(_ q: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let position = q * Double(samples.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, samples.count - 1)
        let fraction = position - Double(lower)
        return samples[lower] + (samples[upper] - samples[lower]) * fraction
    }
}

/// The process's peak resident set size so far, in bytes.
public func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss * 1024  // Linux reports kilobytes.
}
