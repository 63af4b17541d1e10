#!/bin/sh
# Vendor the map's front-end assets from npm into static/vendor/ (run by `make vendor`).
# The pages never load anything from a CDN: these files are committed and served by WhiteNoise.
# Versions are pinned here and recorded in static/vendor/README.md; bump both together.
set -eu

LEAFLET=leaflet@1.9.4
CLUSTER=leaflet.markercluster@1.5.3
ATLAS=world-atlas@2.0.2
TOPOJSON=topojson-client@3.1.0

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/static/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "$LEAFLET" "$CLUSTER" "$ATLAS" "$TOPOJSON" >/dev/null
for tgz in *.tgz; do
  mkdir -p "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"
done

rm -rf "$DEST/leaflet" "$DEST/leaflet.markercluster" "$DEST/world"
mkdir -p "$DEST/leaflet/images" "$DEST/leaflet.markercluster" "$DEST/world"

L="leaflet-1.9.4/package"
cp "$L/dist/leaflet.js" "$L/dist/leaflet.css" "$L/LICENSE" "$DEST/leaflet/"
cp "$L"/dist/images/*.png "$DEST/leaflet/images/"

M="leaflet.markercluster-1.5.3/package"
cp "$M/dist/leaflet.markercluster.js" "$M/dist/MarkerCluster.css" "$M/dist/MarkerCluster.Default.css" \
   "$M/MIT-LICENCE.txt" "$DEST/leaflet.markercluster/"

# The source maps are not vendored; drop their references so collectstatic's manifest stays whole.
sed -i '/sourceMappingURL=/d' "$DEST/leaflet/leaflet.js" "$DEST/leaflet.markercluster/leaflet.markercluster.js"

# Country outlines: Natural Earth 1:110m as TopoJSON, converted once here to GeoJSON (2-decimal
# coordinates, ~1 km) so the browser needs no TopoJSON library.
W="world-atlas-2.0.2/package"
cp "$W/LICENSE" "$DEST/world/LICENSE"
node -e '
const topojson = require(process.argv[1]);
const topo = require(process.argv[2]);
const fc = topojson.feature(topo, topo.objects.countries);
const round = (c) => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100];
for (const f of fc.features) { f.geometry.coordinates = round(f.geometry.coordinates); f.properties = {name: f.properties.name}; delete f.id; }
process.stdout.write(JSON.stringify(fc));
' "$WORK/topojson-client-3.1.0/package/dist/topojson-client.js" "$WORK/$W/countries-110m.json" > "$DEST/world/countries-110m.geojson"

echo "vendored into $DEST:"
(cd "$DEST" && find . -type f | sort)
