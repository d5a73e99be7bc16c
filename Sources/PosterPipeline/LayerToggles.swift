/// What a request's `options` may say, and what each key does on a given style: nothing is accepted and
/// ignored. A style's own toggles (its layers' `cartopress:toggle`) switch layers; carto-art's option keys
/// that this renderer cannot draw on that style are accepted switched off (there is nothing to hide) and
/// refused switched on, by name; any other key is a mistake.
public enum LayerToggles {
    /// The option keys of carto-art's API (`options` of `POST /api/v1/posters/generate`), so that a request
    /// written for carto-art is understood even where an option cannot be drawn yet.
    public static let cartoArtKeys: Set<String> = [
        "buildings_3d", "high_res", "streets", "water", "parks", "buildings", "labels", "background", "terrain",
        "terrain_under_water", "contours", "boundaries", "population", "pois", "marker", "landcover_wood",
        "landcover_grass", "landcover_farmland", "landcover_ice", "landuse_forest", "landuse_orchard",
        "landuse_vineyard", "landuse_cemetery", "landuse_grass",
    ]

    /// Options every style has because the request, not the style, answers them: `marker` pins a marker at
    /// the map's centre; `high_res` renders at 3 device pixels per CSS pixel, as carto-art's export does.
    public static let requestKeys: Set<String> = ["marker", "high_res"]

    /// The pixel ratio `high_res: true` asks for (carto-art's `pixelRatio: 3`).
    public static let highResolutionPixelRatio = 3.0

    /// Why carto-art options that no CartoPress style has yet cannot be drawn.
    static let undrawable: [String: String] = [
        "population": "it needs a population-density source, Kontur's tiles in carto-art, which CartoPress does not have",
    ]

    /// What an option does on a style.
    public enum Verdict: Equatable, Sendable {
        /// A toggle of the style: switches its layers.
        case toggle
        /// Drawn by the request itself (`marker`).
        case request
        /// Switched off something the style does not draw: nothing to do.
        case nothingToHide
        /// Switched on something this renderer cannot draw on the style yet.
        case unsupported(reason: String)
        /// No such option.
        case unknown(reason: String)
    }

    /// The verdict for `key` set to `value` on the style `styleID`, whose toggles are `styleToggles`.
    public static func verdict(_ key: String, _ value: Bool, style styleID: String, styleToggles: Set<String>) -> Verdict {
        if styleToggles.contains(key) { return .toggle }
        if requestKeys.contains(key) { return .request }
        if cartoArtKeys.contains(key) {
            let why = undrawable[key].map { " (\($0))" } ?? ""
            return value ? .unsupported(reason: "style \"\(styleID)\" cannot draw \(key) yet\(why); send false or leave it out") : .nothingToHide
        }
        let known = (styleToggles.union(requestKeys)).sorted().joined(separator: ", ")
        return .unknown(reason: "is not an option of style \"\(styleID)\"; its options are \(known)")
    }
}
