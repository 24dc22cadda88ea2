// Builds the bundled basemap: Natural Earth 1:110m country outlines (public
// domain, via the world-atlas npm package, ISC) converted from TopoJSON to a
// GeoJSON FeatureCollection with topojson-client. Coordinates are rounded to
// 0.01° (about 1 km), finer than the 1:110m source's own detail, which cuts
// the file to a third. Usage: node scripts/basemap.mjs OUT.geojson (also
// writes OUT-absent.json, below).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'));
const fc = feature(topo, topo.objects.countries);
const round = (c) => (typeof c[0] === 'number' ? [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100] : c.map(round));
// Rings of Russia and Fiji jump from 180° to -180° and back; drawn as they
// are, they streak across the whole map. Move their western-hemisphere points
// east by 360° so each ring is continuous past the antimeridian. Antarctica's
// ring runs along the map's bottom edge on purpose and is left alone.
const unwrap = (ring) => {
  const jumps = ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
  const polar = ring.some((p) => p[1] < -60);
  return jumps && !polar ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring;
};
for (const f of fc.features) {
  const g = f.geometry;
  if (g.type === 'Polygon') g.coordinates = g.coordinates.map(unwrap);
  if (g.type === 'MultiPolygon') g.coordinates = g.coordinates.map((poly) => poly.map(unwrap));
  f.geometry.coordinates = round(f.geometry.coordinates);
  f.properties = { name: f.properties.name };
}
writeFileSync(process.argv[2], JSON.stringify(fc));

// The countries and territories the 1:110m file leaves out (Singapore,
// Andorra, Hong Kong, Malta…), as boxes around each of their polygons in
// the 1:50m file, so that the import's "country from the point" can tell
// that a point near one may not be in the country the 1:110m outlines draw
// there (README, "Country from the point"). Written beside the outlines as
// OUT minus ".geojson" plus "-absent.json"; the map does not load it.
const topo50 = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
const drawn = new Set(fc.features.map((f) => f.id));
const down = (x) => Math.floor(x * 100) / 100;
const up = (x) => Math.ceil(x * 100) / 100;
const box = (polygon) => {
  const xs = polygon[0].map((p) => p[0]);
  const ys = polygon[0].map((p) => p[1]);
  return [down(Math.min(...xs)), down(Math.min(...ys)), up(Math.max(...xs)), up(Math.max(...ys))];
};
const absent = feature(topo50, topo50.objects.countries)
  .features.filter((f) => f.id !== undefined && !drawn.has(f.id))
  .map((f) => {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    return { id: f.id, name: f.properties.name, boxes: polygons.map(box) };
  });
writeFileSync(
  process.argv[2].replace(/\.geojson$/, '') + '-absent.json',
  JSON.stringify({ source: 'Natural Earth 1:50m countries absent from the 1:110m file (world-atlas)', countries: absent }),
);
