import Foundation
import StyleKit
import TileFetch

/// A poster's inputs: its vector tiles from the request's tiles (whatever URL the style names for its main
/// source), other tiled sources from the URL the style gives (`pmtiles://` paths relative to the resources'
/// root, PMTiles URLs, TileJSON, XYZ templates), files from the resources' root.
struct PosterInputResolver: MapInputResolver {
    let factory: TileSourceFactory
    let resources: ResourceLocator
    /// The main vector source and where its tiles are.
    let vectorSourceID: String?
    let tilesPath: String

    func tileSource(id: String, source: StyleSource) throws(PipelineError) -> (any SyncTileSource)? {
        let location: String
        if source.type == "vector" && id == vectorSourceID {
            location = tilesPath
        } else if let url = source.url {
            location = resolve(url, prefix: "pmtiles://")
        } else if let template = source.tiles.first {
            location = template
        } else {
            throw PipelineError(.styleInvalid, "\(source.type) source \"\(id)\" has neither a \"url\" nor \"tiles\"; point it at a tileset"
                                + (source.type == "raster-dem" ? " (pmtiles://Data/jacksboro-dem.pmtiles is bundled)" : ""))
        }
        do {
            return try factory.source(location)
        } catch {
            let kind = source.type == "raster-dem" ? "terrain" : source.type
            throw TileFailure.error(error, "\(kind) source \"\(id)\" (\(location)): \(error)")
        }
    }

    func resource(_ url: String) throws(PipelineError) -> [UInt8]? {
        let path = resolve(url, prefix: "file://")
        if path.hasPrefix("http://") || path.hasPrefix("https://") {
            // Over the network like tiles: the same address policy, retries and timeouts.
            do {
                return try factory.resource(path)
            } catch {
                throw TileFailure.error(error, "\(path): \(error)")
            }
        }
        return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// A URL or path with `prefix` dropped; relative paths are under the resources' root.
    private func resolve(_ url: String, prefix: String) -> String {
        var rest = url
        if rest.hasPrefix(prefix) { rest = String(rest.dropFirst(prefix.count)) }
        if rest.hasPrefix("http://") || rest.hasPrefix("https://") || rest.hasPrefix("/") { return rest }
        return resources.root + "/" + rest
    }
}
