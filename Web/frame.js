// The poster around the map, laid out as CartoPress lays out the print (Sources/PosterRenderer/
// PosterLayout.swift, PosterTheme.swift, PosterTypographer.swift): the same fractions of the poster's
// shorter side, computed in the print's device pixels and drawn scaled into the preview frame.

/** PosterTheme.minimal: every size is a fraction of the poster's shorter side. */
export const THEME = Object.freeze({
  margin: 0.06,
  titleSize: 0.072,
  titleTracking: 0.32,
  subtitleSize: 0.026,
  subtitleTracking: 0.12,
  detailSize: 0.017,
  detailTracking: 0.14,
  attributionSize: 0.0105,
});

/** The print's attribution line (PosterSpec.attribution). */
export const ATTRIBUTION = '© OpenStreetMap contributors';

const MONO = new Set(['JetBrains Mono', 'IBM Plex Mono', 'Space Mono']);
const SERIF = new Set(['Noto Serif', 'EB Garamond', 'Playfair Display', 'Crimson Text', 'Cormorant Garamond', 'Spectral']);

/** A CSS font stack for a bundled family: the family itself when the browser has it, else its kind. */
export function fontStack(family) {
  const fallback = MONO.has(family)
    ? 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace'
    : SERIF.has(family)
      ? 'Georgia, "Times New Roman", serif'
      : 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  return `"${family}", ${fallback}`;
}

const measurer = document.createElement('canvas').getContext('2d');

function canvasFont(face, size) {
  return `${face.weight} ${size}px ${fontStack(face.family)}`;
}

/** Cap height, ascent and descent of a face as fractions of its size, as the browser will draw it. */
function metrics(face) {
  measurer.font = canvasFont(face, 100);
  const m = measurer.measureText('H');
  return {
    cap: (m.actualBoundingBoxAscent || 72) / 100,
    ascent: (m.fontBoundingBoxAscent || 95) / 100,
    descent: (m.fontBoundingBoxDescent || 25) / 100,
  };
}

/** The advance of `text` at `size` with `spacing` after every character (as the shaper's letterSpacing). */
function advance(face, text, size, spacing) {
  measurer.font = canvasFont(face, size);
  return measurer.measureText(text).width + spacing * [...text].length;
}

/** Uppercases as the print does (String+TitleCase.swift): Greek capitals lose their accents. */
export function titleUppercased(text) {
  const upper = text.toUpperCase();
  if (!/[\u0370-\u03FF\u1F00-\u1FFF]/u.test(upper)) return upper;
  return upper
    .normalize('NFD')
    .replace(/([\u0370-\u03FF\u1F00-\u1FFF])[\u0300\u0301\u0313\u0314\u0342\u0345]+/gu, '$1')
    .normalize('NFC');
}

/** The coordinates line: LngLat.formattedForPoster, e.g. `60.1699° N / 24.9384° E`. */
export function formatCoordinates(lat, lng) {
  const latText = `${Math.abs(lat).toFixed(4)}° ${lat >= 0 ? 'N' : 'S'}`;
  const lngText = `${Math.abs(lng).toFixed(4)}° ${lng >= 0 ? 'E' : 'W'}`;
  return `${latText} / ${lngText}`;
}

const rect = (minX, minY, maxX, maxY) => ({ x: minX, y: minY, w: maxX - minX, h: maxY - minY });
const grown = (r, d) => ({ x: r.x - d, y: r.y - d, w: r.w + 2 * d, h: r.h + 2 * d });

/**
 * The poster's layout in the print's device pixels (PosterLayout.init).
 *
 * @param p `{width, height, margin (fraction or null), textPosition, backdrop, border, mask, titleScale,
 *   titleLetterSpacing (or null), allCaps, title, subtitle, showTitle, showSubtitle, showCoordinates,
 *   coordinates, faces: {title, subtitle, detail}}`, each face `{family, weight}`.
 */
export function layoutPoster(p) {
  const w = p.width;
  const h = p.height;
  const unit = Math.min(w, h);
  const margin = Math.round((p.margin ?? THEME.margin) * unit);
  const { faces } = p;

  const titleText = p.showTitle ? (p.allCaps ? titleUppercased(p.title) : p.title) : '';
  const subtitleText = p.showSubtitle ? p.subtitle : '';
  const showsDetail = p.showCoordinates;
  const tracking = p.titleLetterSpacing ?? THEME.titleTracking;

  // A long title (or subtitle) is set smaller until it fits the frame.
  const maxTextWidth = Math.max(w - 2 * margin, 1) * 0.94;
  let titleSize = THEME.titleSize * Math.max(p.titleScale, 0.1) * unit;
  const titleAdvance = advance(faces.title, titleText, titleSize, tracking * titleSize);
  if (titleAdvance > maxTextWidth) titleSize *= maxTextWidth / titleAdvance;
  let subtitleSize = THEME.subtitleSize * unit;
  const subtitleAdvance = advance(faces.subtitle, subtitleText, subtitleSize, THEME.subtitleTracking * subtitleSize);
  const subtitleCap = metrics(faces.subtitle).cap * subtitleSize;
  if (subtitleAdvance > maxTextWidth) subtitleSize *= maxTextWidth / subtitleAdvance;
  const detailSize = THEME.detailSize * unit;

  const titleCap = metrics(faces.title).cap * titleSize;
  const detailCap = metrics(faces.detail).cap * detailSize;

  // The block, measured from its top edge to each baseline.
  let cursor = 0;
  let titleBaseline = null;
  let ruleTop = null;
  let subtitleBaseline = null;
  let detailBaseline = null;
  if (titleText) {
    cursor += 0.05 * unit + titleCap;
    titleBaseline = cursor;
  }
  if (titleText && (subtitleText || showsDetail)) {
    cursor += 0.03 * unit;
    ruleTop = cursor;
  }
  if (subtitleText) {
    cursor += (titleBaseline === null ? 0.045 : 0.03) * unit + subtitleCap;
    subtitleBaseline = cursor;
  }
  if (showsDetail) {
    cursor += (cursor === 0 ? 0.045 : 0.024) * unit + detailCap;
    detailBaseline = cursor;
  }
  const blockHeight = cursor === 0 ? 0 : cursor + 0.045 * unit;

  // Text over the map (a backdrop, or the centre) leaves the map the whole frame; otherwise the block
  // has a band of paper of its own above or below the map.
  const frame = rect(margin, margin, w - margin, h - margin);
  const overlaid = blockHeight > 0 && (p.backdrop !== 'none' || p.textPosition === 'center');
  let mapRect;
  let blockTop;
  let backdrop = null;
  if (overlaid) {
    mapRect = rect(frame.x, frame.y, frame.x + frame.w, Math.max(frame.y + 1, frame.y + frame.h));
    if (p.textPosition === 'top') blockTop = frame.y;
    else if (p.textPosition === 'bottom') blockTop = frame.y + frame.h - blockHeight;
    else blockTop = (2 * frame.y + frame.h - blockHeight) / 2;
    blockTop = Math.round(blockTop);
    if (p.backdrop !== 'none') {
      const veilTop = p.textPosition === 'top' ? frame.y : blockTop;
      const veilBottom = p.textPosition === 'bottom' ? frame.y + frame.h : blockTop + blockHeight;
      backdrop = { rect: rect(frame.x, veilTop, frame.x + frame.w, veilBottom), kind: p.backdrop, position: p.textPosition };
    }
  } else if (p.textPosition === 'top' && blockHeight > 0) {
    const mapTop = Math.round(Math.max(margin, blockHeight + margin * 0.35));
    mapRect = rect(margin, Math.min(mapTop, h - margin - 1), w - margin, h - margin);
    blockTop = mapTop - blockHeight;
  } else {
    const mapBottom = Math.round(h - Math.max(margin, blockHeight + margin * 0.35));
    mapRect = rect(margin, margin, w - margin, Math.max(margin + 1, mapBottom));
    blockTop = mapBottom;
  }

  const lines = [];
  const line = (kind, text, baseline, face, size, spacing, opacity) => {
    if (baseline === null || !text) return;
    const m = metrics(face);
    lines.push({ kind, text, face, size, spacing, opacity, baseline: Math.round(blockTop + baseline), ascent: m.ascent, descent: m.descent });
  };
  line('title', titleText, titleBaseline, faces.title, titleSize, tracking * titleSize, 1);
  line('subtitle', subtitleText, subtitleBaseline, faces.subtitle, subtitleSize, THEME.subtitleTracking * subtitleSize, 1);
  line('detail', showsDetail ? p.coordinates : '', detailBaseline, faces.detail, detailSize, THEME.detailTracking * detailSize, 0.75);

  let rule = null;
  if (ruleTop !== null) {
    const ruleWidth = Math.round(0.06 * unit);
    const thickness = Math.max(1, Math.round(0.0016 * unit));
    rule = { x: Math.round((w - ruleWidth) / 2), y: Math.round(blockTop + ruleTop), w: ruleWidth, h: thickness };
  }

  // The map's shape and the strokes around it (drawn outside the outline, so the map keeps every pixel).
  const side = Math.min(mapRect.w, mapRect.h);
  const circle = p.mask === 'circle'
    ? { x: mapRect.x + (mapRect.w - side) / 2, y: mapRect.y + (mapRect.h - side) / 2, w: side, h: side } : null;
  const outline = circle ?? mapRect;
  const thin = Math.max(1, Math.round(0.0016 * unit));
  const strokes = [];
  switch (p.border) {
    case 'thin': strokes.push({ rect: outline, width: thin }); break;
    case 'thick': strokes.push({ rect: outline, width: Math.max(2, Math.round(0.006 * unit)) }); break;
    case 'double':
      strokes.push({ rect: outline, width: thin });
      strokes.push({ rect: grown(outline, Math.round(0.008 * unit)), width: thin });
      break;
    case 'inset': strokes.push({ rect: grown(outline, -Math.round(0.015 * unit)), width: thin }); break;
    default: break;
  }

  // The attribution: under the map's right edge, or inside its corner when the margin has no room.
  const attributionSize = Math.max(7, THEME.attributionSize * unit);
  const am = metrics(faces.detail);
  const attributionCap = am.cap * attributionSize;
  const inside = h - (mapRect.y + mapRect.h) < 0.012 * unit + 2 * attributionCap;
  const attribution = {
    text: ATTRIBUTION,
    face: faces.detail,
    size: attributionSize,
    spacing: 0.02 * attributionSize,
    opacity: 0.6,
    ascent: am.ascent,
    descent: am.descent,
    baseline: Math.round(inside ? mapRect.y + mapRect.h - 0.01 * unit : mapRect.y + mapRect.h + 0.012 * unit + attributionCap),
    right: inside ? mapRect.x + mapRect.w - 0.01 * unit : w - margin,
  };

  return { width: w, height: h, unit, margin, mapRect, circle, strokes, lines, rule, backdrop, attribution };
}

// --- Drawing the layout into the preview ------------------------------------------------------------

function rgba(hex, alpha) {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex ?? '');
  if (!m) return `rgba(0, 0, 0, ${alpha})`;
  let digits = m[1];
  if (digits.length === 3) digits = [...digits].map((c) => c + c).join('');
  const n = parseInt(digits, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Near-black on light paper, near-white on dark paper (PosterLayout.contrastingText). */
export function contrastingText(paper) {
  const m = /^#?([0-9a-f]{6})$/i.exec(paper ?? '');
  if (!m) return '#1C1C1C';
  const n = parseInt(m[1], 16);
  const channel = (shift) => ((n >> shift) & 255) / 255;
  const luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
  return luminance > 0.5 ? '#1C1C1C' : '#F2F0EB';
}

function place(el, r, s) {
  el.style.left = `${r.x * s}px`;
  el.style.top = `${r.y * s}px`;
  el.style.width = `${r.w * s}px`;
  el.style.height = `${r.h * s}px`;
}

/** Sets a text line so that its baseline falls at `line.baseline` (the line box is ascent + descent tall). */
function setLine(el, line, s, color) {
  const size = line.size * s;
  el.hidden = false;
  el.textContent = line.text;
  el.style.fontFamily = fontStack(line.face.family);
  el.style.fontWeight = String(line.face.weight);
  el.style.fontSize = `${size}px`;
  el.style.letterSpacing = `${line.spacing * s}px`;
  el.style.lineHeight = `${(line.ascent + line.descent) * size}px`;
  el.style.top = `${line.baseline * s - line.ascent * size}px`;
  el.style.color = color;
  el.style.opacity = String(line.opacity);
}

/**
 * Draws `layout` into the preview's elements at `s` CSS pixels per print pixel.
 * @param els `{poster, map, mask, backdrop, strokes, rule, title, subtitle, detail, attribution, marker}`
 */
export function paintPoster(els, layout, s, colors, showMarker) {
  const { paper, text } = colors;
  els.poster.style.width = `${layout.width * s}px`;
  els.poster.style.height = `${layout.height * s}px`;
  els.poster.style.backgroundColor = paper;
  els.poster.style.color = text;
  place(els.map, layout.mapRect, s);
  els.map.style.backgroundColor = paper;

  // Paper outside a circular mask.
  if (layout.circle) {
    els.mask.hidden = false;
    place(els.mask, layout.mapRect, s);
    els.mask.style.background = `radial-gradient(circle closest-side, transparent calc(100% - 0.75px), ${paper} 100%)`;
  } else {
    els.mask.hidden = true;
  }

  if (layout.backdrop) {
    const { rect: r, kind, position } = layout.backdrop;
    els.backdrop.hidden = false;
    place(els.backdrop, r, s);
    if (kind === 'gradient') {
      const clear = rgba(paper, 0);
      const solid = rgba(paper, 0.94);
      const stops = position === 'center'
        ? `${clear} 0%, ${solid} 30%, ${solid} 70%, ${clear} 100%`
        : position === 'top' ? `${solid} 0%, ${solid} 60%, ${clear} 100%` : `${clear} 0%, ${solid} 40%, ${solid} 100%`;
      els.backdrop.style.background = `linear-gradient(to bottom, ${stops})`;
    } else {
      els.backdrop.style.background = rgba(paper, kind === 'strong' ? 0.9 : 0.62);
    }
  } else {
    els.backdrop.hidden = true;
  }

  els.strokes.replaceChildren(...layout.strokes.map((stroke) => {
    const el = document.createElement('div');
    el.className = 'poster-stroke';
    place(el, grown(stroke.rect, stroke.width), s);
    el.style.borderWidth = `${stroke.width * s}px`;
    el.style.borderColor = text;
    if (layout.circle) el.style.borderRadius = '50%';
    return el;
  }));

  if (layout.rule) {
    els.rule.hidden = false;
    place(els.rule, layout.rule, s);
    els.rule.style.height = `${Math.max(layout.rule.h * s, 0.75)}px`;
    els.rule.style.backgroundColor = text;
  } else {
    els.rule.hidden = true;
  }

  for (const kind of ['title', 'subtitle', 'detail']) {
    const line = layout.lines.find((l) => l.kind === kind);
    if (line) setLine(els[kind], line, s, text);
    else els[kind].hidden = true;
  }

  const a = layout.attribution;
  setLine(els.attribution, a, s, text);
  els.attribution.style.left = 'auto';
  els.attribution.style.right = `${(layout.width - a.right) * s}px`;

  // options.marker: a pin at the map's centre in the text colour, 4% of the shorter side tall.
  els.marker.hidden = !showMarker;
  if (showMarker) {
    const r = layout.mapRect;
    const size = 0.04 * layout.unit * s;
    els.marker.style.width = `${size}px`;
    els.marker.style.height = `${size}px`;
    els.marker.style.left = `${(r.x + r.w / 2) * s - size / 2}px`;
    els.marker.style.top = `${(r.y + r.h / 2) * s - size}px`;
    els.marker.style.color = text;
    els.marker.style.setProperty('--paper', paper);
  }
}

/*
 * Zoom. PosterSpec.zoom is a MapLibre zoom in CSS pixels: the Camera that draws the print's map has
 * worldScale = 512 · 2^zoom · pixelRatio device pixels per world width (Sources/Geo/Camera.swift), and
 * draws into the layout's mapRect, so the print's map spans mapRect.w / (512 · 2^zoom · pixelRatio) of
 * the world's width. The preview map is a container `cssWidth` CSS pixels wide, and MapLibre GL JS at
 * zoom zp spans cssWidth / (512 · 2^zp) of the world (GL JS's zoom is in CSS pixels, whatever the
 * screen's devicePixelRatio). The same ground extent needs
 *     cssWidth / 2^zp = mapRect.w / (2^zoom · pixelRatio)
 *     zp = zoom + log2(pixelRatio · cssWidth / mapRect.w)
 * i.e. the print zoom plus log2 of (preview CSS pixels per print CSS pixel). The designer lays the map
 * out at the print's own CSS size (cssWidth = mapRect.w / pixelRatio) and scales it into the frame with a
 * CSS transform, so that lines and labels keep their print proportions; the offset is then 0 and the
 * preview's zoom is the print's. The functions stay general for a container of any size.
 */
export const previewZoom = (zoom, pixelRatio, cssWidth, mapRectWidth) => zoom + Math.log2((pixelRatio * cssWidth) / mapRectWidth);
export const printZoom = (zp, pixelRatio, cssWidth, mapRectWidth) => zp - Math.log2((pixelRatio * cssWidth) / mapRectWidth);
