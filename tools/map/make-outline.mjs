// Converts Natural Earth's country outlines (as packaged in the npm package world-atlas 2.0.2)
// into src/render/html/world_110m.tsv, the map outline the site build draws from.
//
// Input: the unpacked world-atlas package folder (countries-110m.json, countries-50m.json) and
// the ISO 3166-1 list of Debian's iso-codes package (numeric code -> alpha-2).
// Output: the TSV on standard output: a viewBox line, one `shape` line per country of the 1:110m
// set (ISO alpha-2 code, SVG path in the Equal Earth projection on a 1000-wide grid, integer
// coordinates, Antarctica left out), and one `point` line (longitude, latitude) per country that
// only the 1:50m set draws, at the centre of its largest polygon there.
//
// Run once, when the outline is to be regenerated:
//   cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//   node tools/map/make-outline.mjs /tmp/package > src/render/html/world_110m.tsv
// The projection is the same as `project` in src/render/html/map.rs; keep the two in step.

import fs from "node:fs";
import path from "node:path";

const [atlasDir, isoFile = "/usr/share/iso-codes/json/iso_3166-1.json"] = process.argv.slice(2);
if (!atlasDir) {
  console.error("usage: node tools/map/make-outline.mjs <world-atlas folder> [iso_3166-1.json]");
  process.exit(2);
}
const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

// ISO 3166-1 numeric -> alpha-2; features without a numeric code are named here.
const alpha2 = new Map(readJson(isoFile)["3166-1"].map((c) => [c.numeric, c.alpha_2]));
const BY_NAME = { Kosovo: "XK", "N. Cyprus": "-", Somaliland: "-" };
function codeOf(feature) {
  if (feature.id !== undefined) {
    const code = alpha2.get(feature.id);
    if (!code) throw new Error(`no ISO alpha-2 code for ${feature.id} (${feature.properties.name})`);
    return code;
  }
  const code = BY_NAME[feature.properties.name];
  if (!code) throw new Error(`feature without id: ${feature.properties.name}`);
  return code;
}

// Equal Earth (Šavrič, Patterson, Jenny 2018), scaled so the whole world is 1000 units wide,
// the north pole on y = 0.
const A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
const M = Math.sqrt(3) / 2;
function equalEarth(lon, lat) {
  const lambda = (lon * Math.PI) / 180;
  const theta = Math.asin(M * Math.sin((lat * Math.PI) / 180));
  const t2 = theta * theta, t6 = t2 * t2 * t2;
  const x = (lambda * Math.cos(theta)) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
  const y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
  return [x, y];
}
const X_MAX = equalEarth(180, 0)[0];
const Y_MAX = equalEarth(0, 90)[1];
const SCALE = 500 / X_MAX;
const project = (lon, lat) => {
  const [x, y] = equalEarth(lon, lat);
  return [500 + SCALE * x, SCALE * (Y_MAX - y)];
};

// TopoJSON: arcs are delta-encoded, quantized positions; a ring lists arc indices, ~i meaning
// arc i reversed, and consecutive arcs share their end points.
function decodeArcs(topology) {
  const [sx, sy] = topology.transform.scale;
  const [tx, ty] = topology.transform.translate;
  return topology.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
}
function ringOf(arcs, indices) {
  const ring = [];
  for (const i of indices) {
    const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    ring.push(...(ring.length ? arc.slice(1) : arc));
  }
  return ring;
}
// world-atlas 2 keeps rings that cross the antimeridian whole (Fiji, Russia's east), as spherical
// renderers expect; a flat map needs them cut there. The ring is made continuous in longitude, then
// clipped to each 360° window it reaches, each piece shifted back into [-180, 180].
function cutAtAntimeridian(ring) {
  const flat = [ring[0]];
  let shift = 0;
  for (const [lon, lat] of ring.slice(1)) {
    const prev = flat[flat.length - 1][0];
    let x = lon + shift;
    if (x - prev > 180) (shift -= 360), (x -= 360);
    else if (x - prev < -180) (shift += 360), (x += 360);
    flat.push([x, lat]);
  }
  if (flat.every(([x]) => x >= -180 && x <= 180)) return [ring];
  const pieces = [];
  for (const k of [-360, 0, 360]) {
    const piece = clipX(clipX(flat, -180 + k, 1), 180 + k, -1);
    if (piece.length >= 3) pieces.push(piece.map(([x, y]) => [x - k, y]));
  }
  return pieces;
}
// Sutherland-Hodgman against one vertical line: keeps the side where side * (x - at) >= 0.
function clipX(ring, at, side) {
  const out = [];
  const keep = ([x]) => side * (x - at) >= 0;
  const cross = ([x0, y0], [x1, y1]) => [at, y0 + ((at - x0) / (x1 - x0)) * (y1 - y0)];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i], b = ring[(i + 1) % ring.length];
    if (keep(a)) out.push(a);
    if (keep(a) !== keep(b)) out.push(cross(a, b));
  }
  return out;
}
function polygonsOf(arcs, geometry) {
  const polys = geometry.type === "Polygon" ? [geometry.arcs] : geometry.type === "MultiPolygon" ? geometry.arcs : [];
  return polys.map((rings) => rings.flatMap((r) => cutAtAntimeridian(ringOf(arcs, r))));
}

// A ring on the integer grid: repeated points and points on a straight line dropped; null when
// fewer than three corners remain.
function gridRing(ring) {
  const pts = [];
  for (const [lon, lat] of ring) {
    const [x, y] = project(lon, lat).map(Math.round);
    const last = pts[pts.length - 1];
    if (!last || last[0] !== x || last[1] !== y) pts.push([x, y]);
  }
  while (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
  let changed = true;
  while (changed && pts.length >= 3) {
    changed = false;
    for (let i = 0; i < pts.length && pts.length >= 3; i++) {
      const a = pts[(i + pts.length - 1) % pts.length], b = pts[i], c = pts[(i + 1) % pts.length];
      const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
      const back = a[0] === c[0] && a[1] === c[1];
      if (cross === 0 || back) {
        pts.splice(i, 1);
        changed = true;
        i--;
      }
    }
  }
  return pts.length >= 3 ? pts : null;
}

// "M12 34l5-2 3 0z": an absolute start, relative steps; a minus sign separates numbers itself.
function pathOf(rings) {
  let d = "";
  const num = (n, first) => (first || n < 0 ? "" : " ") + n;
  for (const pts of rings) {
    d += `M${pts[0][0]}${num(pts[0][1])}l`;
    for (let i = 1; i < pts.length; i++) {
      d += num(pts[i][0] - pts[i - 1][0], i === 1) + num(pts[i][1] - pts[i - 1][1]);
    }
    d += "z";
  }
  return d;
}

// Signed area and centroid of a ring in longitude/latitude (fine for the small countries this is
// used for).
function ringCentroid(ring) {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i], [x1, y1] = ring[i + 1];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (a === 0) {
    const n = ring.length;
    return { area: 0, lon: ring.reduce((s, p) => s + p[0], 0) / n, lat: ring.reduce((s, p) => s + p[1], 0) / n };
  }
  return { area: Math.abs(a / 2), lon: cx / (3 * a), lat: cy / (3 * a) };
}

const small = readJson(path.join(atlasDir, "countries-110m.json"));
const smallArcs = decodeArcs(small);
const shapes = [];
const drawn = new Set();
let maxY = 0;
for (const feature of small.objects.countries.geometries) {
  const code = codeOf(feature);
  if (code === "AQ") continue;
  const rings = polygonsOf(smallArcs, feature).flat().map(gridRing).filter(Boolean);
  if (!rings.length) continue;
  for (const r of rings) for (const [, y] of r) maxY = Math.max(maxY, y);
  shapes.push([code, pathOf(rings)]);
  drawn.add(code);
}

const large = readJson(path.join(atlasDir, "countries-50m.json"));
const largeArcs = decodeArcs(large);
const points = [];
for (const feature of large.objects.countries.geometries) {
  if (feature.id === undefined) continue;
  const code = codeOf(feature);
  if (drawn.has(code) || code === "AQ") continue;
  const best = polygonsOf(largeArcs, feature)
    .map((rings) => ringCentroid(rings[0]))
    .reduce((a, b) => (b.area > a.area ? b : a));
  points.push([code, best.lon.toFixed(2), best.lat.toFixed(2)]);
}

const byCode = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
shapes.sort(byCode);
points.sort(byCode);
const out = [
  "# World map outline: Natural Earth 1:110m countries (public domain) from world-atlas 2.0.2; see world_110m.md.",
  "# Written by tools/map/make-outline.mjs; do not edit by hand.",
  `viewbox\t0 0 1000 ${Math.ceil(maxY) + 2}`,
  ...shapes.map(([code, d]) => `shape\t${code}\t${d}`),
  ...points.map(([code, lon, lat]) => `point\t${code}\t${lon} ${lat}`),
];
process.stdout.write(out.join("\n") + "\n");
