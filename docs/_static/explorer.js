/* The optimizer explorer of user_guide/explorer.html: the widget.
 *
 * Plain JavaScript and the 2-D canvas, no library, nothing fetched: the page works
 * from file:// with the network off.  The computing (the functions, the update rules,
 * trace, the checks, the URL fragment) is explorer-core.js, which has no DOM and is
 * tested in Node too; this file builds the controls, draws, and keeps the URL in step.
 * explorer-data.js, written at build time from dlscratch (docs/_ext/explorer_data.py),
 * supplies the numbers.  The visible words are read from a list on the page, which
 * Sphinx translates.
 */
(function () {
  "use strict";

  var DATA = window.dlscratchExplorerData;
  var core = window.dlscratchExplorerCore.create(DATA);
  var NAMES = core.names; // the six optimizers, in the figures' order
  var FUNCTION_NAMES = core.functionNames;
  var FUNCTIONS = core.functions;
  var MAX_STEPS = core.maxSteps;
  var CONTROLLED = core.controlled;
  var within = core.within, traceInto = core.traceInto;
  var bookState = core.bookState, encode = core.encode, decode = core.decode;

  var defaults = {};
  NAMES.forEach(function (name) { defaults[name] = Object.assign({}, DATA.optimizers[name]); });
  window.dlscratchExplorer = {
    trace: core.trace,
    functions: FUNCTION_NAMES.slice(),
    optimizers: defaults,
    bound: core.bound,
  };

  // ==== The widget ====
  var root = document.querySelector(".dlscratch-explorer");
  var stringList = document.querySelector(".dlscratch-explorer-strings");
  if (!root || !stringList) { return; }

  // The page's words, keyed by the literal that starts each item of the hidden list.
  var WORDS = {};
  stringList.querySelectorAll("li").forEach(function (item) {
    var code = item.querySelector("code");
    if (!code) { return; }
    var key = code.textContent.trim();
    WORDS[key] = item.textContent.replace(code.textContent, "").replace(/^\s*:\s*/, "").trim();
  });
  function word(key) { return WORDS[key] || key; }

  var LINE_WIDTH = 1.8; // of the paths, in CSS pixels
  var MARKER_RADIUS = 3;
  // The data's dash lengths are in line widths, as matplotlib reads them.
  function dashPattern(name) {
    return DATA.dashes[name].map(function (d) { return d * LINE_WIDTH; });
  }

  // Slider ranges: η on a log scale, the decay rates on [0, 0.999].
  var LR_RANGE = [-4, 1]; // log10 η
  var RATE_MAX = 0.999;

  var state = location.hash.length > 1 ? decode(location.hash) : bookState(core.bookFunction);

  // ---- Building the controls ----
  var uid = 0;
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }
  /* A sample of an optimizer's line for the legends: its colour, dash pattern and marker,
   * as on the canvas, so that a reader matches them by shape, not by colour alone. */
  var SVG = "http://www.w3.org/2000/svg";
  function lineSample(name) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "dlx-swatch");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("viewBox", "0 0 30 12");
    svg.setAttribute("data-marker", DATA.markers[name]);
    var line = document.createElementNS(SVG, "line");
    [["x1", 1], ["y1", 6], ["x2", 29], ["y2", 6], ["stroke", DATA.colors[name]], ["stroke-width", LINE_WIDTH]]
      .forEach(function (pair) { line.setAttribute(pair[0], pair[1]); });
    if (DATA.dashes[name].length) { line.setAttribute("stroke-dasharray", dashPattern(name).join(" ")); }
    var marker = document.createElementNS(SVG, "path");
    marker.setAttribute("d", core.markerPath(DATA.markers[name], 15, 6, MARKER_RADIUS));
    marker.setAttribute("fill", DATA.colors[name]);
    svg.appendChild(line);
    svg.appendChild(marker);
    return svg;
  }

  function labelled(text, input) {
    input.id = input.id || "dlx-" + ++uid;
    return el("label", { for: input.id, text: text });
  }

  root.textContent = "";
  var fnSelect = el("select", { "data-key": "function" });
  FUNCTION_NAMES.forEach(function (name) {
    fnSelect.appendChild(el("option", { value: name, text: word(name) + ": " + DATA.functions[name].label }));
  });
  var x0Input = el("input", { type: "number", step: "any", "data-key": "start-x" });
  var y0Input = el("input", { type: "number", step: "any", "data-key": "start-y" });
  var bookButton = el("button", { type: "button", "data-key": "book", text: word("book") });

  var top = el("div", { class: "dlx-row" }, [
    el("div", { class: "dlx-field" }, [labelled(word("function"), fnSelect), fnSelect]),
    el("div", { class: "dlx-field dlx-narrow" }, [labelled(word("start-x"), x0Input), x0Input]),
    el("div", { class: "dlx-field dlx-narrow" }, [labelled(word("start-y"), y0Input), y0Input]),
    el("div", { class: "dlx-field dlx-button" }, [bookButton]),
  ]);

  // The canvas is a picture: screen readers get its label and, as its description, a
  // sentence saying what is drawn, rewritten after every change (see describe()).
  var description = el("p", { id: "dlx-description", class: "dlx-sr-only" });
  var plot = el("canvas", {
    class: "dlx-plot", tabindex: "0", role: "img", "aria-label": word("plot"),
    "aria-describedby": "dlx-description",
  });
  var lossDescription = el("p", { id: "dlx-loss-description", class: "dlx-sr-only" });
  var loss = el("canvas", {
    class: "dlx-loss", role: "img", "aria-label": word("loss"),
    "aria-describedby": "dlx-loss-description",
  });
  var lossCaption = el("p", { class: "dlx-caption", text: word("loss") });

  var stepsInput = el("input", { type: "range", min: "1", max: String(MAX_STEPS), step: "1", "data-key": "steps" });
  var stepsOut = el("output", { class: "dlx-value" });
  var tInput = el("input", { type: "range", min: "0", step: "1", "data-key": "position" });
  var tOut = el("output", { class: "dlx-value" });
  var backButton = el("button", { type: "button", "data-key": "back", "aria-label": word("back"), title: word("back"), text: "◀" });
  var playButton = el("button", { type: "button", "data-key": "play", text: word("play") });
  var forwardButton = el("button", { type: "button", "data-key": "forward", "aria-label": word("forward"), title: word("forward"), text: "▶" });

  var timeRow = el("div", { class: "dlx-row" }, [
    el("div", { class: "dlx-field dlx-slider" }, [labelled(word("steps"), stepsInput), el("div", { class: "dlx-inline" }, [stepsInput, stepsOut])]),
    el("div", { class: "dlx-field dlx-slider" }, [labelled(word("position"), tInput), el("div", { class: "dlx-inline" }, [tInput, tOut])]),
    el("div", { class: "dlx-field dlx-buttons" }, [backButton, playButton, forwardButton]),
  ]);

  // One fieldset per optimizer: a switch and a slider per hyperparameter.
  var controls = {};
  var optimizerBox = el("div", { class: "dlx-optimizers" });
  NAMES.forEach(function (name) {
    var box = el("input", { type: "checkbox", "data-optimizer": name });
    var swatch = lineSample(name);
    var legend = el("legend", {}, [labelled(name, box)]);
    legend.insertBefore(box, legend.firstChild);
    legend.appendChild(swatch);
    var fieldset = el("fieldset", { class: "dlx-optimizer", "data-optimizer": name }, [legend]);
    controls[name] = { box: box, sliders: {}, outputs: {}, fieldset: fieldset };
    CONTROLLED.forEach(function (key) {
      if (!(key in DATA.optimizers[name])) { return; }
      var slider = key === "lr"
        ? el("input", { type: "range", min: String(LR_RANGE[0]), max: String(LR_RANGE[1]), step: "0.01" })
        : el("input", { type: "range", min: "0", max: String(RATE_MAX), step: "0.001" });
      slider.setAttribute("data-optimizer", name);
      slider.setAttribute("data-key", key);
      var out = el("output", { class: "dlx-value" });
      controls[name].sliders[key] = slider;
      controls[name].outputs[key] = out;
      fieldset.appendChild(el("div", { class: "dlx-field dlx-slider" }, [
        labelled(word(key), slider), el("div", { class: "dlx-inline" }, [slider, out])]));
    });
    optimizerBox.appendChild(fieldset);
  });

  var table = el("table", { class: "dlx-readout" });
  var head = el("tr", {}, ["optimizer", "point", "value", "status"].map(function (key) {
    return el("th", { scope: "col", text: word(key) });
  }));
  table.appendChild(el("thead", {}, [head]));
  var tbody = el("tbody");
  table.appendChild(tbody);
  var rows = {};
  NAMES.forEach(function (name) {
    var swatch = lineSample(name);
    var cells = [el("th", { scope: "row" }, [swatch, document.createTextNode(name)]), el("td"), el("td"), el("td")];
    rows[name] = el("tr", { "data-optimizer": name }, cells);
    tbody.appendChild(rows[name]);
  });

  var optimizersTitle = el("p", { class: "dlx-heading", text: word("optimizers") });
  root.appendChild(top);
  root.appendChild(el("div", { class: "dlx-canvas-box" }, [plot, description]));
  root.appendChild(timeRow);
  root.appendChild(el("div", { class: "dlx-canvas-box" }, [loss, lossDescription]));
  root.appendChild(lossCaption);
  // The table scrolls sideways on a narrow screen, so it can take the focus; screen readers
  // read out its changes when the reader pauses (polite), not while a path plays (aria-busy).
  var tableBox = el("div", {
    class: "dlx-table-box", tabindex: "0", role: "region", "aria-label": word("table"),
    "aria-live": "polite",
  }, [table]);
  root.appendChild(tableBox);
  root.appendChild(optimizersTitle);
  root.appendChild(optimizerBox);
  root.classList.add("dlx-ready");

  // ---- Computing the paths ----
  var paths = {}; // name -> { xy: Float64Array, diverged: step or -1 }
  function recompute() {
    NAMES.forEach(function (name) {
      if (!state.on[name]) { delete paths[name]; return; }
      var xy = new Float64Array(2 * state.steps + 2);
      var diverged = traceInto(name, state.hp[name], state.fn, state.x0, state.y0, state.steps, xy);
      paths[name] = { xy: xy, diverged: diverged };
    });
  }

  // ---- Drawing ----
  var colors = {};
  function cssColor(name, fallback) {
    var value = getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
    var probe = document.createElement("canvas").getContext("2d");
    probe.fillStyle = fallback;
    probe.fillStyle = value;
    probe.fillRect(0, 0, 1, 1);
    var d = probe.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2]];
  }
  function rgba(c, a) { return "rgba(" + c[0] + "," + c[1] + "," + c[2] + "," + a + ")"; }
  function readTheme() {
    colors.bg = cssColor("--color-background-primary", "#ffffff");
    colors.fg = cssColor("--color-foreground-primary", "#000000");
    colors.muted = cssColor("--color-foreground-muted", "#646776");
    colors.font = getComputedStyle(document.body).fontFamily;
  }

  var view = null; // { x0, x1, y0, y1, w, h, dpr } of the plot
  var background = null; // the contour picture of the current function and view

  function layout() {
    var spec = DATA.functions[state.fn];
    var xs = spec.view[0], ys = spec.view[1];
    var aspect = (ys[1] - ys[0]) / (xs[1] - xs[0]);
    var width = Math.max(200, root.clientWidth);
    width = Math.min(width, 520 / aspect); // keep the plot at most 520 px tall
    var dpr = window.devicePixelRatio || 1;
    var w = Math.round(width), h = Math.round(width * aspect);
    view = { x0: xs[0], x1: xs[1], y0: ys[0], y1: ys[1], w: w, h: h, dpr: dpr };
    sizeCanvas(plot, w, h, dpr);
    sizeCanvas(loss, Math.round(Math.max(200, root.clientWidth)), 200, dpr);
    background = null;
  }
  function sizeCanvas(canvas, w, h, dpr) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.width = w + "px";
    canvas.style.height = h + "px";
  }
  function toPixel(x, y) {
    return [(x - view.x0) / (view.x1 - view.x0) * view.w, (view.y1 - y) / (view.y1 - view.y0) * view.h];
  }
  function fromPixel(px, py) {
    return [view.x0 + px / view.w * (view.x1 - view.x0), view.y1 - py / view.h * (view.y1 - view.y0)];
  }

  /* Shade log f and draw a contour line wherever the level changes between neighbours.
   * Done once per function, size and theme; a control change only redraws the paths. */
  function renderBackground() {
    var W = plot.width, H = plot.height, f = FUNCTIONS[state.fn].f;
    var levels = new Float64Array(W * H);
    var lo = Infinity, hi = -Infinity;
    for (var j = 0; j < H; j++) {
      for (var i = 0; i < W; i++) {
        var p = fromPixel((i + 0.5) / view.dpr, (j + 0.5) / view.dpr);
        var v = Math.log(f(p[0], p[1]) + 1e-3);
        levels[j * W + i] = v;
        if (v < lo) { lo = v; }
        if (v > hi) { hi = v; }
      }
    }
    var canvas = document.createElement("canvas");
    canvas.width = W;
    canvas.height = H;
    var ctx = canvas.getContext("2d");
    var image = ctx.createImageData(W, H);
    var spacing = (hi - lo) / 14; // fourteen contour levels, evenly spaced in log f
    for (var k = 0; k < W * H; k++) {
      var u = (levels[k] - lo) / (hi - lo);
      var band = Math.floor((levels[k] - lo) / spacing);
      var right = k % W < W - 1 ? Math.floor((levels[k + 1] - lo) / spacing) : band;
      var below = k < W * (H - 1) ? Math.floor((levels[k + W] - lo) / spacing) : band;
      var a = band !== right || band !== below ? 0.45 : 0.02 + 0.1 * u;
      for (var c = 0; c < 3; c++) {
        image.data[4 * k + c] = Math.round(colors.bg[c] * (1 - a) + colors.muted[c] * a);
      }
      image.data[4 * k + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
    background = canvas;
  }

  function star(ctx, x, y, r) {
    ctx.beginPath();
    for (var k = 0; k < 10; k++) {
      var radius = k % 2 ? r * 0.45 : r, angle = -Math.PI / 2 + (k * Math.PI) / 5;
      ctx.lineTo(x + radius * Math.cos(angle), y + radius * Math.sin(angle));
    }
    ctx.closePath();
  }

  function lastIndex(path) {
    // The last point drawn: step t, or the last one before the divergence.
    return path.diverged >= 0 ? Math.min(state.t, path.diverged - 1) : state.t;
  }

  function drawPlot() {
    if (!background) { renderBackground(); }
    var ctx = plot.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(background, 0, 0);
    ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    ctx.lineJoin = "round";
    NAMES.forEach(function (name) {
      var path = paths[name];
      if (!path) { return; }
      var last = lastIndex(path), xy = path.xy;
      ctx.beginPath();
      for (var k = 0; k <= last; k++) {
        var p = toPixel(xy[2 * k], xy[2 * k + 1]);
        if (k === 0) { ctx.moveTo(p[0], p[1]); } else { ctx.lineTo(p[0], p[1]); }
      }
      // A solid rim of the page's background first: the colours have 3:1 contrast against
      // the background itself (WCAG 1.4.11), not against the contour shading under them.
      ctx.setLineDash([]);
      ctx.strokeStyle = rgba(colors.bg, 1);
      ctx.lineWidth = LINE_WIDTH + 2;
      ctx.stroke();
      ctx.setLineDash(dashPattern(name));
      ctx.strokeStyle = DATA.colors[name];
      ctx.lineWidth = LINE_WIDTH;
      ctx.stroke();
      ctx.setLineDash([]);
      // The optimizer's marker on every point while they can be told apart, then on a few.
      var every = last <= 120 ? 1 : Math.ceil(last / 40);
      ctx.fillStyle = DATA.colors[name];
      ctx.strokeStyle = rgba(colors.bg, 1);
      ctx.lineWidth = 1;
      for (var q = 1; q <= last; q += every) {
        var r = toPixel(xy[2 * q], xy[2 * q + 1]);
        var shape = new Path2D(core.markerPath(DATA.markers[name], r[0], r[1], MARKER_RADIUS));
        ctx.stroke(shape);
        ctx.fill(shape);
      }
      ctx.strokeStyle = DATA.colors[name];
      if (path.diverged >= 0 && state.t >= path.diverged) { // a cross where the path left
        var e = toPixel(xy[2 * last], xy[2 * last + 1]);
        // Kept on the plot's edge when the last point lies outside the view.
        e = [Math.min(Math.max(e[0], 8), view.w - 8), Math.min(Math.max(e[1], 8), view.h - 8)];
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.moveTo(e[0] - 7, e[1] - 7); ctx.lineTo(e[0] + 7, e[1] + 7);
        ctx.moveTo(e[0] + 7, e[1] - 7); ctx.lineTo(e[0] - 7, e[1] + 7);
        ctx.stroke();
      }
    });
    var spec = DATA.functions[state.fn];
    var m = toPixel(spec.minimum[0], spec.minimum[1]);
    star(ctx, m[0], m[1], 8);
    ctx.fillStyle = rgba(colors.fg, 1);
    ctx.strokeStyle = rgba(colors.bg, 1);
    ctx.lineWidth = 1;
    ctx.fill();
    ctx.stroke();
    var s = toPixel(state.x0, state.y0);
    ctx.beginPath();
    ctx.arc(s[0], s[1], 6, 0, 2 * Math.PI);
    ctx.fillStyle = rgba(colors.bg, 1);
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = rgba(colors.fg, 1);
    ctx.stroke();
  }

  var SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  function power(e) {
    return "10" + String(e).split("").map(function (c) { return SUPERSCRIPT[c]; }).join("");
  }

  function drawLoss() {
    var ctx = loss.getContext("2d"), dpr = view.dpr;
    var W = loss.width / dpr, H = loss.height / dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = rgba(colors.bg, 1);
    ctx.fillRect(0, 0, W, H);
    var f = FUNCTIONS[state.fn].f, n = state.steps;
    // Decades spanned by the values drawn; values below the floor are drawn at it.
    var hi = -Infinity, lo = Infinity, values = {};
    NAMES.forEach(function (name) {
      var path = paths[name];
      if (!path) { return; }
      var end = path.diverged >= 0 ? path.diverged - 1 : n, v = new Float64Array(end + 1);
      for (var k = 0; k <= end; k++) {
        v[k] = f(path.xy[2 * k], path.xy[2 * k + 1]);
        if (v[k] > 0) {
          var e = Math.log10(v[k]);
          if (e > hi) { hi = e; }
          if (e < lo) { lo = e; }
        }
      }
      values[name] = v;
    });
    if (!isFinite(hi)) { hi = 1; lo = -1; }
    var top = Math.ceil(hi), bottom = Math.max(Math.floor(lo), top - 24);
    if (bottom >= top) { bottom = top - 1; }
    var left = 46, right = 22, upper = 10, lower = 26;
    var pw = W - left - right, ph = H - upper - lower;
    function px(k) { return left + (n ? k / n : 0) * pw; }
    function py(v) {
      var e = v > 0 ? Math.max(Math.log10(v), bottom) : bottom;
      return upper + ((top - e) / (top - bottom)) * ph;
    }
    ctx.font = "12px " + colors.font;
    ctx.fillStyle = rgba(colors.fg, 0.85);
    ctx.strokeStyle = rgba(colors.muted, 0.35);
    ctx.lineWidth = 1;
    var every = Math.max(1, Math.ceil((top - bottom) / 6));
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (var e = top; e >= bottom; e -= every) {
      var y = upper + ((top - e) / (top - bottom)) * ph;
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(left + pw, y); ctx.stroke();
      ctx.fillText(power(e), left - 5, y);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    var tick = niceStep(n / 5);
    for (var k = 0; k <= n; k += tick) { ctx.fillText(String(k), px(k), upper + ph + 5); }
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText("t", left + pw + 8, upper + ph);
    // The shown step.
    ctx.strokeStyle = rgba(colors.fg, 0.5);
    ctx.beginPath(); ctx.moveTo(px(state.t), upper); ctx.lineTo(px(state.t), upper + ph); ctx.stroke();
    NAMES.forEach(function (name, index) {
      var v = values[name];
      if (!v) { return; }
      ctx.strokeStyle = DATA.colors[name];
      ctx.fillStyle = DATA.colors[name];
      ctx.lineWidth = LINE_WIDTH;
      ctx.setLineDash(dashPattern(name));
      ctx.beginPath();
      for (var k = 0; k < v.length; k++) {
        if (k === 0) { ctx.moveTo(px(k), py(v[k])); } else { ctx.lineTo(px(k), py(v[k])); }
      }
      ctx.stroke();
      ctx.setLineDash([]);
      // Ten markers per curve, each optimizer's a little later than the one before, so
      // that curves lying on top of each other still show every marker.
      var gap = Math.max(1, Math.round(n / 10));
      for (var q = Math.round((gap * index) / NAMES.length); q < v.length; q += gap) {
        ctx.fill(new Path2D(core.markerPath(DATA.markers[name], px(q), py(v[q]), MARKER_RADIUS)));
      }
    });
  }
  function niceStep(raw) {
    var base = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * base >= raw) { return steps[i] * base; } }
    return 10 * base;
  }

  function format(v) {
    if (v === 0) { return "0"; }
    var a = Math.abs(v);
    return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(5))) : v.toExponential(4);
  }

  function describe() {
    var spec = DATA.functions[state.fn];
    var on = NAMES.filter(function (name) { return paths[name]; });
    var values = {
      "function": word(state.fn), names: on.length ? on.join(", ") : word("none"),
      x: format(state.x0), y: format(state.y0), t: state.t, n: state.steps,
      mx: format(spec.minimum[0]), my: format(spec.minimum[1]),
    };
    fill(description, word("describe"), values);
    // The loss panel: which path is lowest at the shown step (diverged paths are out).
    var f = FUNCTIONS[state.fn].f, lowest = null, lowestValue = Infinity;
    on.forEach(function (name) {
      var path = paths[name];
      if (path.diverged >= 0 && state.t >= path.diverged) { return; }
      var value = f(path.xy[2 * state.t], path.xy[2 * state.t + 1]);
      if (value < lowestValue) { lowest = name; lowestValue = value; }
    });
    fill(lossDescription, word("describe-loss"), {
      names: values.names, t: state.t, n: state.steps,
      lowest: lowest === null ? word("none") : lowest + " (f = " + format(lowestValue) + ")",
    });
  }
  function fill(node, template, values) {
    var text = template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
    if (node.textContent !== text) { node.textContent = text; }
  }

  function writeReadout() {
    var f = FUNCTIONS[state.fn].f;
    NAMES.forEach(function (name) {
      var row = rows[name], path = paths[name];
      row.hidden = !path;
      if (!path) { return; }
      var cells = row.children, last = lastIndex(path);
      var x = path.xy[2 * last], y = path.xy[2 * last + 1];
      cells[1].textContent = "(" + format(x) + ", " + format(y) + ")";
      cells[2].textContent = format(f(x, y));
      var diverged = path.diverged >= 0 && state.t >= path.diverged;
      cells[3].textContent = diverged ? word("diverged").replace("{k}", path.diverged) : word("finite");
      row.classList.toggle("dlx-diverged", diverged);
    });
  }

  // ---- Controls <-> state ----
  function writeControls() {
    fnSelect.value = state.fn;
    x0Input.value = String(state.x0);
    y0Input.value = String(state.y0);
    stepsInput.value = String(state.steps);
    stepsOut.value = String(state.steps);
    tInput.max = String(state.steps);
    tInput.value = String(state.t);
    tOut.value = String(state.t);
    NAMES.forEach(function (name) {
      var c = controls[name];
      c.box.checked = state.on[name];
      c.fieldset.classList.toggle("dlx-off", !state.on[name]);
      Object.keys(c.sliders).forEach(function (key) {
        var value = state.hp[name][key];
        c.sliders[key].value = String(key === "lr" ? Math.log10(value) : value);
        c.sliders[key].disabled = !state.on[name];
        c.outputs[key].value = String(value);
      });
    });
  }

  var switchLinks = Array.prototype.slice.call(document.querySelectorAll(".dlscratch-language-switch a"));
  switchLinks.forEach(function (a) { a.setAttribute("data-base", a.getAttribute("href").split("#")[0]); });
  // Browsers throttle history updates, so while a slider or a drag moves, the address
  // is written at most four times a second, and once more when the movement stops.
  var lastWrite = -Infinity, writeTimer = null;
  function writeFragment() {
    var wait = lastWrite + 250 - performance.now();
    if (wait > 0) {
      if (writeTimer === null) {
        writeTimer = setTimeout(function () { writeTimer = null; writeFragment(); }, wait);
      }
      return;
    }
    lastWrite = performance.now();
    var fragment = "#" + encode(state);
    if (location.hash !== fragment) { history.replaceState(null, "", fragment); }
    switchLinks.forEach(function (a) { a.setAttribute("href", a.getAttribute("data-base") + fragment); });
  }

  function draw() {
    drawPlot();
    drawLoss();
    writeReadout();
    describe();
  }
  /* After any change: recompute the paths, redraw, and keep the controls and the URL in step. */
  function update() {
    recompute();
    draw();
    writeControls();
    writeFragment();
  }

  function changeFunction(fn) {
    var keep = { steps: state.steps, on: state.on };
    state = bookState(fn);
    state.steps = state.t = keep.steps;
    state.on = keep.on;
    layout();
    update();
  }

  fnSelect.addEventListener("change", function () { changeFunction(fnSelect.value); });
  [x0Input, y0Input].forEach(function (input) {
    input.addEventListener("change", function () {
      var x = Number(x0Input.value), y = Number(y0Input.value);
      if (x0Input.value !== "" && y0Input.value !== "" && within(x, y)) {
        state.x0 = x;
        state.y0 = y;
      }
      update();
    });
  });
  bookButton.addEventListener("click", function () {
    stop();
    state = bookState(core.bookFunction);
    layout();
    update();
  });
  stepsInput.addEventListener("input", function () {
    var n = Number(stepsInput.value), atEnd = state.t === state.steps;
    state.steps = n;
    state.t = atEnd ? n : Math.min(state.t, n);
    update();
  });
  tInput.addEventListener("input", function () { state.t = Number(tInput.value); update(); });
  backButton.addEventListener("click", function () { stop(); state.t = Math.max(0, state.t - 1); update(); });
  forwardButton.addEventListener("click", function () { stop(); state.t = Math.min(state.steps, state.t + 1); update(); });
  NAMES.forEach(function (name) {
    var c = controls[name];
    c.box.addEventListener("change", function () { state.on[name] = c.box.checked; update(); });
    Object.keys(c.sliders).forEach(function (key) {
      c.sliders[key].addEventListener("input", function () {
        var v = Number(c.sliders[key].value);
        // Three significant digits keep the values and the links readable.
        state.hp[name][key] = key === "lr" ? Number(Math.pow(10, v).toPrecision(3)) : v;
        update();
      });
    });
  });

  // Start point: click or drag on the plot, or arrow keys while it has the focus.
  function roundTo(value, unit) { return Number((Math.round(value / unit) * unit).toPrecision(12)); }
  function setStartFromEvent(event) {
    var box = plot.getBoundingClientRect(); // includes the border; the CSS size may be scaled
    var p = fromPixel((event.clientX - box.left - plot.clientLeft) * view.w / plot.clientWidth,
      (event.clientY - box.top - plot.clientTop) * view.h / plot.clientHeight);
    var unit = Math.pow(10, Math.floor(Math.log10((view.x1 - view.x0) / view.w)));
    state.x0 = roundTo(Math.min(Math.max(p[0], view.x0), view.x1), unit);
    state.y0 = roundTo(Math.min(Math.max(p[1], view.y0), view.y1), unit);
  }
  var dragging = false, pending = false;
  plot.addEventListener("pointerdown", function (event) {
    stop();
    dragging = true;
    tableBox.setAttribute("aria-busy", "true");
    plot.setPointerCapture(event.pointerId);
    setStartFromEvent(event);
    update();
  });
  plot.addEventListener("pointermove", function (event) {
    if (!dragging) { return; }
    setStartFromEvent(event);
    if (!pending) { // at most one recomputation per frame
      pending = true;
      requestAnimationFrame(function () { pending = false; update(); });
    }
  });
  function endDrag() { dragging = false; tableBox.removeAttribute("aria-busy"); }
  plot.addEventListener("pointerup", endDrag);
  plot.addEventListener("pointercancel", endDrag);
  plot.addEventListener("keydown", function (event) {
    var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    var move = moves[event.key];
    if (!move) { return; }
    event.preventDefault();
    var unit = (view.x1 - view.x0) / 100;
    var x = roundTo(state.x0 + move[0] * unit, unit / 10), y = roundTo(state.y0 + move[1] * unit, unit / 10);
    if (x >= view.x0 && x <= view.x1 && y >= view.y0 && y <= view.y1) {
      state.x0 = x;
      state.y0 = y;
      update();
    }
  });

  // Play: about four seconds from step 0 to the last step, at least ten steps a second.
  var playing = null;
  function stop() {
    if (playing !== null) { cancelAnimationFrame(playing.frame); playing = null; }
    playButton.textContent = word("play");
    playButton.setAttribute("aria-pressed", "false");
    tableBox.removeAttribute("aria-busy");
  }
  playButton.addEventListener("click", function () {
    if (playing) { stop(); return; }
    if (state.t >= state.steps) { state.t = 0; }
    var rate = Math.max(10, state.steps / 4), from = state.t, began = performance.now();
    playButton.textContent = word("pause");
    playButton.setAttribute("aria-pressed", "true");
    tableBox.setAttribute("aria-busy", "true"); // one announcement when it stops, not 60 a second
    playing = {};
    (function frame(now) {
      if (!playing) { return; }
      // A frame's time may precede the click's (it is taken when the frame began): never
      // step backwards to t = from - 1, which is no step at all.
      var t = Math.min(state.steps, from + Math.floor((Math.max(0, now - began) / 1000) * rate));
      if (t !== state.t) { state.t = t; draw(); tInput.value = String(t); tOut.value = String(t); }
      if (t >= state.steps) { stop(); writeFragment(); return; }
      playing.frame = requestAnimationFrame(frame);
    })(began);
  });

  window.addEventListener("hashchange", function () {
    // A link such as a guided experiment: open its state and bring the explorer into view.
    stop();
    state = decode(location.hash);
    layout();
    update();
    root.scrollIntoView({ block: "start" });
  });

  function redrawAll() { readTheme(); layout(); draw(); }
  new MutationObserver(redrawAll).observe(document.body, { attributes: true, attributeFilter: ["data-theme"] });
  if (window.matchMedia) {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redrawAll);
  }
  var lastWidth = 0;
  new ResizeObserver(function () {
    if (root.clientWidth !== lastWidth) { lastWidth = root.clientWidth; layout(); draw(); }
  }).observe(root);

  readTheme();
  layout();
  update();

  /* For the tests: recompute and redraw as after a control change; returns nothing. */
  window.dlscratchExplorer.redraw = update;
})();
