/* Re-wrap chart titles, units and source lines to the width a chart really has.
 *
 * companion/charts.py lays every chart out for the book's text column (about 620 px): plotly does
 * not wrap titles, so on a phone they would run off the screen. This script repeats that layout
 * arithmetic (keep the numbers in step with charts.py:_layout and style.py) for narrower charts,
 * on load, on resize and after a dropdown switches view. It only ever changes text and margins.
 */
(function () {
  "use strict";
  var COLUMN = 620, PLOT = 300;
  var CHARS = { title: 56, units: 78, source: 95 };

  function wrap(text, width) {
    var lines = [], line = "";
    String(text || "").split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line || !lines.length) { lines.push(line); }
    return lines;
  }

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function fit(gd) {
    var spec = gd.layout && gd.layout.meta && gd.layout.meta.wrap;
    var width = gd.getBoundingClientRect().width;
    if (!spec || !width || !window.Plotly) { return; }
    var scale = Math.min(1, width / COLUMN);
    // At full width charts.py's own layout is right; act only when narrow, or when widening again.
    if (scale === 1 && !gd._companionNarrow) { return; }
    gd._companionNarrow = scale < 1;
    var title = wrap(spec.title, Math.max(20, Math.floor(CHARS.title * scale)));
    var units = wrap(spec.units, Math.max(28, Math.floor(CHARS.units * scale)));
    // The source line starts at the plot's left edge, inside the 64 + 24 px side margins.
    var source = wrap(spec.source, Math.max(30, Math.min(CHARS.source, Math.floor((width - 88) / 6.9))));
    var heading = 12 + 24 * title.length + 19 * units.length;
    // Legend entries do not wrap either: wrap long trace names, and count the lines they take.
    var legendChars = Math.max(24, Math.floor((width - 40) / 7.4));
    if (!gd._companionNames) { gd._companionNames = gd.data.map(function (t) { return t.name || ""; }); }
    var names = gd._companionNames.map(function (name) { return wrap(name, legendChars); });
    var items = 0, lines = 0;
    gd.data.forEach(function (trace, i) {
      if (trace.visible !== false) { items += 1; lines += names[i].length; }
    });
    var legend = spec.legend > 1 ? 22 * items + 17 * (lines - items) : 0;
    var top = heading + 10 + legend + (spec.menu ? 38 : 0) + 12;
    var axis = 48 + (spec.xTitle ? 22 : 0);
    var bottom = axis + 18 * source.length + 16;
    var height = PLOT + top + bottom;
    // plotly.py fixes the height of the chart's div and of its wrapper to the first layout's.
    [gd, gd.parentElement].forEach(function (el) {
      if (el && /px$/.test(el.style.height)) { el.style.height = height + "px"; }
    });
    window.Plotly.restyle(gd, { name: names.map(function (n) { return n.map(escape).join("<br>"); }) });
    window.Plotly.relayout(gd, {
      "title.text": title.map(escape).join("<br>"),
      "title.subtitle.text": units.map(escape).join("<br>"),
      "title.y": 1 - 14 / height,
      "legend.y": 1 - (heading + 8) / height,
      "annotations[0].text": source.map(escape).join("<br>"),
      "margin.t": top,
      "margin.b": bottom,
      "height": height
    });
  }

  function fitAll() {
    document.querySelectorAll(".companion-chart .js-plotly-plot").forEach(function (gd) {
      fit(gd);
      if (!gd._companionListening && gd.on) {
        gd._companionListening = true;
        // A dropdown view brings charts.py's full-width layout back; re-fit it if narrow.
        gd.on("plotly_update", function () { gd._companionNarrow = true; fit(gd); });
      }
    });
  }

  var pending = null;
  window.addEventListener("load", fitAll);
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(fitAll, 150);
  });
})();
