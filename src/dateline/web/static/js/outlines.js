/*
 * dateline offline outlines, one piece of code for the map page (map.js) and the event page's
 * small map (event.js): the pages call it only when no tile URL is configured.
 *
 * Country outlines come from the world-atlas TopoJSON in /static/vendor. Admin-1 outlines
 * (states, provinces, oblasts) come from the API for the countries in view, from the zoom the
 * API names (`min_zoom`) up: only the borders between a country's own regions are drawn, thinner
 * and lighter than the country borders, in a pane of their own above the countries' fill and
 * below place names and markers. A country's lines are asked for once and kept; below
 * `min_zoom` they are taken off the map. The map element's `data-admin1-shown` says how many
 * countries' lines are on the map, each a path of class `admin1-<code>` (Natural Earth's
 * ADM0_A3, `admin1-ukr`). Exposed as `window.datelineOutlines`.
 */
(function () {
  "use strict";

  var COUNTRIES = "/static/vendor/world-atlas/countries-110m.json";
  var COUNTRY_STYLE = { color: "#8a96a3", weight: 0.7, fillColor: "#eef1ea", fillOpacity: 1 };
  var ADMIN1_STYLE = { color: "#98a3ae", weight: 0.5, dashArray: "3 3", fill: false };

  /** A country's admin-1 line style; its class names the country's code (`admin1-ukr`). */
  function admin1Style(code) {
    var style = { className: "admin1 admin1-" + String(code).replace(/[^a-z0-9_.-]/gi, "") };
    Object.keys(ADMIN1_STYLE).forEach(function (key) {
      style[key] = ADMIN1_STYLE[key];
    });
    return style;
  }
  var ADMIN1_PANE = "admin1";
  var ADMIN1_WAIT_MS = 200;

  /** Longitudes made continuous along a line (no jump from 180 to -180). */
  function unwrapLine(line) {
    var prev = null;
    return line.map(function (point) {
      var lon = point[0];
      if (prev !== null) {
        while (lon - prev > 180) {
          lon -= 360;
        }
        while (lon - prev < -180) {
          lon += 360;
        }
      }
      prev = lon;
      return [lon, point[1]];
    });
  }

  /**
   * Rings that cross the antimeridian (Fiji, Chukotka) jump from 180 to -180 and Leaflet would
   * draw that jump as a line across the whole world; make their longitudes continuous instead.
   * A ring around a pole (Antarctica) does not close once unwrapped and is left as it is.
   */
  function unwrapRing(ring) {
    var out = unwrapLine(ring);
    var closes = out.length && Math.abs(out[0][0] - out[out.length - 1][0]) < 1e-9;
    return closes ? out : ring;
  }

  function unwrapGeometry(geometry) {
    if (!geometry) {
      return;
    }
    if (geometry.type === "Polygon") {
      geometry.coordinates = geometry.coordinates.map(unwrapRing);
    } else if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map(function (polygon) {
        return polygon.map(unwrapRing);
      });
    } else if (geometry.type === "LineString") {
      geometry.coordinates = unwrapLine(geometry.coordinates);
    } else if (geometry.type === "MultiLineString") {
      geometry.coordinates = geometry.coordinates.map(unwrapLine);
    }
  }

  function getJSON(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  /** The world's country outlines under everything else; resolves to the layer. */
  function drawCountries(map, url) {
    if (!window.topojson) {
      return Promise.resolve(null);
    }
    return getJSON(url || COUNTRIES)
      .then(function (topo) {
        var shapes = window.topojson.feature(topo, topo.objects.countries);
        shapes.features.forEach(function (feature) {
          unwrapGeometry(feature.geometry);
        });
        var layer = window.L.geoJSON(shapes, { interactive: false, style: COUNTRY_STYLE });
        layer.addTo(map);
        layer.bringToBack();
        return layer;
      })
      .catch(function (err) {
        console.warn("dateline: country outlines unavailable", err);
        return null;
      });
  }

  /** The borders between one country's regions (arcs shared by two of them), as GeoJSON. */
  function admin1Lines(entry) {
    var topo = entry.topology;
    var collection = topo && topo.objects && topo.objects[entry.object];
    if (!collection) {
      return null;
    }
    var mesh = window.topojson.mesh(topo, collection, function (a, b) {
      return a !== b;
    });
    unwrapGeometry(mesh);
    return mesh.coordinates && mesh.coordinates.length ? mesh : null;
  }

  function roundTo(value, places) {
    var factor = Math.pow(10, places);
    return Math.round(value * factor) / factor;
  }

  /**
   * Admin-1 outlines from `url` (the API) for whatever the map shows, redrawn as it moves.
   * The view is sent as bbox and zoom, with the countries already drawn in `skip`.
   */
  function drawAdmin1(map, url) {
    var L = window.L;
    if (!window.topojson || !url) {
      return null;
    }
    map.createPane(ADMIN1_PANE);
    map.getPane(ADMIN1_PANE).style.zIndex = 410;
    map.getPane(ADMIN1_PANE).style.pointerEvents = "none";
    var group = L.layerGroup();
    var drawn = {};
    var minZoom = null;
    var timer = null;
    var inFlight = null;
    var container = map.getContainer();

    function shown() {
      var count = Object.keys(drawn).filter(function (code) {
        return drawn[code] !== null;
      }).length;
      container.setAttribute("data-admin1-shown", String(map.hasLayer(group) ? count : 0));
    }

    function add(entries) {
      entries.forEach(function (entry) {
        if (entry.code in drawn) {
          return;
        }
        // A country of one region has no inner borders: kept as null, not asked for again.
        var lines = admin1Lines(entry);
        drawn[entry.code] = lines
          ? L.geoJSON(lines, {
              pane: ADMIN1_PANE,
              interactive: false,
              style: admin1Style(entry.code),
            })
          : null;
        if (drawn[entry.code]) {
          group.addLayer(drawn[entry.code]);
        }
      });
    }

    function update() {
      var zoom = map.getZoom();
      if (minZoom !== null && zoom < minZoom) {
        map.removeLayer(group);
        shown();
        return;
      }
      var bounds = map.getBounds();
      var bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
      var query = new URLSearchParams({
        bbox: bbox.map(function (value) {
          return roundTo(value, 3);
        }).join(","),
        zoom: String(Math.floor(zoom)),
        skip: Object.keys(drawn).join(","),
      });
      if (inFlight) {
        inFlight.abort();
      }
      inFlight = new AbortController();
      var separator = url.indexOf("?") < 0 ? "?" : "&";
      getJSON(url + separator + query.toString(), {
        signal: inFlight.signal,
        headers: { Accept: "application/json" },
      })
        .then(function (body) {
          minZoom = typeof body.min_zoom === "number" ? body.min_zoom : minZoom;
          if (minZoom !== null && map.getZoom() < minZoom) {
            map.removeLayer(group);
          } else {
            add(body.countries || []);
            group.addTo(map);
          }
          shown();
        })
        .catch(function (err) {
          if (!err || err.name !== "AbortError") {
            console.warn("dateline: admin-1 outlines unavailable", err);
          }
        });
    }

    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(update, ADMIN1_WAIT_MS);
    });
    shown();
    update();
    return group;
  }

  window.datelineOutlines = {
    drawCountries: drawCountries,
    drawAdmin1: drawAdmin1,
    unwrapGeometry: unwrapGeometry,
  };
})();
