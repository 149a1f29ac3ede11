#!/usr/bin/env bash
# Bundle the dashboard's front-end libraries into src/veille/serve/static/vendor/ so that
# `veille serve` works offline (no CDN). Installs each package by name with npm into a scratch
# folder and copies the built files with their LICENSE. Rerun after changing a version below;
# commit the result.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/src/veille/serve/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

packages=(
  leaflet@1.9.4                 # the map
  leaflet.markercluster@1.5.3   # clustered points
  world-atlas@2.0.2             # Natural Earth countries, 1:110m, TopoJSON
  topojson-client@3.1.0         # TopoJSON -> GeoJSON in the browser
  chart.js@4.6.1                # the timeline
  cytoscape@3.34.4              # the actor network
  swagger-ui-dist@5.35.0        # the API docs page at /docs, offline too
)

(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts "${packages[@]%%#*}" >/dev/null)
m="$work/node_modules"

rm -rf "$out"
mkdir -p "$out"/{leaflet/images,markercluster,world-atlas,topojson-client,chartjs,cytoscape,swagger-ui}

cp "$m/leaflet/dist/leaflet.js" "$m/leaflet/dist/leaflet.css" "$m/leaflet/LICENSE" "$out/leaflet/"
cp "$m/leaflet/dist/images/"*.png "$out/leaflet/images/"
cp "$m/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$m/leaflet.markercluster/dist/MarkerCluster.css" \
   "$m/leaflet.markercluster/dist/MarkerCluster.Default.css" \
   "$m/leaflet.markercluster/MIT-LICENCE.txt" "$out/markercluster/"
cp "$m/world-atlas/countries-110m.json" "$m/world-atlas/LICENSE" "$out/world-atlas/"
cp "$m/topojson-client/dist/topojson-client.min.js" "$m/topojson-client/LICENSE" "$out/topojson-client/"
cp "$m/chart.js/dist/chart.umd.min.js" "$m/chart.js/LICENSE.md" "$out/chartjs/"
cp "$m/cytoscape/dist/cytoscape.min.js" "$m/cytoscape/LICENSE" "$out/cytoscape/"
cp "$m/swagger-ui-dist/swagger-ui-bundle.js" "$m/swagger-ui-dist/swagger-ui.css" \
   "$m/swagger-ui-dist/LICENSE" "$out/swagger-ui/"

# What is bundled, for anyone auditing the folder.
printf '%s\n' "# Front-end libraries bundled by scripts/vendor_assets.sh (npm, by name)." "${packages[@]%%#*}" \
  | sed 's/ *$//' > "$out/VERSIONS.txt"
echo "vendored into $out"
