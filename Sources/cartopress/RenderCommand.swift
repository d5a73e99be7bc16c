import ArgumentParser
import Canvas
import Foundation
import PosterPipeline
import PosterRenderer

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one poster to a PNG or PDF file.",
        discussion: "With no options it renders central Helsinki at 2400x3600 from the bundled tiles."
    )

    @OptionGroup var poster: PosterOptions

    @Option(help: "png or pdf (default: from the output file's extension, else png).")
    var format: String?

    @Option(name: [.short, .customLong("output")], help: "Output file.")
    var output: String = "out/poster.png"

    @Option(help: "Pixels of the buffer the poster is drawn into band by band (default 4194304, 16 MiB).")
    var bandPixels: Int = PosterRenderer.defaultBandPixels

    func run() throws {
        let resolvedFormat: PosterFormat
        if let format {
            guard let f = PosterFormat(rawValue: format.lowercased()) else {
                throw ValidationError("--format must be png or pdf, not \(format)")
            }
            resolvedFormat = f
        } else {
            resolvedFormat = output.lowercased().hasSuffix(".pdf") ? .pdf : .png
        }
        let resources = try ResourceLocator.discover()
        let pipeline = try PosterPipeline(resources: resources, terrain: poster.terrainSetting)
        let job = poster.request(format: resolvedFormat)
        let interactive = isatty(STDERR_FILENO) == 1
        guard bandPixels >= job.spec.width else {
            throw ValidationError("--band-pixels must hold at least one row (\(job.spec.width) pixels)")
        }
        // One render: its pages are touched as it draws, on every core (see BandBuffer.init).
        let bands = try BandBuffer(pixels: min(bandPixels, job.spec.width * job.spec.height), committed: false)
        let poster = try pipeline.run(job, bands: bands) { stage in
            if interactive {
                FileHandle.standardError.write(Data("\r\u{1B}[K[\(stage.percent)%] \(stage.rawValue)…".utf8))
            }
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try PosterFile.write(poster.bytes, to: output)
        for warning in poster.warnings.prefix(5) { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        let t = poster.timings
        // Formatted by hand: `String(format:)` costs a one-off render a millisecond of runtime type lookups.
        func ms(_ seconds: Double) -> Int { Int((seconds * 1000).rounded()) }
        let megabytes = (Double(poster.bytes.count) / 1e5).rounded() / 10
        print("wrote \(output) (\(resolvedFormat.rawValue.uppercased()), \(poster.width)x\(poster.height), \(megabytes) MB) in \(ms(t.total)) ms: "
              + "read \(ms(t.tileRead)), decode \(ms(t.decode)), draw \(ms(t.draw)), encode \(ms(t.encode)) ms")
        // The poster is written and reported: the process ends here and leaves what the render allocated
        // (tiles, prepared layers, caches) to the kernel, which frees a process's memory at once, instead of
        // releasing it object by object first (10-20 ms on a 2400x3600 poster). Compilers do the same; exit
        // flushes standard output.
        Foundation.exit(0)
    }
}
