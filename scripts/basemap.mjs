// Builds the bundled basemap: Natural Earth 1:110m country outlines (public
// domain, via the world-atlas npm package, ISC) converted from TopoJSON to a
// GeoJSON FeatureCollection with topojson-client. Coordinates are rounded to
// 0.01° (about 1 km), finer than the 1:110m source's own detail, which cuts
// the file to a third. Usage: node scripts/basemap.mjs OUT.geojson
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
