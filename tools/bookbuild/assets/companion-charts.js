/* Draw the page's charts, then re-wrap chart titles, units, legends, source lines and dropdown menus to the width a chart has.
 *
 * companion/charts.py lays every chart out for the book's text column (about 620 px): plotly does
 * not wrap text, so on a phone it would run off the screen. This script repeats that layout
 * arithmetic (charts.py:_layout) for narrower charts, on load, on resize and after a dropdown
 * switches view, with the sizes each figure carries in layout.meta.wrap (style.py:LAYOUT). On a
 * narrow chart a dropdown menu's labels wrap and it moves to the chart's right edge, so the whole
 * menu opens on the screen. It only ever changes text, margins, the menu's place and the height.
 *
 * The build queues each chart's Plotly.newPlot call in window.companionCharts (assets.py), because
 * plotly.js loads deferred so that text paints first; this script runs right after plotly.js and
 * draws them. When every chart is drawn and fitted, <html> gets data-companion-charts="ready",
 * which the browser tests wait for instead of sleeping.
 */
(function () {
  "use strict";

  var CHAR = 7.3;  // average width in px of a 13 px character, for the legend and the menus

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

  // charts.py wraps long names for the text column; take them back to plain text before re-wrapping.
  function plain(text) {
    return String(text || "").replace(/<br>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  }

  // Narrow: dropdown menus end at the chart's right edge, labels wrapped to fit its width. Wide again:
  // back to charts.py's place and labels. Adds to `update`; returns the lines the tallest label needs.
  function fitMenus(gd, width, narrow, update) {
    var menus = gd.layout.updatemenus || [];
    var most = 1;
    if (!gd._companionMenus) {
      gd._companionMenus = menus.map(function (menu) {
        return {
          x: menu.x, xanchor: menu.xanchor,
          labels: (menu.buttons || []).map(function (b) { return plain(b.label); })
        };
      });
    }
    var chars = Math.max(16, Math.floor((width - 48) / CHAR));
    var right = 1 + (gd._fullLayout.margin.r - 4) / gd._fullLayout._size.w;
    gd._companionMenus.forEach(function (original, m) {
      var key = "updatemenus[" + m + "]";
      update[key + ".x"] = narrow ? right : original.x;
      update[key + ".xanchor"] = narrow ? "right" : original.xanchor;
      original.labels.forEach(function (label, b) {
        var lines = narrow ? wrap(label, chars) : [label];
        most = Math.max(most, lines.length);
        update[key + ".buttons[" + b + "].label"] = lines.map(escape).join("<br>");
      });
    });
    return most;
  }

  function fit(gd) {
    var spec = gd.layout && gd.layout.meta && gd.layout.meta.wrap;
    var width = gd.getBoundingClientRect().width;
    if (!spec || !spec.sizes || !width || !window.Plotly) { return null; }
    var size = spec.sizes;
    var scale = Math.min(1, width / size.column);
    // At full width charts.py's own layout is right; act only when narrow, or when widening again.
    if (scale === 1 && !gd._companionNarrow) { return null; }
    gd._companionNarrow = scale < 1;
    var update = {};
    var title = wrap(spec.title, Math.max(20, Math.floor(size.titleChars * scale)));
    var units = wrap(spec.units, Math.max(28, Math.floor(size.unitsChars * scale)));
    // The source line starts at the plot's left edge, inside the side margins.
    var source = wrap(spec.source,
      Math.max(30, Math.min(size.sourceChars, Math.floor((width - size.sideMargins) / 6.9))));
    var modebar = size.modebar || 0;
    var heading = size.padTop + modebar + size.titleLine * title.length + size.unitsLine * units.length;
    // Legend entries do not wrap either: wrap long trace names, and count the lines they take.
    var legendChars = Math.max(24, Math.floor((width - 40) / 7.4));
    if (!gd._companionNames) { gd._companionNames = gd.data.map(function (t) { return plain(t.name); }); }
    var names = gd._companionNames.map(function (name) { return wrap(name, legendChars); });
    var items = 0, lines = 0;
    gd.data.forEach(function (trace, i) {
      if (trace.visible !== false) { items += 1; lines += names[i].length; }
    });
    var legend = spec.legend > 1 ? size.legendItem * items + size.legendExtraLine * (lines - items) : 0;
    var menu = 0;
    if (spec.menu) {
      var menuLines = fitMenus(gd, width, gd._companionNarrow, update);
      menu = size.menu + size.legendExtraLine * (menuLines - 1);
    }
    var top = heading + size.gap + legend + menu + size.padTop;
    var axis = size.axis + (spec.xTitle ? size.xTitle : 0);
    var bottom = axis + size.sourceLine * source.length + size.padBottom;
    var height = spec.plot + top + bottom;
    // plotly.py fixes the height of the chart's div and of its wrapper to the first layout's.
    [gd, gd.parentElement].forEach(function (el) {
      if (el && /px$/.test(el.style.height)) { el.style.height = height + "px"; }
    });
    window.Plotly.restyle(gd, { name: names.map(function (n) { return n.map(escape).join("<br>"); }) });
    update["title.text"] = title.map(escape).join("<br>");
    update["title.subtitle.text"] = units.map(escape).join("<br>");
    update["title.y"] = 1 - (size.titleOffset + modebar) / height;
    update["legend.y"] = 1 - (heading + size.legendOffset) / height;
    update["annotations[0].text"] = source.map(escape).join("<br>");
    update["margin.t"] = top;
    update["margin.b"] = bottom;
    update.height = height;
    return window.Plotly.relayout(gd, update);
  }

  function fitAll() {
    var fitted = [];
    document.querySelectorAll(".companion-chart .js-plotly-plot").forEach(function (gd) {
      fitted.push(fit(gd));
      if (!gd._companionListening && gd.on) {
        gd._companionListening = true;
        // A dropdown view brings charts.py's full-width layout back; re-fit it if narrow.
        gd.on("plotly_update", function () { gd._companionNarrow = true; fit(gd); });
      }
    });
    return Promise.all(fitted);
  }

  function drawAll(queued) {
    var drawn = (queued || []).map(function (draw) { return draw(); });
    return Promise.all(drawn).then(fitAll).then(function () {
      document.documentElement.dataset.companionCharts = "ready";
    });
  }

  // Charts whose scripts come later in the page (none, once the page is parsed) draw at once.
  var queued = window.companionCharts;
  window.companionCharts = { push: function (draw) { return Promise.resolve(draw()).then(fitAll); } };
  drawAll(queued);

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(fitAll, 150);
  });
})();
