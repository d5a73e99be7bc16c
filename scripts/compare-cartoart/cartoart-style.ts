// Driver for scripts/compare-cartoart: prints nothing of carto-art's own, it only
// calls carto-art's public style modules the way its poster API does and writes
// the resulting MapLibre style JSON, one file per style id.
//
// It is bundled by run.sh with esbuild, with the import prefix `cartoart/`
// aliased to the `frontend/` folder of a carto-art checkout given on the
// command line (carto-art is AGPL; none of its code lives in this repo).
//
// Usage (after bundling): node cartoart-style.cjs OUT_DIR [--all-palettes] [style-id ...]
//
// --all-palettes also writes STYLE@PALETTE-ID.json for every palette the style
// lists, as carto-art's editor draws it when that palette is picked (the same
// applyPaletteToStyle call, same API-default layers), and lists them in
// index.json under `palettes`.
import { styles, getStyleById } from 'cartoart/lib/styles';
import { applyPaletteToStyle } from 'cartoart/lib/styles/applyPalette';
import { DEFAULT_CONFIG } from 'cartoart/lib/config/defaults';
import * as fs from 'fs';
import * as path from 'path';

// The option defaults of carto-art's poster API (POST /api/v1/posters/generate,
// SimplifiedPosterSchema.options), mapped to PosterConfig.layers exactly as its
// route does.
const API_OPTIONS = {
  buildings_3d: false, streets: true, water: true, parks: true, buildings: true,
  labels: true, terrain: false, terrain_under_water: false, contours: false,
  boundaries: false, population: false, pois: false, marker: false,
  landcover_wood: false, landcover_grass: false, landcover_farmland: false,
  landcover_ice: false, landuse_forest: false, landuse_orchard: false,
  landuse_vineyard: false, landuse_cemetery: false, landuse_grass: false,
};

function apiLayers(o: typeof API_OPTIONS) {
  return {
    streets: o.streets, buildings: o.buildings, water: o.water, parks: o.parks,
    labels: o.labels, buildings3D: o.buildings_3d, buildings3DPitch: 0, buildings3DBearing: 0,
    terrain: o.terrain, terrainUnderWater: o.terrain_under_water, contours: o.contours,
    boundaries: o.boundaries, population: o.population, pois: o.pois, marker: o.marker,
    landcoverWood: o.landcover_wood, landcoverGrass: o.landcover_grass,
    landcoverFarmland: o.landcover_farmland, landcoverIce: o.landcover_ice,
    landuseForest: o.landuse_forest, landuseOrchard: o.landuse_orchard,
    landuseVineyard: o.landuse_vineyard, landuseCemetery: o.landuse_cemetery,
    landuseGrass: o.landuse_grass,
    labelSize: 1, roadWeight: 1, labelsCities: o.labels,
  };
}

const outDir = process.argv[2];
if (!outDir || outDir.startsWith('--')) {
  console.error('usage: node cartoart-style.cjs OUT_DIR [--all-palettes] [style-id ...]');
  process.exit(2);
}
const allPalettes = process.argv.includes('--all-palettes');
const wanted = process.argv.slice(3).filter((a) => a !== '--all-palettes');
const ids = wanted.length ? wanted : styles.map((s: any) => s.id);
fs.mkdirSync(outDir, { recursive: true });
const index: any[] = [];
for (const id of ids) {
  const style: any = getStyleById(id);
  if (!style || style.id !== id) {
    index.push({ id, missing: true });
    continue;
  }
  // carto-art's headless renderer (app/renderer/page.tsx mergeWithDefaults)
  // lays the API's layers over DEFAULT_CONFIG.layers, so keys the API does not
  // set (railroads, labels-streets, ...) keep the editor defaults.
  const layers = { ...(DEFAULT_CONFIG as any).layers, ...apiLayers(API_OPTIONS) };
  const palette = style.defaultPalette;
  const mapStyle = applyPaletteToStyle(style.mapStyle, palette, layers, style.layerToggles);
  fs.writeFileSync(path.join(outDir, `${id}.json`), JSON.stringify(mapStyle, null, 1));
  // What the API-default poster shows, per carto-art layer toggle: on when
  // any of the toggle's layers is in the style and visible.
  const visible = new Set(
    mapStyle.layers.filter((l: any) => l.layout?.visibility !== 'none').map((l: any) => l.id));
  const present = new Set(mapStyle.layers.map((l: any) => l.id));
  const toggles: Record<string, boolean> = {};
  for (const t of style.layerToggles as any[]) {
    if (t.layerIds.some((lid: string) => present.has(lid))) {
      toggles[t.id] = t.layerIds.some((lid: string) => visible.has(lid));
    }
  }
  // CartoPress's one `labels` switch stands for carto-art's `layers.labels`,
  // which also thins roads (x0.8) in applyPaletteToStyle. Whether any label is
  // actually drawn is reported apart: with the API defaults none is, because
  // the label toggles (labels-cities, ...) read keys the API never sets.
  toggles.labels = Boolean(layers.labels);
  const symbolsVisible = mapStyle.layers
    .filter((l: any) => l.type === 'symbol' && l.layout?.visibility !== 'none')
    .map((l: any) => l.id);
  const entry: any = {
    id, name: style.name, palette: palette.id, paletteName: palette.name,
    toggles, symbolsVisible, layers,
  };
  if (allPalettes) {
    // What the editor draws when the user picks each of the style's palettes:
    // the layers (and so the toggles above) do not depend on the palette.
    entry.palettes = (style.palettes as any[]).map((p: any) => {
      const file = `${id}@${p.id}.json`;
      const s = applyPaletteToStyle(style.mapStyle, p, layers, style.layerToggles);
      fs.writeFileSync(path.join(outDir, file), JSON.stringify(s, null, 1));
      return { id: p.id, name: p.name, file };
    });
  }
  index.push(entry);
}
fs.writeFileSync(path.join(outDir, 'index.json'), JSON.stringify(index, null, 1));
const nPalettes = index.reduce((n, e) => n + (e.palettes?.length ?? 0), 0);
process.stderr.write(`wrote ${index.filter((e) => !e.missing).length} style(s)`
  + (allPalettes ? ` and ${nPalettes} palette(s)` : '') + ` to ${outDir}\n`);
