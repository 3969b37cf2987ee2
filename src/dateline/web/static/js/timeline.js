/*
 * dateline timeline: a uPlot bar histogram of events per day.
 *
 * It follows the map's filters (country, type, text) but always shows the whole date span, so
 * the chosen since/until range is drawn as a shaded selection rather than hiding the rest.
 * Dragging across the bars writes since/until into the filter form and fires the form's change
 * event, which makes the map re-query: one form, two views, always in step.
 */
(function () {
  "use strict";

  var DAY = 86400;
  var WEEK = 7 * DAY;
  var DAILY_UP_TO = 92 * DAY; // a quarter of days shows as days
  var WEEKLY_UP_TO = 2 * 366 * DAY; // up to two years as weeks, longer as months

  /** The bar width for a span of days: day, week or month. */
  function binFor(first, last) {
    var span = last - first;
    if (span <= DAILY_UP_TO) {
      return "day";
    }
    return span <= WEEKLY_UP_TO ? "week" : "month";
  }

  /** The start (seconds, UTC) of the bin holding a day: itself, its Monday, its 1st. */
  function binStart(seconds, bin) {
    if (bin === "week") {
      var weekday = (new Date(seconds * 1000).getUTCDay() + 6) % 7; // Monday 0
      return seconds - weekday * DAY;
    }
    if (bin === "month") {
      var d = new Date(seconds * 1000);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
    }
    return seconds;
  }

  /** The first second after the bin starting at `start`. */
  function binEnd(start, bin) {
    if (bin === "week") {
      return start + WEEK;
    }
    if (bin === "month") {
      var d = new Date(start * 1000);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
    }
    return start + DAY;
  }

  /**
   * Days and counts summed into bins; a week's or month's bar sits at its bin's middle.
   * Returns the bars and the axis range: the bins holding data and a margin either side, so
   * one day of events is one bar in the middle, not at the edge of a year.
   */
  function bins(days, counts) {
    var xs = [];
    var ys = [];
    days.forEach(function (day, i) {
      var x = dayStart(day);
      if (x !== null) {
        xs.push(x);
        ys.push(Number(counts[i]) || 0);
      }
    });
    if (!xs.length) {
      return { bin: "day", xs: [], ys: [], min: 0, max: DAY };
    }
    var bin = binFor(xs[0], xs[xs.length - 1]);
    var order = [];
    var totals = {};
    xs.forEach(function (x, i) {
      var start = binStart(x, bin);
      if (!(start in totals)) {
        totals[start] = 0;
        order.push(start);
      }
      totals[start] += ys[i];
    });
    var first = order[0];
    var last = order[order.length - 1];
    if (bin === "day") {
      // a day's bar stands on its day (a drag rounds to the nearest day), one day either side
      return {
        bin: bin,
        xs: order,
        ys: order.map(function (start) {
          return totals[start];
        }),
        min: first - DAY,
        max: last + DAY,
      };
    }
    var pad = (binEnd(first, bin) - first) / 2;
    var lastEnd = binEnd(last, bin);
    return {
      bin: bin,
      xs: order.map(function (start) {
        return (start + binEnd(start, bin)) / 2;
      }),
      ys: order.map(function (start) {
        return totals[start];
      }),
      min: first - pad,
      max: lastEnd + pad,
    };
  }

  function isoDay(seconds) {
    return new Date(seconds * 1000).toISOString().slice(0, 10);
  }

  function dayStart(iso) {
    var parsed = Date.parse(iso + "T00:00:00Z");
    return isNaN(parsed) ? null : parsed / 1000;
  }

  /** Every filter of the form but the date range (the timeline shows every day). */
  function histogramQuery(form) {
    var params = new URLSearchParams();
    if (!form) {
      return "";
    }
    Array.prototype.forEach.call(form.elements, function (field) {
      var skip = !field.name || field.type === "submit" || /^(since|until|sort)$/.test(field.name);
      if (!skip && typeof field.value === "string" && field.value.trim() !== "") {
        params.set(field.name, field.value.trim());
      }
    });
    return params.toString();
  }

  function fieldValue(form, name) {
    var field = form && form.elements.namedItem(name);
    return field ? field.value : "";
  }

  function init() {
    var el = document.getElementById("timeline");
    if (!el || !window.uPlot) {
      return;
    }
    var uPlot = window.uPlot;
    var form = document.getElementById("filters");
    var source = el.getAttribute("data-histogram") || "/api/events/histogram";
    var plot = null;
    var lastQuery = null;
    var applying = false;

    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "timeline-clear";
    clear.textContent = "All dates";
    clear.addEventListener("click", function () {
      setRange("", "");
    });

    /** Write the range into the form and let the form's change listeners (the map) react. */
    function setRange(since, until) {
      if (!form) {
        return;
      }
      var sinceField = form.elements.namedItem("since");
      var untilField = form.elements.namedItem("until");
      if (sinceField) {
        sinceField.value = since;
      }
      if (untilField) {
        untilField.value = until;
      }
      form.dispatchEvent(new Event("change", { bubbles: true }));
    }

    /** Shade the form's since/until on the chart, without triggering another query. */
    function showRange() {
      if (!plot) {
        return;
      }
      var since = dayStart(fieldValue(form, "since"));
      var until = dayStart(fieldValue(form, "until"));
      var xs = plot.data[0];
      if ((since === null && until === null) || !xs.length) {
        applying = true;
        plot.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
        applying = false;
        return;
      }
      var lo = since === null ? xs[0] : since;
      var hi = until === null ? xs[xs.length - 1] : until;
      var left = plot.valToPos(lo - DAY / 2, "x");
      var right = plot.valToPos(hi + DAY / 2, "x");
      applying = true;
      plot.setSelect(
        { left: Math.max(0, left), width: Math.max(1, right - left), top: 0, height: plot.bbox.height },
        false
      );
      applying = false;
    }

    /** A dragged selection in pixels becomes whole days: every bar it touches is included. */
    function onSelect(u) {
      if (applying || !u.select || u.select.width < 2) {
        return;
      }
      var lo = u.posToVal(u.select.left, "x");
      var hi = u.posToVal(u.select.left + u.select.width, "x");
      var first = Math.round(lo / DAY) * DAY;
      var last = Math.round(hi / DAY) * DAY;
      if (last < first) {
        last = first;
      }
      setRange(isoDay(first), isoDay(last));
    }

    function width() {
      return Math.max(280, el.clientWidth || 0);
    }

    var axis = { min: 0, max: DAY };

    function draw(days, counts) {
      var binned = bins(days, counts);
      var xs = binned.xs;
      var ys = binned.ys;
      axis = { min: binned.min, max: binned.max };
      el.setAttribute("data-bin", binned.bin);
      if (plot) {
        plot.setData([xs, ys]);
        plot.setScale("x", axis);
        showRange();
        return;
      }
      plot = new uPlot(
        {
          width: width(),
          height: 150,
          legend: { show: false },
          cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
          select: { show: true },
          scales: {
            x: {
              time: true,
              range: function () {
                return [axis.min, axis.max];
              },
            },
            y: {
              range: function (u, min, max) {
                return [0, Math.max(1, max)];
              },
            },
          },
          axes: [{}, { size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }],
          series: [
            {},
            {
              label: "events",
              stroke: "#b4451f",
              fill: "rgba(180, 69, 31, 0.55)",
              paths: uPlot.paths.bars({ size: [0.8, 40, 3], align: 0 }),
              points: { show: false },
            },
          ],
          hooks: { setSelect: [onSelect] },
        },
        [xs, ys],
        el
      );
      el.appendChild(clear);
      el.setAttribute("data-state", "ready");
      showRange();
      window.addEventListener("resize", function () {
        plot.setSize({ width: width(), height: 150 });
        showRange();
      });
    }

    function load() {
      var query = histogramQuery(form);
      if (query === lastQuery) {
        showRange();
        return;
      }
      lastQuery = query;
      var url = source + (query ? (source.indexOf("?") < 0 ? "?" : "&") + query : "");
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (body) {
          if (query !== lastQuery) {
            return;
          }
          draw((body && body.days) || [], (body && body.counts) || []);
          el.setAttribute("data-days", String(((body && body.days) || []).length));
        })
        .catch(function (err) {
          lastQuery = null;
          el.setAttribute("data-state", "error");
          console.warn("dateline: histogram unavailable", err);
        });
    }

    window.addEventListener("dateline:filters", load);
    window.datelineTimeline = {
      bins: bins,
      setRange: setRange,
      plot: function () {
        return plot;
      },
    };
    load();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
