/*
 * dateline event page: the review form never loses an analyst's edits, and the latitude and
 * longitude can be picked on a small map.
 *
 * Once any field differs from the record the page was drawn with, Confirm is disabled and a
 * hint says why (the server refuses such a Confirm too, for pages without this script):
 * confirming would throw the edits away. Clicking the map writes the point, to 5 places,
 * into the latitude and longitude fields. Offline, drawn by outlines.js as on the map page:
 * country outlines, and admin-1 outlines from the map element's `data-admin1` URL zoomed in.
 */
(function () {
  "use strict";

  var SKIP = { csrf_token: true, note: true, action: true };

  /** The editable fields of the form and their current values. */
  function snapshot(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && !SKIP[field.name] && field.type !== "submit") {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  /** Names of the fields whose value differs from the snapshot. */
  function edited(form, original) {
    var now = snapshot(form);
    return Object.keys(now).filter(function (name) {
      return now[name] !== original[name];
    });
  }

  function watchEdits(form) {
    var original = snapshot(form);
    var confirm = document.getElementById("confirm");
    var hint = document.getElementById("review-hint");
    function update() {
      var names = edited(form, original);
      form.setAttribute("data-dirty", names.length ? "true" : "false");
      if (confirm) {
        confirm.disabled = names.length > 0;
        confirm.title = names.length ? "Save the correction first: Confirm would drop your edits" : "";
      }
      if (hint) {
        hint.textContent = names.length
          ? "Edited: " + names.join(", ") + ". Save correction keeps them; Confirm is for the record as it stands."
          : "";
      }
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  function numberIn(form, name) {
    var field = form.elements.namedItem(name);
    var value = field ? parseFloat(field.value) : NaN;
    return isFinite(value) ? value : null;
  }

  function setField(form, name, value) {
    var field = form.elements.namedItem(name);
    if (field) {
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  /** A wrapped longitude (a click past the antimeridian) back into -180..180. */
  function wrap(lon) {
    return ((((lon + 180) % 360) + 360) % 360) - 180;
  }

  function pickMap(form) {
    var el = document.getElementById("pick-map");
    if (!el || !window.L) {
      return;
    }
    var L = window.L;
    var lat = numberIn(form, "latitude");
    var lon = numberIn(form, "longitude");
    var map = L.map(el, { minZoom: 1, maxZoom: 10, worldCopyJump: true });
    map.getContainer().style.background = "#cfe0ec";
    var marker = null;
    if (lat !== null && lon !== null) {
      map.setView([lat, lon], 6);
      marker = L.marker([lat, lon]).addTo(map);
    } else {
      map.setView([20, 10], 1);
    }
    if (window.datelineOutlines) {
      window.datelineOutlines.drawCountries(map);
      window.datelineOutlines.drawAdmin1(map, el.getAttribute("data-admin1"));
    }
    map.on("click", function (event) {
      var point = event.latlng;
      var pickedLon = wrap(point.lng);
      setField(form, "latitude", point.lat.toFixed(5));
      setField(form, "longitude", pickedLon.toFixed(5));
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.marker(point).addTo(map);
      }
    });
    el.setAttribute("data-state", "ready");
    window.datelinePickMap = map;
  }

  function init() {
    var form = document.getElementById("review");
    if (!form) {
      return;
    }
    watchEdits(form);
    pickMap(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
