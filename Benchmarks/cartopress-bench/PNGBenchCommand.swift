import ArgumentParser
import BenchmarkSupport
import Canvas
import Foundation

/// `cartopress-bench png`: encodes a rendered poster again and again with each deflater, level and filter,
/// reporting time, throughput and size.
struct PNGBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "png",
        abstract: "Measure PNG encoding of a rendered poster (a PNG from 'cartopress render', decoded once).",
        discussion: "MB/s counts the image's raw bytes (3 a pixel for RGB, 4 with alpha) per second of encoding.")

    @Argument(help: "A PNG rendered by 'cartopress render', e.g. 2400x3600.") var input: String
    @Option(help: "Measured runs per case, after a warm-up (the median is reported).") var runs: Int = 7
    @Option(help: "Rows given to the encoder at a time (PosterRenderer's bands hold 16 M pixels: a 2400x3600 poster is one band).")
    var bandRows: Int = 0
    @Flag(help: "Also try zlib levels 1-6 with each strategy, libdeflate levels 2-6, and the Sub, Up and Paeth filters.")
    var sweep = false

    func run() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: input)))
        let surface = try PNGDecoder.decode(bytes)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var cases: [(String, PNGOptions)] = [
            ("igzip 1, \(cores) threads (default)", PNGOptions()),
            ("igzip 1, 1 thread", PNGOptions(threads: 1)),
            ("igzip 2, \(cores) threads", PNGOptions(compressionLevel: 2)),
            ("libdeflate 1, \(cores) threads", PNGOptions(deflater: .libdeflate)),
            ("libdeflate 1, 1 thread", PNGOptions(deflater: .libdeflate, threads: 1)),
            ("zlib 1, \(cores) threads", PNGOptions(deflater: .zlib)),
            ("zlib 1, 1 thread", PNGOptions(deflater: .zlib, threads: 1)),
        ]
        if sweep {
            for level in 2...6 { cases.append(("libdeflate \(level)", PNGOptions(compressionLevel: level, deflater: .libdeflate))) }
            let strategies: [(String, PNGOptions.Strategy)] = [("", .standard), (" filtered", .filtered), (" rle", .rle), (" huffman", .huffmanOnly)]
            for level in 1...6 {
                for (name, strategy) in strategies where !(level == 1 && strategy == .standard) {
                    cases.append(("zlib \(level)\(name)", PNGOptions(compressionLevel: level, strategy: strategy, deflater: .zlib)))
                }
            }
            for (name, filter) in [("sub", PNGOptions.Filter.sub), ("up", .up), ("paeth", .paeth)] {
                cases.append(("igzip 1, \(name) filter", PNGOptions(filter: filter)))
                cases.append(("libdeflate 1, \(name) filter", PNGOptions(filter: filter, deflater: .libdeflate)))
                cases.append(("zlib 1, \(name) filter", PNGOptions(filter: filter, deflater: .zlib)))
            }
        }
        let rows = bandRows > 0 ? bandRows : surface.height
        let rawBytes = Double(surface.width * surface.height * 3)
        print("cartopress-bench png: \(input), \(surface.width)x\(surface.height) RGB in bands of \(rows) rows, \(runs) runs after a warm-up, \(cores) cores")
        print("case".padding(toLength: 40, withPad: " ", startingAt: 0) + "median ms [min–max]      MB/s     bytes")
        for (name, options) in cases {
            var times: [Double] = []
            var size = 0
            for run in 0...runs {
                let start = Date()
                size = try Self.encode(surface, bandRows: rows, options: options)
                if run > 0 { times.append(Date().timeIntervalSince(start) * 1000) }
            }
            let stats = BenchmarkStatistics(times)
            let timing = String(format: "%.1f [%.1f–%.1f]", stats.median, stats.minimum, stats.maximum)
            print(name.padding(toLength: 40, withPad: " ", startingAt: 0) + timing.padding(toLength: 25, withPad: " ", startingAt: 0)
                + String(format: "%-8.0f %d", rawBytes / stats.median / 1000, size))
        }
        print(String(format: "peak RSS %.0f MB", Double(peakResidentBytes()) / 1_048_576))
    }

    /// Encodes as PosterRenderer does, taking the output after each band; returns the PNG's size.
    static func encode(_ surface: ImageSurface, bandRows: Int, options: PNGOptions) throws -> Int {
        let encoder = try PNGEncoder(width: surface.width, height: surface.height, options: options)
        var size = 0, top = 0
        while top < surface.height {
            let rows = min(bandRows, surface.height - top)
            try encoder.append(rows == surface.height ? surface : try surface.band(rows: top..<top + rows))
            size += encoder.takeOutput().count
            top += rows
        }
        return size + (try encoder.finish()).count
    }
}
