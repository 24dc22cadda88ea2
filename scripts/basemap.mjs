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
for (const f of fc.features) {
  f.geometry.coordinates = round(f.geometry.coordinates);
  f.properties = { name: f.properties.name };
}
writeFileSync(process.argv[2], JSON.stringify(fc));
