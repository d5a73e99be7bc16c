#!/usr/bin/env python3
"""Writes CartoPress's MapLibre styles (Styles/<id>.json) and palettes (Styles/<id>.palettes.json) from the
facts in Styles/source/cartoart.json: carto-art's 11 styles and 89 palettes, drawn over the OpenMapTiles
schema the way carto-art's web app draws them for a poster its API was asked for.

    python3 scripts/build-styles.py           # rewrite Styles/
    python3 scripts/build-styles.py --check   # exit 1 if Styles/ differs from what the facts give

The layers are CartoPress's own MapLibre JSON: the facts say which layers exist, their filters, zoom ranges,
widths and opacities; the code below says how CartoPress expresses them. Colours reach the layers through
palette roles (`cartopress:role`, `cartopress:roles`), so a palette recolours every layer it should.

Where carto-art's API and its web editor disagree, the API wins, because CartoPress answers the API:
- options default as its route does: streets, water, parks, buildings and labels on; everything else off;
  railroads, which its API cannot switch, are on, as its renderer's defaults leave them (`railroads: false`
  hides them here);
- `labels` on dims the roads (opacity x0.7, width x0.8) and shows city names, as carto-art does; so each road
  layer exists twice, once for each value of `labels` (`cartopress:when`);
- water is opaque: carto-art's route leaves terrain_under_water off, and then draws water at opacity 1.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FACTS = os.path.join(ROOT, "Styles", "source", "cartoart.json")
STYLES = os.path.join(ROOT, "Styles")

# The families bundled in Fonts/ (PosterLimits.titleFamilies); a style whose first recommended font is not
# among them titles in its first recommended font that is.
BUNDLED_FAMILIES = [
    "Inter", "Montserrat", "Poppins", "Bebas Neue", "Oswald", "Outfit", "DM Sans", "JetBrains Mono",
    "IBM Plex Mono", "Space Mono", "Playfair Display", "Crimson Text", "EB Garamond", "Cormorant Garamond",
    "Quicksand", "Spectral", "Noto Sans", "Noto Serif", "Lato", "Open Sans", "Roboto",
]
LABEL_FONT = ["Noto Sans Regular"]
ROAD_CLASSES = [
    # (layer id, classes, minzoom, widths by zoom)
    ("road-service", ["service", "path", "track"], 11, [(11, 0.1), (13, 0.3), (14, 0.5)]),
    ("road-residential", ["residential", "living_street", "unclassified", "minor"], 9, [(9, 0.1), (12, 0.4), (13, 0.7), (14, 1.0)]),
    ("road-tertiary", ["tertiary"], None, [(10, 0.3), (11, 0.5), (12, 0.8), (13, 1.1), (14, 1.4)]),
    ("road-secondary", ["secondary"], None, [(10, 0.6), (11, 0.9), (12, 1.2), (13, 1.6), (14, 2.0)]),
    ("road-primary", ["primary"], None, [(10, 1.0), (11, 1.4), (12, 1.8), (13, 2.2), (14, 2.6)]),
    ("road-trunk", ["trunk"], None, [(10, 1.5), (11, 2.0), (12, 2.5), (13, 3.0), (14, 3.5)]),
    ("road-motorway", ["motorway"], None, [(10, 2.0), (11, 2.5), (12, 3.0), (13, 3.5), (14, 4.0)]),
]
# What `labels` does to roads and railways in carto-art: names need room, so the lines step back.
LABELLED_WIDTH, LABELLED_OPACITY = 0.8, 0.7


def interpolate(stops, scale=1.0):
    expression = ["interpolate", ["linear"], ["zoom"]]
    for zoom, value in stops:
        expression += [zoom, round(value * scale, 4)]
    return expression


def meta(role=None, toggle=None, roles=None, when=None):
    m = {}
    if role:
        m["cartopress:role"] = role
    if roles:
        m["cartopress:roles"] = roles
    if toggle:
        m["cartopress:toggle"] = toggle
    if when:
        m["cartopress:when"] = when
    return m


def layer(id, type, source=None, source_layer=None, filter=None, minzoom=None, maxzoom=None, layout=None,
          paint=None, metadata=None, visible=True):
    l = {"id": id, "type": type}
    if source:
        l["source"] = source
    if source_layer:
        l["source-layer"] = source_layer
    if filter is not None:
        l["filter"] = filter
    if minzoom is not None:
        l["minzoom"] = minzoom
    if maxzoom is not None:
        l["maxzoom"] = maxzoom
    layout = dict(layout or {})
    if not visible:
        layout["visibility"] = "none"
    if layout:
        l["layout"] = layout
    l["paint"] = paint or {}
    if metadata:
        l["metadata"] = metadata
    return l


def class_filter(classes):
    if len(classes) == 1:
        return ["==", ["get", "class"], classes[0]]
    return ["in", ["get", "class"], ["literal", classes]]


def title_font(style):
    for family in style["recommendedFonts"]:
        if family in BUNDLED_FAMILIES:
            return family
    return "Inter"


def build_style(style, palettes):
    default = palettes[style["defaultPalette"]]
    colors, derived = default["colors"], default["derived"]
    sid = style["id"]
    layers = []

    layers.append(layer("background", "background", paint={"background-color": colors["background"]},
                        metadata=meta("background", "background")))
    # Hillshading under the water, from the configured DEM: shadows in the palette's ink, lights in its paper.
    layers.append(layer("hillshade", "hillshade", source="terrain", visible=False, paint={
        "hillshade-exaggeration": 0.5, "hillshade-illumination-direction": 315, "hillshade-illumination-anchor": "map",
        "hillshade-shadow-color": derived["hillshadeShadow"], "hillshade-accent-color": derived["hillshadeShadow"],
        "hillshade-highlight-color": derived["hillshadeHighlight"],
    }, metadata=meta(toggle="terrain", roles={"hillshade-shadow-color": "shade", "hillshade-accent-color": "shade",
                                              "hillshade-highlight-color": "shade-highlight"})))
    water_filter = ["all", ["!=", ["get", "class"], "pier"], ["!=", ["get", "brunnel"], "bridge"]] \
        if style["waterExcludesPiersAndBridges"] else None
    layers.append(layer("water", "fill", "openmaptiles", "water", filter=water_filter,
                        paint={"fill-color": colors["water"], "fill-opacity": 1},
                        metadata=meta("water", "water")))
    # carto-art never recolours waterways: they keep the style's default palette whatever palette is chosen.
    layers.append(layer("waterway", "line", "openmaptiles", "waterway", paint={
        "line-color": colors["waterLine"], "line-opacity": style["waterwayOpacity"],
        "line-width": interpolate([(10, 0.5), (12, 1.0), (14, 1.5)]),
    }, metadata=meta(toggle="water" if style["waterwayInWaterToggle"] else None)))
    if style["bathymetry"] == "volumetric":
        for depth in [10, 50, 200, 1000, 3000, 5000]:
            layers.append(layer(f"bathymetry-volumetric-{depth}", "line", "contours", "contours", visible=False,
                                filter=["<=", ["get", "ele"], -depth], paint={
                                    "line-color": "#001a33", "line-opacity": 0.05,
                                    "line-width": interpolate([(9, 40), (12, 100), (15, 200)]),
                                    "line-blur": interpolate([(9, 30), (12, 80), (15, 150)]),
                                }, metadata=meta(toggle="terrain_under_water")))
    else:
        # The palette's bathymetry role carries carto-art's opacity (0.05 on dark paper, 0.1 on light) as alpha.
        layers.append(layer("bathymetry-detail", "line", "contours", "contours", visible=False,
                            filter=["<", ["get", "ele"], 0], paint={
                                "line-color": roles_of(default)["bathymetry"], "line-opacity": 1,
                                "line-width": interpolate([(9, 10), (12, 30), (15, 60)]),
                                "line-blur": interpolate([(9, 8), (12, 20), (15, 40)]),
                            }, metadata=meta("bathymetry", "terrain_under_water")))
    layers.append(layer("park", "fill", "openmaptiles", "park",
                        paint={"fill-color": colors["greenSpace"], "fill-opacity": style["parkOpacity"]},
                        metadata=meta("green", "parks")))
    for cls, opacity in [("wood", 0.45), ("grass", 0.3), ("farmland", 0.3), ("ice", 0.45)]:
        layers.append(layer(f"landcover-{cls}", "fill", "openmaptiles", "landcover", filter=class_filter([cls]), visible=False,
                            paint={"fill-color": derived[f"landcover-{cls}"], "fill-opacity": opacity},
                            metadata=meta(f"landcover-{cls}", f"landcover_{cls}")))
    for cls, opacity, role in [("forest", 0.5, "landuse-forest"), ("orchard", 0.3, "landuse-orchard"),
                               ("vineyard", 0.3, "landuse-vineyard"), ("cemetery", 0.3, "landuse-cemetery"),
                               ("grass", 0.3, "landcover-grass")]:
        layers.append(layer(f"landuse-{cls}", "fill", "openmaptiles", "landuse", filter=class_filter([cls]), visible=False,
                            paint={"fill-color": derived[role], "fill-opacity": opacity},
                            metadata=meta(role, f"landuse_{cls}")))
    layers.append(layer("buildings", "fill", "openmaptiles", "building",
                        paint={"fill-color": colors["buildings"], "fill-opacity": style["buildingsOpacity"]},
                        metadata=meta("building", "buildings")))

    cap, join = style["lineCap"], style["lineJoin"]

    def roads(labelled):
        suffix = "" if labelled else "-unlabelled"
        width = LABELLED_WIDTH if labelled else 1.0
        opacity = LABELLED_OPACITY if labelled else 1.0
        when = {"labels": labelled}
        out = []
        if style["roadGlow"]:
            out.append(layer(f"road-glow{suffix}", "line", "openmaptiles", "transportation", visible=labelled,
                             filter=class_filter(["motorway", "trunk", "primary"]), layout={"line-cap": cap, "line-join": join},
                             paint={"line-color": colors["roads"]["motorway"], "line-opacity": round(0.4 * opacity, 4), "line-blur": 4,
                                    "line-width": interpolate([(10, 6.25), (11, 7.5), (12, 8.75), (13, 10), (14, 11.25)], width)},
                             metadata=meta("road-motorway", "streets", when=when)))
        for id, classes, minzoom, stops in ROAD_CLASSES:
            out.append(layer(f"{id}{suffix}", "line", "openmaptiles", "transportation", filter=class_filter(classes),
                             minzoom=minzoom, visible=labelled, layout={"line-cap": cap, "line-join": join},
                             paint={"line-color": colors["roads"][id.split("-")[1]], "line-opacity": opacity,
                                    "line-width": interpolate(stops, width)},
                             metadata=meta(id, "streets", when=when)))
        if style["motorwayBridges"]:
            bridge = ["all", ["==", ["get", "class"], "motorway"], ["==", ["get", "brunnel"], "bridge"]]
            motorway = ROAD_CLASSES[-1][3]
            out.append(layer(f"bridge-motorway-casing{suffix}", "line", "openmaptiles", "transportation", filter=bridge,
                             visible=labelled, layout={"line-cap": cap, "line-join": join},
                             paint={"line-color": colors["background"], "line-opacity": opacity,
                                    "line-width": interpolate(motorway, 1.5 * width)},
                             metadata=meta("background", "streets", when=when)))
            out.append(layer(f"bridge-motorway{suffix}", "line", "openmaptiles", "transportation", filter=bridge,
                             visible=labelled, layout={"line-cap": cap, "line-join": join},
                             paint={"line-color": colors["roads"]["motorway"], "line-opacity": opacity,
                                    "line-width": interpolate(motorway, 1.1 * width)},
                             metadata=meta("road-motorway", "streets", when=when)))
        return out

    layers += roads(True) + roads(False)

    def railways(labelled):
        suffix = "" if labelled else "-unlabelled"
        width = LABELLED_WIDTH if labelled else 1.0
        opacity = LABELLED_OPACITY if labelled else 1.0
        rail = ["all", ["==", ["get", "class"], "rail"], ["!=", ["get", "brunnel"], "tunnel"]]
        when = {"labels": labelled}
        # A line of ink with a dash of paper on top: the ties of a railway.
        return [
            layer(f"railroad-casing{suffix}", "line", "openmaptiles", "transportation", filter=rail, visible=labelled,
                  paint={"line-color": colors["text"], "line-opacity": round(0.6 * opacity, 4),
                         "line-width": interpolate([(10, 0.5), (12, 1), (14, 2), (16, 3)], width)},
                  metadata=meta("text", "railroads", when=when)),
            layer(f"railroad-main{suffix}", "line", "openmaptiles", "transportation", filter=rail, visible=labelled,
                  layout={"line-cap": "butt", "line-join": "miter"},
                  paint={"line-color": colors["background"], "line-opacity": opacity, "line-dasharray": [2, 2],
                         "line-width": interpolate([(10, 0.3), (12, 0.6), (14, 1.2), (16, 2)], width)},
                  metadata=meta("background", "railroads", when=when)),
        ]

    layers += railways(True) + railways(False)
    # carto-art's 3D buildings (createBuilding3DLayer and applyPalette's fallback without a building3D palette):
    # a fill-extrusion in the buildings' colour, lit by the style's light, raised to render_height (6 m when
    # a building has none) from zoom 13.5 up, standing on render_min_height.
    height = ["*", 1, ["coalesce", ["get", "render_height"], 6]]
    layers.append(layer("buildings-3d", "fill-extrusion", "openmaptiles", "building", minzoom=13, visible=False,
                        filter=["all", ["==", ["geometry-type"], "Polygon"], ["!=", ["get", "hide_3d"], True]],
                        paint={"fill-extrusion-color": colors.get("buildings") or colors["text"],
                               "fill-extrusion-height": ["interpolate", ["linear"], ["zoom"], 13, 0, 13.5, height],
                               "fill-extrusion-base": ["coalesce", ["get", "render_min_height"], 0],
                               "fill-extrusion-opacity": 1, "fill-extrusion-vertical-gradient": True},
                        metadata=meta("building", "buildings_3d")))
    if style["contours"] == "detailed":
        layers += detailed_contours(derived, colors["background"])
    else:
        layers.append(layer("contours", "line", "contours", "contours", visible=False,
                            filter=["==", ["%", ["get", "ele"], 50], 0],
                            layout={"line-join": "round", "line-cap": "round"},
                            paint={"line-color": derived["contour"],
                                   "line-width": interpolate([(9, 0.8), (11, 1.0), (13, 1.3), (15, 1.6)]),
                                   "line-opacity": interpolate([(9, 0.6), (11, 0.7), (13, 0.8)])},
                            metadata=meta("contour", "contours")))
    for id, level, width, opacity, dash in [("boundaries-country", 2, 1.5, 0.3, None), ("boundaries-state", 4, 0.75, 0.2, [4, 4]),
                                            ("boundaries-county", 6, 0.5, 0.15, [2, 2])]:
        paint = {"line-color": colors["border"], "line-width": width, "line-opacity": opacity}
        if dash:
            paint["line-dasharray"] = dash
        layers.append(layer(id, "line", "openmaptiles", "boundary", visible=False,
                            filter=["all", ["==", ["get", "admin_level"], level], ["==", ["get", "maritime"], 0]],
                            paint=paint, metadata=meta("border", "boundaries")))
    z1, s1, z2, s2 = style["citySize"]
    # The city filter: capitals first when zoomed out, more towns as the map zooms in.
    layers.append(layer("labels-city", "symbol", "openmaptiles", "place", filter=[
        "all", ["!=", ["get", "class"], "state"], ["!=", ["get", "class"], "country"],
        ["step", ["zoom"], ["<=", ["get", "rank"], 3], 6, ["<=", ["get", "rank"], 7], 9, True]],
        layout={"text-field": ["coalesce", ["get", "name:en"], ["get", "name:latin"], ["get", "name"]],
                "text-font": LABEL_FONT, "text-transform": "uppercase", "text-letter-spacing": 0.12,
                "text-size": interpolate([(z1, s1), (z2, s2)]), "text-max-width": 10, "text-padding": 10},
        paint={"text-color": colors["text"], "text-opacity": 0.9, "text-halo-color": colors["background"],
               "text-halo-width": 2.25, "text-halo-blur": 1.25},
        metadata=meta("text", "labels", roles={"text-halo-color": "background"})))

    # Points of interest: airports and a few kinds of sight. carto-art never recolours the airport areas,
    # runways and POI dots: they keep the style's default palette whatever palette is chosen.
    name = ["coalesce", ["get", "name:en"], ["get", "name:latin"], ["get", "name"]]
    sights = ["in", ["get", "class"], ["literal", ["monument", "museum", "stadium", "attraction", "artwork", "viewpoint"]]]
    label_paint = lambda opacity: {"text-color": colors["text"], "text-opacity": opacity, "text-halo-color": colors["background"],
                                   "text-halo-width": 2.25, "text-halo-blur": 1.25}
    label_roles = meta("text", "pois", roles={"text-halo-color": "background"})
    layers += [
        layer("aeroway-area", "fill", "openmaptiles", "aeroway", visible=False, filter=["==", ["geometry-type"], "Polygon"],
              paint={"fill-color": colors["text"], "fill-opacity": 0.3}, metadata=meta(toggle="pois")),
        layer("aeroway-runway", "line", "openmaptiles", "aeroway", visible=False,
              filter=["all", ["==", ["geometry-type"], "LineString"], ["==", ["get", "class"], "runway"]],
              paint={"line-color": colors["text"], "line-width": interpolate([(10, 0.5), (12, 2), (14, 4)])},
              metadata=meta(toggle="pois")),
        layer("aerodrome-label", "symbol", "openmaptiles", "aerodrome_label", minzoom=10, visible=False,
              # carto-art puts a ✈ before the name; no bundled font has that glyph, so the name stands alone.
              layout={"text-field": name, "text-font": LABEL_FONT, "text-padding": 10,
                      "text-size": interpolate([(10, 9), (14, 12)]), "text-anchor": "top", "text-offset": [0, 0.5], "text-max-width": 10},
              paint=label_paint(0.9), metadata=label_roles),
        layer("poi-symbol", "circle", "openmaptiles", "poi", minzoom=12, visible=False, filter=sights,
              paint={"circle-radius": 3, "circle-color": colors["accent"], "circle-stroke-width": 1, "circle-stroke-color": colors["background"]},
              metadata=meta(toggle="pois")),
        layer("poi-label", "symbol", "openmaptiles", "poi", minzoom=13, visible=False, filter=sights,
              layout={"text-field": name, "text-font": LABEL_FONT, "text-size": 9, "text-padding": 10, "text-anchor": "top",
                      "text-offset": [0, 0.8], "text-max-width": 10},
              paint=label_paint(0.8), metadata=label_roles),
    ]

    fonts = title_font(style)
    return {
        "version": 8,
        "name": style["name"],
        "metadata": {
            "cartopress:description": style["description"],
            "cartopress:default-palette": style["defaultPalette"],
            "cartopress:title-font": {"family": fonts, "weight": 800},
            "cartopress:subtitle-font": {"family": fonts, "weight": 400},
            "cartopress:source": "carto-art style \"%s\" (kkingsbe/carto-art ef97c4f), written by scripts/build-styles.py" % sid,
        },
        "center": [24.9384, 60.1699],
        "zoom": 12,
        # carto-art's createBuilding3DLight: the noon preset, anchored to the viewport.
        "light": {"anchor": "viewport", "position": [1.5, 180, 25], "color": "#FFFFFF", "intensity": 0.45},
        "sources": {
            "openmaptiles": {"type": "vector", "url": "pmtiles://Data/helsinki.pmtiles", "maxzoom": 14},
            "terrain": {"type": "raster-dem", "url": "pmtiles://Data/jacksboro-dem.pmtiles", "encoding": "terrarium",
                        "tileSize": 256, "maxzoom": 12, "attribution": "Elevation: matplotlib sample data"},
            # carto-art's contour intervals by zoom (minor*index metres); none below zoom 11.
            "contours": {"type": "vector", "maxzoom": 15, "tiles": [
                "dem-contour://{z}/{x}/{y}?source=terrain&thresholds=11*100*500~12*50*200~13*20*100~14*10*50~15*5*20"
                "&contourLayer=contours&elevationKey=ele&levelKey=level"]},
        },
        "layers": layers,
    }


def detailed_contours(derived, paper):
    """Topographic's contours: regular and index lines and labelled elevations, their spacing by zoom."""
    out = []
    # (suffix, minzoom, maxzoom, regular filter, index filter), as carto-art rewrites them for 50 m density.
    bands = [
        ("-low", None, 11, ["all", ["==", ["%", ["get", "ele"], 200], 0], ["!=", ["%", ["get", "ele"], 1000], 0]],
         ["==", ["%", ["get", "ele"], 1000], 0]),
        ("-mid", 11, 13, ["!=", ["%", ["get", "ele"], 500], 0], ["==", ["%", ["get", "ele"], 500], 0]),
        ("", 13, None, ["all", ["==", ["%", ["get", "ele"], 50], 0], ["!=", ["%", ["get", "ele"], 250], 0]],
         ["==", ["%", ["get", "ele"], 250], 0]),
    ]
    above_sea = [">", ["get", "ele"], 0]
    for suffix, lo, hi, regular, index in bands:
        out.append(layer(f"contours-regular{suffix}", "line", "contours", "contours", minzoom=lo, maxzoom=hi, visible=False,
                         filter=["all", above_sea, regular], layout={"line-join": "round", "line-cap": "round"},
                         paint={"line-color": derived["contour"],
                                "line-width": interpolate([(9, 0.8), (10, 0.9), (11, 1.0), (12, 1.2), (13, 1.5), (14, 1.8), (15, 2.0)]),
                                "line-opacity": interpolate([(9, 0.65), (11, 0.75), (13, 0.85)])},
                         metadata=meta("contour", "contours")))
        out.append(layer(f"contours-index{suffix}", "line", "contours", "contours", minzoom=lo, maxzoom=hi, visible=False,
                         filter=["all", above_sea, index], layout={"line-join": "round", "line-cap": "round"},
                         paint={"line-color": derived["contourIndex"],
                                "line-width": interpolate([(9, 0.5), (10, 0.8), (11, 1.0), (12, 1.4), (13, 1.8), (14, 2.2), (15, 2.6)]),
                                "line-opacity": interpolate([(9, 0.5), (11, 0.65), (13, 0.8)])},
                         metadata=meta("contour-index", "contours")))
        out.append(layer(f"contours-labels{suffix}", "symbol", "contours", "contours", minzoom=lo, maxzoom=hi, visible=False,
                         filter=["all", above_sea, index],
                         layout={"symbol-placement": "line", "text-field": ["concat", ["to-string", ["get", "ele"]], "m"],
                                 "text-font": LABEL_FONT, "text-max-angle": 30, "text-padding": 10,
                                 "text-size": interpolate([(9, 7), (10, 8), (11, 8.5), (12, 9), (13, 9.5), (14, 10), (15, 11)]),
                                 "symbol-spacing": interpolate([(9, 250), (10, 300), (12, 350), (14, 400)])},
                         paint={"text-color": derived["contourIndex"], "text-halo-color": paper, "text-halo-width": 1.5,
                                "text-halo-blur": 0.5, "text-opacity": interpolate([(9, 0.7), (10, 0.8), (11, 0.9), (12, 1)])},
                         metadata=meta("contour-index", "contours", roles={"text-halo-color": "background"})))
    return out


def parse_color(text):
    """(r, g, b, a) in 0-1 from #rgb, #rrggbb, #rrggbbaa or rgba(r, g, b, a)."""
    text = text.strip()
    if text.startswith("#"):
        h = text[1:]
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        a = int(h[6:8], 16) / 255 if len(h) == 8 else 1.0
        return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255, a
    inner = text[text.index("(") + 1:text.rindex(")")].split(",")
    r, g, b = (float(v) / 255 for v in inner[:3])
    return r, g, b, float(inner[3]) if len(inner) > 3 else 1.0


def hex_color(r, g, b):
    return "#%02x%02x%02x" % tuple(round(min(max(v, 0), 1) * 255) for v in (r, g, b))


def roof_color(color):
    """The colour MapLibre gives a fill-extrusion's roof seen from above under carto-art's light (intensity 0.45,
    white, polar angle 25 degrees, so the roof faces it fully): ambient 0.03 added to each channel, then
    scaled by max(1.45 - luminance, 1) and clamped. The colour is premultiplied, as MapLibre keeps it."""
    r, g, b, a = parse_color(color)
    r, g, b = r * a, g * a, b * a
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    directional = max(1.0 - luminance + 0.45, 1.0)
    return hex_color(*(min((c + 0.03) * directional, 1.0) for c in (r, g, b)))


def roles_of(palette):
    c, d = palette["colors"], palette["derived"]
    roads = c["roads"]
    roles = {
        "background": c["background"], "text": c["text"], "border": c["border"], "accent": c["accent"],
        "water": c["water"], "green": c["greenSpace"], "building": c["buildings"],
        "building-roof": roof_color(c.get("buildings") or c["text"]),
        "road-motorway": roads["motorway"], "road-trunk": roads["trunk"], "road-primary": roads["primary"],
        "road-secondary": roads["secondary"], "road-tertiary": roads["tertiary"],
        "road-residential": roads["residential"], "road-service": roads["service"],
        "shade": d["hillshadeShadow"], "shade-highlight": d["hillshadeHighlight"],
        "contour": d["contour"], "contour-index": d.get("contourIndex", d["contour"]),
    }
    for key in ["landcover-wood", "landcover-grass", "landcover-farmland", "landcover-ice", "landuse-forest",
                "landuse-orchard", "landuse-vineyard", "landuse-cemetery"]:
        roles[key] = d[key]
    if "bathymetry" in d:
        r, g, b, _ = parse_color(d["bathymetry"]["color"])
        roles["bathymetry"] = "rgba(%d, %d, %d, %s)" % (round(r * 255), round(g * 255), round(b * 255), d["bathymetry"]["opacity"])
    return roles


def build_palettes(style, palettes):
    out = []
    for pid in style["palettes"]:
        p = palettes[pid]
        out.append({"id": pid, "name": p["name"], "dark": p["dark"], "colors": roles_of(p)})
    return {"palettes": out}


def main():
    check = "--check" in sys.argv[1:]
    facts = json.load(open(FACTS, encoding="utf-8"))
    palettes = {p["id"]: p for p in facts["palettes"]}
    outputs = {}
    for order, style in enumerate(facts["styles"]):
        s = build_style(style, palettes)
        s["metadata"]["cartopress:order"] = order
        outputs[f"{style['id']}.json"] = s
        outputs[f"{style['id']}.palettes.json"] = build_palettes(style, palettes)
    stale = []
    for name, value in outputs.items():
        text = json.dumps(value, indent=1, ensure_ascii=False) + "\n"
        path = os.path.join(STYLES, name)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current != text:
            stale.append(name)
            if not check:
                open(path, "w", encoding="utf-8").write(text)
    known = set(outputs) | {"README.md", "LICENSE", "source"}
    extra = sorted(n for n in os.listdir(STYLES) if n not in known)
    if check:
        if stale or extra:
            print("Styles/ is out of date with Styles/source/cartoart.json; run python3 scripts/build-styles.py:",
                  ", ".join(stale + [f"{n} (not generated)" for n in extra]), file=sys.stderr)
            sys.exit(1)
        print(f"Styles/ matches its facts: {len(facts['styles'])} styles, {len(facts['palettes'])} palettes")
    else:
        for name in extra:
            os.remove(os.path.join(STYLES, name))
        print(f"wrote {len(stale)} files; removed {len(extra)}")


if __name__ == "__main__":
    main()
