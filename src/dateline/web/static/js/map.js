/*
 * dateline map: events from the GeoJSON API as clustered markers over offline outlines.
 *
 * Works with no internet: outlines.js draws the country outlines (the world-atlas TopoJSON in
 * /static/vendor) and, zoomed in, admin-1 outlines from the map element's `data-admin1` URL;
 * a tile layer replaces them only when the page's config names a tile URL. The filter form
 * (#filters) drives the query; after every query the map announces the filters with a
 * `dateline:filters` window event so the timeline stays in step. Text from the data is only ever
 * set with textContent, never parsed as HTML. Without tiles, capitals and large cities are
 * labelled from the map element's `data-labels` URL, each from a zoom that suits its size.
 */
(function () {
  "use strict";

  // One colour per ACLED event type (markers and legend); anything else is grey.
  var TYPE_COLOURS = [
    ["Battles", "#c0392b"],
    ["Explosions/Remote violence", "#e67e22"],
    ["Violence against civilians", "#8e44ad"],
    ["Protests", "#2e86c1"],
    ["Riots", "#16a085"],
    ["Strategic developments", "#7f8c8d"],
  ];
  var OTHER_COLOUR = "#555555";

  function colourOf(eventType) {
    for (var i = 0; i < TYPE_COLOURS.length; i += 1) {
      if (TYPE_COLOURS[i][0] === eventType) {
        return TYPE_COLOURS[i][1];
      }
    }
    return OTHER_COLOUR;
  }

  /** A round marker in its event type's colour (a div icon, so clusters still work). */
  function typedIcon(L, eventType) {
    var dot = document.createElement("span");
    dot.className = "event-dot";
    dot.style.background = colourOf(eventType);
    return L.divIcon({ className: "event-marker", html: dot, iconSize: [14, 14] });
  }

  /** The legend: each event type's colour, built node by node. */
  function addLegend(L, map) {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = L.DomUtil.create("div", "map-legend");
      box.id = "map-legend";
      TYPE_COLOURS.forEach(function (pair) {
        var row = document.createElement("div");
        var swatch = document.createElement("span");
        swatch.className = "event-dot";
        swatch.style.background = pair[1];
        row.appendChild(swatch);
        row.appendChild(document.createTextNode(" " + pair[0]));
        box.appendChild(row);
      });
      return box;
    };
    legend.addTo(map);
  }

  var ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  /** Every named field of the filter form: the form and the URL hold the same filter. */
  function filterFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.type !== "submit" && field.type !== "button";
    });
  }

  /** A day typed as YYYY-MM-DD that is a real day (whatever the browser's locale). */
  function isIsoDay(text) {
    if (!ISO_DAY.test(text)) {
      return false;
    }
    var parsed = new Date(text + "T00:00:00Z");
    return !isNaN(parsed) && parsed.toISOString().slice(0, 10) === text;
  }

  /** Marks badly typed dates; true when every date field is empty or a real YYYY-MM-DD. */
  function datesValid(form) {
    var bad = [];
    ["since", "until"].forEach(function (name) {
      var field = form && form.elements.namedItem(name);
      if (!field) {
        return;
      }
      var value = field.value.trim();
      var ok = value === "" || isIsoDay(value);
      field.setAttribute("aria-invalid", ok ? "false" : "true");
      if (!ok) {
        bad.push(name);
      }
    });
    var note = document.getElementById("filter-error");
    if (note) {
      note.hidden = bad.length === 0;
      note.textContent = bad.length ? bad.join(" and ") + ": use YYYY-MM-DD" : "";
    }
    return bad.length === 0;
  }

  /** Point the download links at the same filter as the map. */
  function updateDownloads(query) {
    var links = document.querySelectorAll("#downloads a[data-export]");
    Array.prototype.forEach.call(links, function (link) {
      var fmt = link.getAttribute("data-export");
      link.setAttribute("href", "/api/events." + fmt + (query ? "?" + query : ""));
    });
  }

  /** The page's JSON config block; an unreadable block means "no tiles", not a broken page. */
  function readConfig() {
    var node = document.getElementById("config");
    if (!node) {
      return {};
    }
    try {
      return JSON.parse(node.textContent || "{}") || {};
    } catch (err) {
      console.warn("dateline: bad #config JSON", err);
      return {};
    }
  }

  /** Non-empty filter values from the form, as query parameters. */
  function readFilters(form) {
    var params = new URLSearchParams();
    if (!form) {
      return params;
    }
    filterFields(form).forEach(function (field) {
      if (typeof field.value === "string" && field.value.trim() !== "") {
        params.set(field.name, field.value.trim());
      }
    });
    return params;
  }

  /** Fill empty form fields from the page URL, so a shared link reopens the same view. */
  function seedFormFromLocation(form) {
    if (!form) {
      return;
    }
    var current = new URLSearchParams(window.location.search);
    filterFields(form).forEach(function (field) {
      if (!field.value && current.get(field.name)) {
        field.value = current.get(field.name);
      }
    });
  }

  /** Only same-site paths and http(s) links may become hrefs (no javascript: URLs). */
  function safeHref(url, id) {
    if (typeof url === "string") {
      if (/^\/(?!\/)/.test(url) || /^https?:\/\//i.test(url)) {
        return url;
      }
    }
    return "/events/" + encodeURIComponent(String(id));
  }

  function addRow(list, label, value) {
    if (value === null || value === undefined || value === "") {
      return;
    }
    var term = document.createElement("dt");
    term.textContent = label;
    var detail = document.createElement("dd");
    detail.textContent = String(value);
    list.appendChild(term);
    list.appendChild(detail);
  }

  /** The popup of one event, built node by node. */
  function popupContent(props) {
    var box = document.createElement("div");
    box.className = "event-popup";
    var title = document.createElement("strong");
    title.textContent = props.sub_event_type || props.event_type || "Event";
    box.appendChild(title);
    var rows = document.createElement("dl");
    addRow(rows, "Type", props.event_type);
    addRow(rows, "Date", props.event_date);
    addRow(rows, "Place", props.location);
    addRow(rows, "Actor 1", props.actor1);
    addRow(rows, "Actor 2", props.actor2);
    addRow(rows, "Fatalities", props.fatalities);
    addRow(rows, "Status", props.status);
    box.appendChild(rows);
    var link = document.createElement("a");
    link.href = safeHref(props.url, props.id);
    link.textContent = "Open event";
    link.className = "event-link";
    box.appendChild(link);
    return box;
  }

  /** A status line under the map: how many events are shown, or what went wrong. */
  function statusLine(mapEl) {
    var line = document.getElementById("map-status");
    if (!line) {
      line = document.createElement("p");
      line.id = "map-status";
      line.setAttribute("role", "status");
      mapEl.insertAdjacentElement("afterend", line);
    }
    return line;
  }

  /** A place name on the map (text set with textContent; no HTML parsed). */
  function placeLabel(L, label) {
    var text = document.createElement("span");
    text.textContent = label.name;
    text.className = label.capital ? "place-name capital" : "place-name";
    var icon = L.divIcon({ className: "place-label", html: text, iconSize: null });
    return L.marker([label.lat, label.lon], {
      icon: icon,
      interactive: false,
      keyboard: false,
      pane: "labels",
    });
  }

  /**
   * Offline place labels (capitals and large cities), each shown from its own `min_zoom` up.
   * Only asked for when the map element names a labels URL and no tile layer is drawn.
   */
  function drawLabels(map, url) {
    var L = window.L;
    map.createPane("labels");
    map.getPane("labels").style.zIndex = 450;
    map.getPane("labels").style.pointerEvents = "none";
    var layer = L.layerGroup().addTo(map);
    var labels = [];
    function show() {
      var zoom = map.getZoom();
      layer.clearLayers();
      labels.forEach(function (label) {
        if (label.min_zoom !== null && label.min_zoom <= zoom) {
          layer.addLayer(placeLabel(L, label));
        }
      });
      map.getContainer().setAttribute("data-labels-shown", String(layer.getLayers().length));
    }
    map.on("zoomend", show);
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        labels = body.labels || [];
        show();
      })
      .catch(function (err) {
        console.warn("dateline: place labels unavailable", err);
      });
  }

  function init() {
    var mapEl = document.getElementById("map");
    if (!mapEl || !window.L) {
      return;
    }
    var L = window.L;
    var config = readConfig();
    var form = document.getElementById("filters");
    var source = mapEl.getAttribute("data-geojson") || "/api/events.geojson";
    var status = statusLine(mapEl);

    // markercluster needs a maxZoom; the 110m outlines carry no detail past about zoom 10.
    var maxZoom = config.tile_url ? Number(config.tile_max_zoom) || 18 : 10;
    var map = L.map(mapEl, { worldCopyJump: true, minZoom: 1, maxZoom: maxZoom });
    map.setView([20, 10], 2);
    map.getContainer().style.background = "#cfe0ec";
    if (config.tile_url) {
      L.tileLayer(config.tile_url, {
        attribution: config.tile_attribution || "",
        maxZoom: maxZoom,
      }).addTo(map);
    } else if (window.datelineOutlines) {
      window.datelineOutlines.drawCountries(map, mapEl.getAttribute("data-outlines"));
      window.datelineOutlines.drawAdmin1(map, mapEl.getAttribute("data-admin1"));
    }
    if (!config.tile_url && mapEl.getAttribute("data-labels")) {
      drawLabels(map, mapEl.getAttribute("data-labels"));
    }

    addLegend(L, map);
    var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    map.addLayer(clusters);

    var inFlight = null;
    var firstLoad = true;
    var lastCountry = null;

    function load() {
      if (!datesValid(form)) {
        mapEl.setAttribute("data-state", "invalid");
        return;
      }
      var params = readFilters(form);
      var query = params.toString();
      updateDownloads(query);
      if (window.history && window.history.replaceState) {
        var here = window.location.pathname + (query ? "?" + query : "");
        window.history.replaceState(null, "", here);
      }
      window.dispatchEvent(
        new CustomEvent("dateline:filters", { detail: { query: query, params: params } })
      );
      if (inFlight) {
        inFlight.abort();
      }
      var controller = new AbortController();
      inFlight = controller;
      mapEl.setAttribute("data-state", "loading");
      var url = source + (query ? (source.indexOf("?") < 0 ? "?" : "&") + query : "");
      return fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (collection) {
          var features = (collection && collection.features) || [];
          var markers = [];
          features.forEach(function (feature) {
            var geom = feature.geometry;
            if (!geom || geom.type !== "Point" || !geom.coordinates) {
              return;
            }
            var lon = Number(geom.coordinates[0]);
            var lat = Number(geom.coordinates[1]);
            if (!isFinite(lat) || !isFinite(lon)) {
              return;
            }
            var props = feature.properties || {};
            var marker = L.marker([lat, lon], {
              title: props.location || "",
              icon: typedIcon(L, props.event_type),
            });
            marker.bindPopup(function () {
              return popupContent(props);
            });
            markers.push(marker);
          });
          clusters.clearLayers();
          clusters.addLayers(markers);
          var country = params.get("country") || "";
          if (markers.length && (firstLoad || country !== lastCountry)) {
            map.fitBounds(clusters.getBounds(), { padding: [30, 30], maxZoom: 7 });
          }
          firstLoad = false;
          lastCountry = country;
          mapEl.setAttribute("data-count", String(markers.length));
          mapEl.setAttribute("data-state", "ready");
          status.textContent = markers.length === 1 ? "1 event" : markers.length + " events";
          window.dispatchEvent(
            new CustomEvent("dateline:loaded", { detail: { query: query, count: markers.length } })
          );
        })
        .catch(function (err) {
          if (err && err.name === "AbortError") {
            return;
          }
          mapEl.setAttribute("data-state", "error");
          status.textContent = "Could not load events (" + err.message + ")";
        });
    }

    if (form) {
      seedFormFromLocation(form);
      var typing = null;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        load();
      });
      form.addEventListener("change", function () {
        load();
      });
      form.addEventListener("input", function (event) {
        if (event.target && event.target.name === "q") {
          clearTimeout(typing);
          typing = setTimeout(load, 400);
        }
      });
    }
    window.datelineMap = { map: map, clusters: clusters, reload: load };
    load();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
