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
 * draws them, one per task so that each shows as soon as it is ready; it then loads the page's
 * other scripts, held back until now. When every chart is drawn and fitted and those scripts have
 * run, <html> gets data-companion-charts="ready", which the browser tests wait for instead of
 * sleeping.
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
    update["annotations[0].y"] = -axis / spec.plot;
    update["margin.t"] = top;
    update["margin.b"] = bottom;
    update.height = height;
    fitAxes(gd, gd._companionNarrow, update);
    gd._companionSourceLines = source.length;
    gd._companionHeading = { top: size.titleOffset + modebar, legend: heading + size.legendOffset };
    return window.Plotly.relayout(gd, update).then(function () { return settle(gd, true); });
  }

  // The x categories in the order the traces first name them.
  function categories(gd) {
    var seen = [];
    gd.data.forEach(function (trace) {
      (trace.x || []).forEach(function (value) { if (seen.indexOf(value) < 0) { seen.push(value); } });
    });
    return seen;
  }

  // Narrow: axis titles wrap to the plot's width and height; category labels wrap to their slot,
  // level, in a smaller type; bar labels that would shrink below 10 px are left out (the table and
  // the hover text keep every value). Wide again: charts.py's own axes. Adds to `update`.
  function fitAxes(gd, narrow, update) {
    var size = gd._fullLayout._size;
    if (!gd._companionAxes) {
      gd._companionAxes = { x: plain(gd.layout.xaxis && gd.layout.xaxis.title && gd.layout.xaxis.title.text),
                            y: plain(gd.layout.yaxis && gd.layout.yaxis.title && gd.layout.yaxis.title.text) };
    }
    var titles = gd._companionAxes;
    if (titles.x) { update["xaxis.title.text"] = narrow ? wrap(titles.x, Math.floor(size.w / CHAR)).map(escape).join("<br>") : titles.x; }
    if (titles.y) { update["yaxis.title.text"] = narrow ? wrap(titles.y, Math.floor(size.h / CHAR)).map(escape).join("<br>") : titles.y; }
    update["uniformtext.minsize"] = narrow ? 10 : null;
    update["uniformtext.mode"] = narrow ? "hide" : null;
    if (gd._fullLayout.xaxis.type !== "category") { return; }
    var cats = categories(gd);
    var chars = Math.max(5, Math.floor(size.w / Math.max(1, cats.length) / 7));
    update["xaxis.tickmode"] = narrow ? "array" : null;
    update["xaxis.tickvals"] = narrow ? cats : null;
    update["xaxis.ticktext"] = narrow ? cats.map(function (c) { return wrap(plain(c), chars).map(escape).join("<br>"); }) : null;
    update["xaxis.tickangle"] = narrow ? 0 : null;
    update["xaxis.tickfont.size"] = narrow ? 11 : null;
  }

  function box(el) { return el.getBoundingClientRect(); }

  function meet(a, b) {
    return Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
  }

  // After plotly has drawn a narrow chart: measure where its x labels and axis title really end
  // (plotly may have tilted them), and put the source line below them, growing the chart to fit.
  // Level category labels that still run into each other are turned upright first.
  function settle(gd, firstTry) {
    if (!gd._companionNarrow) { return null; }
    var ticks = Array.prototype.slice.call(gd.querySelectorAll(".xtick text"));
    var crowded = ticks.some(function (t, i) { return i > 0 && meet(box(ticks[i - 1]), box(t)); });
    if (crowded && firstTry && gd._fullLayout.xaxis.type === "category") {
      return window.Plotly.relayout(gd, { "xaxis.tickangle": -90 }).then(function () { return settle(gd, false); });
    }
    var svg = gd.querySelector(".main-svg");
    if (!svg) { return null; }
    var top = box(svg).top;
    var plotBottom = gd._fullLayout._size.t + gd._fullLayout._size.h;
    var lowest = plotBottom;
    gd.querySelectorAll(".xtick text, .g-xtitle text").forEach(function (t) {
      lowest = Math.max(lowest, box(t).bottom - top);
    });
    var size = gd.layout.meta.wrap.sizes;
    var axisRoom = lowest - plotBottom + 8;
    var bottom = Math.ceil(axisRoom + size.sourceLine * (gd._companionSourceLines || 1) + size.padBottom);
    if (Math.abs(bottom - gd._fullLayout.margin.b) < 3) { return null; }
    var height = gd.layout.meta.wrap.plot + gd._fullLayout.margin.t + bottom;
    [gd, gd.parentElement].forEach(function (el) {
      if (el && /px$/.test(el.style.height)) { el.style.height = height + "px"; }
    });
    // Title and legend are placed as fractions of the height: keep them where they were in pixels.
    var heading = gd._companionHeading;
    return window.Plotly.relayout(gd, {
      "margin.b": bottom, height: height, "annotations[0].y": -axisRoom / gd.layout.meta.wrap.plot,
      "title.y": 1 - heading.top / height, "legend.y": 1 - heading.legend / height
    });
  }

  function fitChart(gd) {
    if (!gd._companionListening && gd.on) {
      gd._companionListening = true;
      // A dropdown view brings charts.py's full-width layout back; re-fit it if narrow.
      gd.on("plotly_update", function () { gd._companionNarrow = true; fit(gd); });
    }
    return fit(gd);
  }

  function fitAll() {
    return Promise.all(Array.prototype.map.call(document.querySelectorAll(".companion-chart .js-plotly-plot"), fitChart));
  }

  // The theme's dark mode (<html data-theme="dark">): charts take the page's dark ground and light
  // ink instead of staying white boxes; light mode gets style.py's white back.
  function paint(gd) {
    var dark = document.documentElement.dataset.theme === "dark";
    if (!gd._fullLayout || Boolean(gd._companionDark) === dark) { return null; }
    gd._companionDark = dark;
    var ink = dark ? "#e4e4e4" : "#222222", muted = dark ? "#b8b8b8" : "#555555";
    var ground = dark ? "#14181b" : "white";
    var update = {
      paper_bgcolor: ground, plot_bgcolor: ground, "font.color": ink,
      "xaxis.linecolor": muted, "xaxis.tickcolor": muted,
      "yaxis.gridcolor": dark ? "#3a3f44" : "#e5e5e5", "yaxis.zerolinecolor": muted
    };
    if ((gd.layout.annotations || []).length) { update["annotations[0].font.color"] = muted; }
    return window.Plotly.relayout(gd, update);
  }

  function paintAll() {
    return Promise.all(Array.prototype.map.call(document.querySelectorAll(".js-plotly-plot"), paint));
  }

  new MutationObserver(paintAll).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });

  // Fit and paint each chart drawn since the last call, so that it first shows finished.
  function finishNew() {
    var finished = [];
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (gd._companionFinished) { return; }
      gd._companionFinished = true;
      var fitted = gd.closest(".companion-chart") ? fitChart(gd) : null;
      finished.push(Promise.resolve(fitted).then(function () { return paint(gd); }));
    });
    return Promise.all(finished);
  }

  function nextTask() {
    return new Promise(function (resolve) { window.setTimeout(resolve, 0); });
  }

  // One chart per task, in page order: the browser shows each as soon as it is finished instead of
  // all of them after the last (on a slow phone with seven charts, a good part of a second sooner).
  function drawAll(queued) {
    return (queued || []).reduce(function (previous, draw) {
      return previous.then(function () { return draw(); }).then(finishNew).then(nextTask);
    }, Promise.resolve());
  }

  // The page's other scripts wait for plotly.js on a chart page (assets.py): fetched beside it on a
  // slow connection, they would delay the first chart. Each is added in page order and runs in that
  // order (async = false), as the deferred scripts they were; all of them wait for the page to be
  // parsed ("DOMContentLoaded" or readyState), so running after it changes nothing for them.
  function loadLater() {
    var sources = [];
    document.querySelectorAll("script.companion-later").forEach(function (list) {
      sources = sources.concat(JSON.parse(list.textContent));
    });
    return Promise.all(sources.map(function (src) {
      return new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = src;
        script.async = false;
        script.onload = script.onerror = resolve;
        document.head.appendChild(script);
      });
    }));
  }

  // Charts whose scripts come later in the page (none, once the page is parsed) draw at once.
  var queued = window.companionCharts;
  window.companionCharts = { push: function (draw) { return Promise.resolve(draw()).then(finishNew); } };
  Promise.all([loadLater(), drawAll(queued)]).then(function () {
    document.documentElement.dataset.companionCharts = "ready";
  });

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(fitAll, 150);
  });
})();
