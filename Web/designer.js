// The poster designer: the controls, the preview (a MapLibre GL JS map inside the poster's frame) and
// the render (POST /api/v1/posters/generate, then the job's progress and the download link).

import * as api from './api.js';
import { contrastingText, formatCoordinates, layoutPoster, paintPoster, previewZoom, printZoom } from './frame.js';
import { setUpPlaceSearch } from './search.js';

const $ = (id) => document.getElementById(id);

// --- What the request can ask for ------------------------------------------------------------------

/** carto-art's aspect ratios (frontend/lib/styles/dimensions.ts) as format.aspect_ratio values: width / height. */
const ASPECT_RATIOS = [
  { value: '2:3', label: '2:3', ratio: 2 / 3 },
  { value: '3:4', label: '3:4', ratio: 3 / 4 },
  { value: '4:5', label: '4:5', ratio: 4 / 5 },
  { value: '1:1', label: '1:1 (square)', ratio: 1 },
  { value: 'iso_a', label: 'ISO A paper (1:√2)', ratio: 1 / Math.SQRT2 },
  { value: '16:9', label: '16:9', ratio: 16 / 9 },
  { value: '16:10', label: '16:10', ratio: 16 / 10 },
  { value: '9:16', label: '9:16', ratio: 9 / 16 },
  { value: '9:19.5', label: '9:19.5 (phone)', ratio: 9 / 19.5 },
];

/** carto-art's export resolutions (frontend/lib/export/constants.ts): the long edge in pixels and the dpi. */
const SIZE_PRESETS = [
  { id: 'small', group: 'Print', name: 'Small print', longEdge: 3600, dpi: 300 },
  { id: 'medium', group: 'Print', name: 'Medium print', longEdge: 5400, dpi: 300 },
  { id: 'large', group: 'Print', name: 'High resolution', longEdge: 7200, dpi: 300 },
  { id: 'ultra', group: 'Print', name: 'Ultra high resolution', longEdge: 10800, dpi: 300 },
  { id: 'thumbnail', group: 'Screen', name: 'Thumbnail', longEdge: 1024, dpi: 72 },
  { id: 'social', group: 'Screen', name: 'Social media', longEdge: 2048, dpi: 72 },
  { id: 'phone', group: 'Screen', name: 'Phone wallpaper', longEdge: 2532, dpi: 72 },
  { id: 'laptop', group: 'Screen', name: 'Laptop wallpaper', longEdge: 2880, dpi: 72 },
  { id: 'desktop-4k', group: 'Screen', name: '4K desktop', longEdge: 3840, dpi: 72 },
];

/** PosterLimits.titleFamilies: the families the bundled fonts provide. */
const TITLE_FAMILIES = [
  'Inter', 'Noto Sans', 'Noto Serif', 'Open Sans', 'Lato', 'Roboto', 'Roboto Condensed', 'EB Garamond', 'Montserrat', 'Poppins',
  'Bebas Neue', 'Oswald', 'Outfit', 'DM Sans', 'JetBrains Mono', 'IBM Plex Mono', 'Space Mono', 'Playfair Display', 'Crimson Text',
  'Cormorant Garamond', 'Quicksand', 'Spectral',
];

const ZOOM_RANGE = [1, 24]; // PosterLimits.zoom
const STAGE_NAMES = {
  starting: 'Starting',
  fetching: 'Fetching map data',
  decoding: 'Decoding tiles',
  drawing: 'Drawing the poster',
  uploading: 'Saving the file',
};

// --- State ------------------------------------------------------------------------------------------

/** Everything the page has chosen; the request is built from it. Central Helsinki, where the bundled tiles are. */
const state = {
  place: { name: 'Helsinki', country: 'Finland', lat: 60.1716, lng: 24.9445 },
  center: { lat: 60.1716, lng: 24.9445 },
  /** The print's MapLibre zoom (camera.zoom); the preview's own zoom is derived from it. */
  zoom: 15.5,
  bearing: 0,
  style: null,
  palette: null,
  options: {},
  labelLanguage: '',
  text: {
    title: 'Helsinki',
    subtitle: 'Finland',
    showTitle: true,
    showSubtitle: true,
    showCoordinates: true,
    allCaps: true,
    position: 'bottom',
    backdrop: 'none',
    font: '',
    weight: '',
    size: 1,
    letterSpacing: 0.32,
  },
  layout: { margin: 6, border: 'none', mask: 'rectangle', marker: false },
  size: { aspect: '2:3', orientation: 'portrait', preset: 'small', format: 'png' },
  job: null,
};

let catalog = [];
/** The chosen style's title and subtitle fonts, from its `cartopress:*-font` metadata when the style carries it. */
let styleFonts = { title: null, subtitle: null };
let map = null;
let lastLayout = null;

const styleEntry = () => catalog.find((s) => s.id === state.style) ?? null;
const paletteEntry = () => styleEntry()?.palettes.find((p) => p.id === state.palette) ?? styleEntry()?.palettes[0] ?? null;

/** The poster's size in device pixels: the preset's long edge on the ratio, turned to the orientation (as the server does). */
function posterSize() {
  const preset = SIZE_PRESETS.find((p) => p.id === state.size.preset) ?? SIZE_PRESETS[0];
  let ratio = (ASPECT_RATIOS.find((a) => a.value === state.size.aspect) ?? ASPECT_RATIOS[0]).ratio;
  const portrait = state.size.orientation === 'portrait';
  if ((ratio > 1) === portrait) ratio = 1 / ratio;
  return ratio <= 1
    ? { width: Math.round(preset.longEdge * ratio), height: preset.longEdge, dpi: preset.dpi, preset }
    : { width: preset.longEdge, height: Math.round(preset.longEdge / ratio), dpi: preset.dpi, preset };
}

/** The server's default pixel ratio: 2 at 2400 px on the shorter side, scaled with the size (PosterRequestParser). */
function pixelRatio({ width, height }) {
  return Math.min(Math.max(Math.min(width, height) / 1200, 0.5), 16);
}

function faces() {
  const t = state.text;
  const styleTitle = styleFonts.title;
  let title;
  if (t.font || t.weight || styleTitle) {
    title = { family: t.font || styleTitle?.family || 'Inter', weight: Number(t.weight || styleTitle?.weight || 500) };
  } else {
    title = { family: 'Inter', weight: 600 };
  }
  const subtitleFamily = t.font || styleFonts.subtitle?.family;
  const subtitle = subtitleFamily ? { family: subtitleFamily, weight: 400 } : { family: 'Inter', weight: 300 };
  return { title, subtitle, detail: { family: 'Inter', weight: 400 } };
}

function colors() {
  const palette = paletteEntry();
  const paper = palette?.colors?.background || '#F7F5F0';
  const text = palette?.colors?.text || contrastingText(paper);
  return { paper, text };
}

/** The `POST /api/v1/posters/generate` body for the current choices. */
function buildRequest() {
  const size = posterSize();
  const t = state.text;
  const options = {};
  const style = styleEntry();
  for (const option of style?.options ?? []) options[option.id] = state.options[option.id] ?? option.default;
  if (state.layout.marker) options.marker = true;
  if (state.labelLanguage) options.label_language = state.labelLanguage;
  const text = {
    title: t.title,
    subtitle: t.subtitle,
    show_title: t.showTitle,
    show_subtitle: t.showSubtitle,
    show_coordinates: t.showCoordinates,
    position: t.position,
    backdrop: t.backdrop,
    all_caps: t.allCaps,
    title_size: t.size,
    title_letter_spacing: t.letterSpacing,
  };
  if (t.font) text.title_font = t.font;
  if (t.weight) text.title_weight = Number(t.weight);
  const bearing = ((state.bearing % 360) + 360) % 360;
  const body = {
    location: { lat: round(state.center.lat, 6), lng: round(state.center.lng, 6) },
    camera: { zoom: round(clamp(state.zoom, ...ZOOM_RANGE), 4), bearing: bearing >= 359.9995 ? 0 : round(bearing, 3) },
    text,
    options,
    format: {
      aspect_ratio: state.size.aspect,
      orientation: state.size.orientation,
      margin: state.layout.margin,
      border: state.layout.border,
      mask: state.layout.mask,
    },
    output: { format: state.size.format, width: size.width, height: size.height, dpi: size.dpi, pixel_ratio: pixelRatio(size) },
  };
  if (state.style) body.style = state.style;
  if (state.palette) body.palette = state.palette;
  return body;
}

const round = (value, digits) => Math.round(value * 10 ** digits) / 10 ** digits;
const clamp = (value, lo, hi) => Math.min(Math.max(value, lo), hi);

// --- Preview ---------------------------------------------------------------------------------------

const els = {
  stage: $('poster-stage'),
  poster: $('poster'),
  map: $('map'),
  mask: $('poster-mask'),
  backdrop: $('poster-backdrop'),
  strokes: $('poster-strokes'),
  rule: $('poster-rule'),
  title: $('poster-title'),
  subtitle: $('poster-subtitle'),
  detail: $('poster-coordinates'),
  attribution: $('poster-attribution'),
  marker: $('poster-marker'),
};

/** Preview CSS pixels per print device pixel: the poster fitted into the stage. */
function previewScale(size) {
  const style = getComputedStyle(els.stage);
  const availableWidth = els.stage.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const availableHeight = els.stage.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  return Math.max(Math.min(availableWidth / size.width, availableHeight / size.height), 1e-4);
}

function currentLayout(size) {
  const t = state.text;
  return layoutPoster({
    width: size.width,
    height: size.height,
    margin: state.layout.margin / 100,
    textPosition: t.position,
    backdrop: t.backdrop,
    border: state.layout.border,
    mask: state.layout.mask,
    titleScale: t.size,
    titleLetterSpacing: t.letterSpacing,
    allCaps: t.allCaps,
    title: t.title,
    subtitle: t.subtitle,
    showTitle: t.showTitle,
    showSubtitle: t.showSubtitle,
    showCoordinates: t.showCoordinates,
    coordinates: formatCoordinates(state.center.lat, state.center.lng),
    faces: faces(),
  });
}

let syncing = false;

/** Lays the poster out again and puts the map in its frame at the zoom that shows the print's extent. */
function relayout() {
  const size = posterSize();
  const s = previewScale(size);
  const layout = currentLayout(size);
  lastLayout = { layout, size, s };
  paintPoster(els, layout, s, colors(), state.layout.marker);
  // GL JS sizes lines and labels in CSS pixels, the print in CSS pixels times its pixel ratio. So the map is
  // drawn at the print's own CSS size and scaled into the frame: lines and labels keep the proportion to
  // the map that they have on paper, and the preview's zoom is the print's.
  const ratio = pixelRatio(size);
  const k = ratio * s;
  els.map.style.width = `${layout.mapRect.w / ratio}px`;
  els.map.style.height = `${layout.mapRect.h / ratio}px`;
  els.map.style.transformOrigin = '0 0';
  els.map.style.transform = `scale(${k})`;
  els.map.style.setProperty('--unscale', String(1 / k));
  if (map) {
    syncing = true;
    map.resize();
    const cssWidth = map.getContainer().clientWidth || layout.mapRect.w / ratio;
    const toPreview = (z) => previewZoom(z, ratio, cssWidth, layout.mapRect.w);
    map.setMinZoom(clamp(toPreview(ZOOM_RANGE[0]), 0, 24));
    map.setMaxZoom(clamp(toPreview(ZOOM_RANGE[1]), 0, 24));
    map.jumpTo({ center: [state.center.lng, state.center.lat], zoom: toPreview(state.zoom), bearing: state.bearing });
    syncing = false;
  }
  updateMeta(size);
}

let relayoutFrame = 0;
function scheduleRelayout() {
  if (relayoutFrame) return;
  relayoutFrame = requestAnimationFrame(() => {
    relayoutFrame = 0;
    relayout();
  });
}

function updateMeta(size = posterSize()) {
  const inches = (px) => {
    const value = px / size.dpi;
    return Number.isInteger(round(value, 1)) ? String(round(value, 1)) : value.toFixed(1);
  };
  $('size-summary').textContent =
    `${size.width.toLocaleString('en')} × ${size.height.toLocaleString('en')} px · ${inches(size.width)} × ${inches(size.height)} in at ${size.dpi} dpi`;
  const style = styleEntry();
  const palette = paletteEntry();
  const parts = [style?.name, palette && style && palette.id !== style.palettes[0]?.id ? palette.name : null,
    `${size.width} × ${size.height} px`, `zoom ${state.zoom.toFixed(2)}`].filter(Boolean);
  $('preview-meta').textContent = parts.join(' · ');
}

/** The map moved (the user, or a fly-to): the request follows its centre, zoom and bearing. */
function onMapMove() {
  if (syncing || !lastLayout) return;
  const centre = map.getCenter().wrap();
  state.center = { lat: centre.lat, lng: centre.lng };
  const cssWidth = map.getContainer().clientWidth || lastLayout.layout.mapRect.w / pixelRatio(lastLayout.size);
  state.zoom = printZoom(map.getZoom(), pixelRatio(lastLayout.size), cssWidth, lastLayout.layout.mapRect.w);
  state.bearing = map.getBearing();
  if (state.text.showCoordinates) els.detail.textContent = formatCoordinates(state.center.lat, state.center.lng);
}

function setUpMap() {
  if (!window.maplibregl) {
    $('map-status').textContent = 'The map preview could not start: MapLibre GL JS did not load.';
    return null;
  }
  const { maplibregl } = window;
  const size = posterSize();
  const layout = lastLayout.layout;
  const instance = new maplibregl.Map({
    container: els.map,
    center: [state.center.lng, state.center.lat],
    zoom: previewZoom(state.zoom, pixelRatio(size), layout.mapRect.w / pixelRatio(size), layout.mapRect.w),
    bearing: state.bearing,
    pitch: 0,
    maxPitch: 0,
    pitchWithRotate: false,
    touchPitch: false,
    attributionControl: false,
    interactive: true,
  });
  // The style's sources carry the OpenStreetMap attribution; compact, bottom left, clear of the print's own line.
  instance.addControl(new maplibregl.AttributionControl({ compact: true }), 'bottom-left');
  instance.addControl(new maplibregl.NavigationControl({ showCompass: true, visualizePitch: false }), 'top-right');
  instance.on('move', onMapMove);
  instance.on('moveend', () => updateMeta());
  instance.on('error', (event) => {
    const message = event?.error?.message ?? 'unknown error';
    $('map-status').textContent = `The preview could not load part of the map: ${message}`;
  });
  instance.on('idle', () => {
    if ($('map-status').dataset.kind === 'loading') {
      $('map-status').textContent = '';
      delete $('map-status').dataset.kind;
    }
  });
  return instance;
}

/** Loads the style for the current choices; `transformStyle` reads the fonts the style titles in. */
function applyStyle() {
  if (!map || !state.style) return;
  const url = api.styleURL(state.style, state.palette, state.options, state.labelLanguage);
  $('map-status').textContent = 'Loading the map…';
  $('map-status').dataset.kind = 'loading';
  map.setStyle(url, {
    transformStyle: (previous, next) => {
      const meta = next?.metadata ?? {};
      const font = (value) => (value && typeof value.family === 'string' ? { family: value.family, weight: Number(value.weight) || 400 } : null);
      const fonts = { title: font(meta['cartopress:title-font']), subtitle: font(meta['cartopress:subtitle-font']) };
      if (JSON.stringify(fonts) !== JSON.stringify(styleFonts)) {
        styleFonts = fonts;
        scheduleRelayout();
      }
      return next;
    },
  });
}

// --- Controls ----------------------------------------------------------------------------------------

const humanize = (id) => {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function renderStyles() {
  const list = $('style-list');
  list.replaceChildren(...catalog.map((style) => {
    const label = document.createElement('label');
    label.className = 'style-card';
    label.title = style.description || style.name;
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'style';
    input.id = `style-${style.id}`;
    input.value = style.id;
    input.checked = style.id === state.style;
    if (style.description) {
      input.setAttribute('aria-describedby', `style-${style.id}-description`);
    }
    const swatch = document.createElement('span');
    swatch.className = 'style-swatch';
    swatch.setAttribute('aria-hidden', 'true');
    const colorsOf = style.palettes[0]?.colors ?? {};
    swatch.style.setProperty('--paper', colorsOf.background || '#eee');
    swatch.style.setProperty('--ink', colorsOf.text || '#333');
    swatch.style.setProperty('--road', colorsOf.primary || '#999');
    const name = document.createElement('span');
    name.className = 'style-name';
    name.textContent = style.name;
    label.append(input, swatch, name);
    if (style.description) {
      const description = document.createElement('span');
      description.id = `style-${style.id}-description`;
      description.className = 'visually-hidden';
      description.textContent = style.description;
      label.append(description);
    }
    input.addEventListener('change', () => {
      if (input.checked) chooseStyle(style.id);
    });
    return label;
  }));
}

function renderPalettes() {
  const style = styleEntry();
  const list = $('palette-list');
  list.replaceChildren(...(style?.palettes ?? []).map((palette, index) => {
    const label = document.createElement('label');
    label.className = 'palette-card';
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'palette';
    input.id = `palette-${palette.id}`;
    input.value = palette.id;
    input.checked = palette.id === state.palette;
    const swatches = document.createElement('span');
    swatches.className = 'swatches';
    swatches.setAttribute('aria-hidden', 'true');
    for (const role of ['background', 'text', 'primary']) {
      const dot = document.createElement('span');
      dot.className = `swatch swatch-${role}`;
      dot.style.backgroundColor = palette.colors?.[role] || 'transparent';
      swatches.append(dot);
    }
    const name = document.createElement('span');
    name.className = 'palette-name';
    name.textContent = index === 0 ? `${palette.name} (default)` : palette.name;
    label.append(input, swatches, name);
    input.addEventListener('change', () => {
      if (!input.checked) return;
      state.palette = palette.id;
      applyStyle();
      scheduleRelayout();
    });
    return label;
  }));
}

function renderOptions() {
  const style = styleEntry();
  const list = $('option-list');
  const options = style?.options ?? [];
  $('option-fieldset').hidden = options.length === 0;
  list.replaceChildren(...options.map((option) => {
    const label = document.createElement('label');
    label.className = 'check';
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.id = `option-${option.id}`;
    input.name = 'option';
    input.value = option.id;
    input.checked = state.options[option.id] ?? option.default;
    input.addEventListener('change', () => {
      state.options[option.id] = input.checked;
      applyStyle();
    });
    label.append(input, ` ${humanize(option.id)}`);
    return label;
  }));
}

function chooseStyle(id) {
  const style = catalog.find((s) => s.id === id);
  if (!style) return;
  state.style = id;
  state.palette = style.palettes[0]?.id ?? null;
  state.options = Object.fromEntries(style.options.map((o) => [o.id, o.default]));
  styleFonts = { title: null, subtitle: null };
  renderPalettes();
  renderOptions();
  applyStyle();
  scheduleRelayout();
}

function fillSelects() {
  const aspect = $('aspect-ratio');
  aspect.replaceChildren(...ASPECT_RATIOS.map((a) => new Option(a.label, a.value, false, a.value === state.size.aspect)));
  const preset = $('size-preset');
  const groups = new Map();
  for (const p of SIZE_PRESETS) {
    if (!groups.has(p.group)) {
      const group = document.createElement('optgroup');
      group.label = p.group;
      groups.set(p.group, group);
    }
    groups.get(p.group).append(new Option(`${p.name} — ${p.longEdge.toLocaleString('en')} px, ${p.dpi} dpi`, p.id, false, p.id === state.size.preset));
  }
  preset.replaceChildren(...groups.values());
  const font = $('title-font');
  for (const family of TITLE_FAMILIES) font.append(new Option(family, family));
}

/** Runs `apply` with the element on `event`, then lays the poster out again. */
function bind(id, event, apply) {
  const el = $(id);
  el.addEventListener(event, () => {
    apply(el);
    scheduleRelayout();
  });
}

function setUpControls() {
  fillSelects();
  const t = state.text;
  $('title').value = t.title;
  $('subtitle').value = t.subtitle;

  bind('title', 'input', (el) => { t.title = el.value; });
  bind('subtitle', 'input', (el) => { t.subtitle = el.value; });
  bind('show-title', 'change', (el) => { t.showTitle = el.checked; });
  bind('show-subtitle', 'change', (el) => { t.showSubtitle = el.checked; });
  bind('show-coordinates', 'change', (el) => { t.showCoordinates = el.checked; });
  bind('all-caps', 'change', (el) => { t.allCaps = el.checked; });
  bind('text-position', 'change', (el) => { t.position = el.value; });
  bind('backdrop', 'change', (el) => { t.backdrop = el.value; });
  bind('title-font', 'change', (el) => { t.font = el.value; });
  bind('title-weight', 'change', (el) => { t.weight = el.value; });
  bind('title-size', 'input', (el) => {
    t.size = Number(el.value);
    $('title-size-value').textContent = `${Math.round(t.size * 100)}%`;
  });
  bind('title-spacing', 'input', (el) => {
    t.letterSpacing = Number(el.value);
    $('title-spacing-value').textContent = t.letterSpacing.toFixed(2);
  });
  bind('margin', 'input', (el) => {
    state.layout.margin = Number(el.value);
    $('margin-value').textContent = `${state.layout.margin}%`;
  });
  bind('border', 'change', (el) => { state.layout.border = el.value; });
  bind('mask', 'change', (el) => { state.layout.mask = el.value; });
  bind('marker', 'change', (el) => { state.layout.marker = el.checked; });
  bind('aspect-ratio', 'change', (el) => { state.size.aspect = el.value; });
  bind('size-preset', 'change', (el) => { state.size.preset = el.value; });
  for (const id of ['orientation-portrait', 'orientation-landscape']) {
    bind(id, 'change', (el) => { if (el.checked) state.size.orientation = el.value; });
  }
  for (const id of ['format-png', 'format-pdf']) {
    bind(id, 'change', (el) => { if (el.checked) state.size.format = el.value; });
  }
  $('label-language').addEventListener('change', (event) => {
    state.labelLanguage = event.target.value;
    applyStyle();
  });

  const key = $('api-key');
  key.value = api.rememberedKey();
  api.setKey(key.value);
  key.addEventListener('input', () => api.setKey(key.value));
  $('api-key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    api.setKey(key.value);
  });

  setUpPlaceSearch({
    input: $('place-search'),
    list: $('place-results'),
    status: $('place-status'),
    onChoose: (place) => {
      state.place = place;
      state.center = { lat: place.lat, lng: place.lng };
      t.title = place.name;
      t.subtitle = place.country;
      $('title').value = t.title;
      $('subtitle').value = t.subtitle;
      relayout();
      if (map) {
        const size = posterSize();
        const cssWidth = map.getContainer().clientWidth;
        map.flyTo({ center: [place.lng, place.lat], zoom: previewZoom(state.zoom, pixelRatio(size), cssWidth, lastLayout.layout.mapRect.w), essential: true });
      }
    },
  });

  $('poster-form').addEventListener('submit', (event) => {
    event.preventDefault();
    render();
  });
  $('cancel-button').addEventListener('click', cancelRender);

  new ResizeObserver(() => scheduleRelayout()).observe(els.stage);
  document.fonts?.addEventListener?.('loadingdone', () => scheduleRelayout());
}

// --- Rendering ---------------------------------------------------------------------------------------

const FIELD_INPUTS = {
  location: 'place-search',
  style: 'style-fieldset',
  palette: 'palette-fieldset',
  'text.title': 'title',
  'text.subtitle': 'subtitle',
  'text.title_font': 'title-font',
  'text.title_weight': 'title-weight',
  'text.title_size': 'title-size',
  'text.title_letter_spacing': 'title-spacing',
  'format.margin': 'margin',
  'format.border': 'border',
  'format.mask': 'mask',
  'format.aspect_ratio': 'aspect-ratio',
  output: 'size-preset',
  'output.width': 'size-preset',
  'output.height': 'size-preset',
  'output.format': 'format-fieldset',
  'options.label_language': 'label-language',
};

function clearErrors() {
  const box = $('form-errors');
  box.hidden = true;
  box.replaceChildren();
  for (const el of document.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
}

function showError(error) {
  const box = $('form-errors');
  const message = document.createElement('p');
  message.className = 'form-errors-message';
  message.textContent = error.message;
  box.replaceChildren(message);
  if (error.details?.length) {
    const list = document.createElement('ul');
    for (const detail of error.details) {
      const item = document.createElement('li');
      const field = document.createElement('code');
      field.textContent = detail.field;
      item.append(field, `: ${detail.reason}`);
      list.append(item);
      const target = FIELD_INPUTS[detail.field] ?? (detail.field.startsWith('options.') ? 'option-fieldset' : null);
      if (target) $(target)?.setAttribute('aria-invalid', 'true');
    }
    box.append(list);
  }
  if (error.status === 401) {
    const hint = document.createElement('p');
    hint.textContent = 'Enter a valid API key at the top of the page.';
    box.append(hint);
  }
  box.hidden = false;
}

function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

let jobController = null;

function setRendering(busy) {
  const button = $('render-button');
  button.disabled = busy;
  button.textContent = busy ? 'Rendering…' : 'Render poster';
  $('poster-form').setAttribute('aria-busy', String(busy));
  $('cancel-button').hidden = !busy || !state.job;
}

function showStatus(doc) {
  const progress = $('job-progress');
  const label = $('job-progress-label');
  const live = $('job-status');
  const value = clamp(Number(doc.progress) || 0, 0, 100);
  progress.value = value;
  progress.textContent = `${value}%`;
  let text;
  switch (doc.status) {
    case 'queued': text = 'Waiting in the queue'; break;
    case 'processing': text = STAGE_NAMES[doc.stage] ?? 'Rendering'; break;
    case 'retrying': text = `Retrying${doc.error?.message ? `: ${doc.error.message}` : ''}`; break;
    case 'completed': text = 'Done'; break;
    case 'failed': text = 'Failed'; break;
    case 'cancelled': text = 'Cancelled'; break;
    default: text = doc.status ?? '';
  }
  label.textContent = doc.status === 'processing' || doc.status === 'queued' ? `${text} · ${value}%` : text;
  // Say the status and stage when they change, not every percent.
  const spoken = `Render ${text.toLowerCase()}.`;
  if (live.textContent !== spoken) live.textContent = spoken;
  state.job = { ...state.job, status: doc.status, progress: value, stage: doc.stage ?? null };
}

function showWarnings(warnings) {
  const list = $('job-warnings');
  const items = (warnings ?? []).filter(Boolean);
  list.hidden = items.length === 0;
  list.replaceChildren(...items.map((warning) => {
    const li = document.createElement('li');
    li.textContent = warning;
    return li;
  }));
}

function showResult(doc) {
  const result = doc.result;
  if (!result?.download_url) {
    showFailure('The poster is done, but the server did not say where it is.');
    return;
  }
  const link = $('download-link');
  link.href = new URL(result.download_url, window.location.href).href;
  const format = String(result.format ?? state.size.format).toUpperCase();
  link.textContent = `Download poster (${format})`;
  link.setAttribute('download', '');
  const details = [`${result.width} × ${result.height} px`, formatBytes(result.file_size)];
  if (Number.isFinite(result.render_time_ms)) details.push(`rendered in ${(result.render_time_ms / 1000).toFixed(1)} s`);
  $('job-result-details').textContent = details.filter(Boolean).join(' · ');
  $('job-result').hidden = false;
  const warnings = [...(state.job?.warnings ?? []), ...(result.warnings ?? [])];
  showWarnings([...new Set(warnings)]);
  $('job-status').textContent = `Your poster is ready: ${result.width} by ${result.height} pixels, ${formatBytes(result.file_size)}.`;
}

function showFailure(message) {
  const box = $('job-error');
  box.textContent = message;
  box.hidden = false;
}

async function render() {
  clearErrors();
  jobController?.abort();
  jobController = new AbortController();
  const { signal } = jobController;
  state.job = null;
  $('job').hidden = true;
  $('job-result').hidden = true;
  $('job-error').hidden = true;
  setRendering(true);
  let queued;
  try {
    queued = await api.generatePoster(buildRequest(), signal);
  } catch (error) {
    if (error.name !== 'AbortError') {
      showError(error);
      $('form-errors').focus();
    }
    setRendering(false);
    return;
  }
  state.job = { id: queued.job_id, status: queued.status, progress: 0, warnings: queued.warnings ?? [] };
  $('job').hidden = false;
  showWarnings(queued.warnings);
  showStatus({ status: queued.status ?? 'queued', progress: 0 });
  setRendering(true);
  try {
    const final = await api.watchJob(queued.job_id, showStatus, signal);
    showStatus(final);
    if (final.status === 'completed') showResult(final);
    else if (final.status === 'failed') showFailure(final.error?.message ?? 'The render failed.');
    else if (final.status === 'cancelled') showFailure('The render was cancelled.');
  } catch (error) {
    if (error.name !== 'AbortError') showFailure(`Lost track of the render: ${error.message}`);
  } finally {
    if (!signal.aborted) setRendering(false);
  }
}

async function cancelRender() {
  const id = state.job?.id;
  if (!id) return;
  $('cancel-button').disabled = true;
  try {
    await api.cancelJob(id);
  } catch (error) {
    // 409: it ended first; the stream reports how.
    if (error.status !== 409) showFailure(`Could not cancel: ${error.message}`);
  } finally {
    $('cancel-button').disabled = false;
  }
}

// --- Start -------------------------------------------------------------------------------------------

async function loadCatalog() {
  try {
    const listing = await api.fetchStyles();
    catalog = Array.isArray(listing?.styles) ? listing.styles : [];
  } catch (error) {
    $('style-list').replaceChildren(Object.assign(document.createElement('p'), {
      className: 'hint error-text',
      textContent: `The styles could not be loaded: ${error.message}`,
    }));
    return;
  }
  if (!catalog.length) return;
  renderStyles();
  chooseStyle(catalog[0].id);
}

let resolveReady;
const ready = new Promise((resolve) => { resolveReady = resolve; });

/** Resolves once the map has a loaded style and has drawn everything it is waiting for. */
function whenIdle() {
  return new Promise((resolve) => {
    if (!map) { resolve(false); return; }
    if (map.isStyleLoaded() && map.loaded() && !map.isMoving()) resolve(true);
    else map.once('idle', () => resolve(true));
  });
}

function start() {
  setUpControls();
  relayout();
  map = setUpMap();
  if (map) {
    map.once('style.load', () => map.once('idle', () => resolveReady(true)));
    relayout();
  }
  window.cartopress = { map, ready, whenIdle, state, buildRequest, layout: () => lastLayout };
  loadCatalog();
}

start();
