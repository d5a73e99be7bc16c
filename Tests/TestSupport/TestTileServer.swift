import Foundation

/// `scripts/tile_test_server.py` (standard library only) on a free loopback port: the bundled tiles as XYZ,
/// TileJSON and a PMTiles archive over ranges, and endpoints that misbehave on purpose.
public final class TestTileServer: @unchecked Sendable {
    // @unchecked: set up once in init, then only read.
    public let port: Int
    let process: ScriptProcess

    /// Serves `root` (tiles as z/x/y.pbf, and archive.pmtiles), each answer `latencyMilliseconds` late.
    public init(root: String, latencyMilliseconds: Double = 0) throws {
        process = try ScriptProcess(script: "tile_test_server.py", arguments: ["--root", root, "--latency-ms", String(latencyMilliseconds)],
                                    python: "/usr/bin/python3")
        guard let port = Int(process.firstLine) else {
            throw ScriptProcessError("the tile server said \"\(process.firstLine)\" instead of its port")
        }
        self.port = port
    }

    public var base: String { "http://127.0.0.1:\(port)" }

    /// How many requests paths starting with `prefix` have had.
    public func count(_ prefix: String) throws -> Int {
        Int(String(decoding: try TestWebhookReceiver.fetch("GET", "\(base)/count?prefix=\(prefix)"), as: UTF8.self)) ?? -1
    }

    /// Gives the archive a new ETag, as if it had been replaced.
    public func replaceArchive() throws {
        _ = try TestWebhookReceiver.fetch("POST", "\(base)/control/replace")
    }

    public func stop() { process.stop() }
}
