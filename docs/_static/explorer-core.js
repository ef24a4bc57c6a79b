/* The optimizer explorer's pure core: the functions, the update rules, trace, the checks
 * and the page's URL fragment.  No DOM, no dependencies, no build step: a plain script tag
 * attaches window.dlscratchExplorerCore, and Node's require() returns the same object, so
 * tests/js/ runs it with node --test.
 *
 * The facts that dlscratch owns are not repeated here; they come in the data written by
 * docs/_ext/explorer_data.py (explorer-data.js): the optimizers and their defaults and state
 * names, the range of each hyperparameter, the divergence bound, the book's steps, the
 * optimizers the book compares, and each optimizer's colour, marker and dash pattern.
 * create(data) binds the core to one such object.
 *
 * The update rules repeat dlscratch/optim.py operation for operation, in the same order, so
 * that a path here equals trace_path's in float64 (tests/site/test_explorer.py checks it).
 */
(function (global) {
  "use strict";

  var BOOK_FUNCTION = "anisotropic"; // the function of the book's figure
  var MAX_STEPS = 1000; // the most steps the page (and a link) may ask for
  // The hyperparameters with a slider, and so in a link; eps has neither.
  var CONTROLLED = ["lr", "momentum", "decay_rate", "beta1", "beta2"];

  // ---- The functions: the gradients of dlscratch/landscapes.py, term by term. ----
  var FUNCTIONS = {
    anisotropic: {
      f: function (x, y) { return (x * x) / 20 + y * y; },
      grad: function (x, y, g) { g[0] = x / 10; g[1] = 2 * y; },
    },
    isotropic: {
      f: function (x, y) { return x * x + y * y; },
      grad: function (x, y, g) { g[0] = 2 * x; g[1] = 2 * y; },
    },
    rosenbrock: {
      f: function (x, y) { var r = y - x * x; return (1 - x) * (1 - x) + 100 * (r * r); },
      grad: function (x, y, g) {
        var r = y - x * x;
        g[0] = -2 * (1 - x) - 400 * x * r;
        g[1] = 200 * r;
      },
    },
    saddle: {
      f: function (x, y) { var q = x * x - 1; return q * q + y * y; },
      grad: function (x, y, g) { g[0] = 4 * x * (x * x - 1); g[1] = 2 * y; },
    },
  };

  // ---- The update rules of dlscratch/optim.py; i is the coordinate (0 for x, 1 for y), ----
  // s holds the state arrays under the names the data gives (the classes' state_names).
  var UPDATES = {
    SGD: function (hp, theta, g, i) {
      theta[i] -= hp.lr * g[i]; // θ ← θ − ηg
    },
    Momentum: function (hp, theta, g, i, s) {
      s.v[i] = hp.momentum * s.v[i] - hp.lr * g[i]; // v ← αv − ηg
      theta[i] += s.v[i]; // θ ← θ + v
    },
    Nesterov: function (hp, theta, g, i, s) {
      var alpha = hp.momentum, eta = hp.lr;
      theta[i] += alpha * alpha * s.v[i] - (1 + alpha) * eta * g[i]; // θ ← θ + α²v − (1+α)ηg
      s.v[i] = alpha * s.v[i] - eta * g[i]; // v ← αv − ηg
    },
    AdaGrad: function (hp, theta, g, i, s) {
      s.h[i] += g[i] * g[i]; // h ← h + g⊙g
      theta[i] -= (hp.lr * g[i]) / (Math.sqrt(s.h[i]) + hp.eps); // θ ← θ − ηg / (√h + ε)
    },
    RMSprop: function (hp, theta, g, i, s) {
      var rho = hp.decay_rate;
      s.h[i] = rho * s.h[i] + (1 - rho) * g[i] * g[i]; // h ← ρh + (1−ρ)g⊙g
      theta[i] -= (hp.lr * g[i]) / (Math.sqrt(s.h[i]) + hp.eps); // θ ← θ − ηg / (√h + ε)
    },
    Adam: function (hp, theta, g, i, s, t) {
      var beta1 = hp.beta1, beta2 = hp.beta2;
      s.m[i] = beta1 * s.m[i] + (1 - beta1) * g[i]; // m ← β₁m + (1−β₁)g
      s.v[i] = beta2 * s.v[i] + (1 - beta2) * g[i] * g[i]; // v ← β₂v + (1−β₂)g⊙g
      var mHat = s.m[i] / (1 - Math.pow(beta1, t)); // m̂ = m / (1−β₁ᵗ)
      var vHat = s.v[i] / (1 - Math.pow(beta2, t)); // v̂ = v / (1−β₂ᵗ)
      theta[i] -= (hp.lr * mHat) / (Math.sqrt(vHat) + hp.eps); // θ ← θ − ηm̂ / (√v̂ + ε)
    },
  };

  // The kinds of range of dlscratch/validation.py that the data names for each hyperparameter;
  // the messages are Python's.
  var RANGES = {
    positive: { // positive_finite
      accepts: function (value) { return isFinite(value) && value > 0; },
      says: "must be a finite number > 0",
    },
    "unit-interval": { // unit_interval
      accepts: function (value) { return value >= 0 && value < 1; }, // false for NaN
      says: "must be in [0, 1)",
    },
  };

  // ---- The optimizers' markers: matplotlib's codes, drawn as SVG path data. ----
  /* One shape for the canvas (through Path2D) and the legend's SVG alike, centred on
   * (x, y) with "radius" r; the proportions follow matplotlib's markers of the same code. */
  function polygon(points) {
    return "M" + points.map(function (p) { return p[0].toFixed(2) + " " + p[1].toFixed(2); }).join("L") + "Z";
  }
  var MARKERS = {
    o: function (x, y, r) {
      return "M" + (x - r) + " " + y + "A" + r + " " + r + " 0 1 0 " + (x + r) + " " + y +
        "A" + r + " " + r + " 0 1 0 " + (x - r) + " " + y + "Z";
    },
    s: function (x, y, r) {
      var h = 0.85 * r;
      return polygon([[x - h, y - h], [x + h, y - h], [x + h, y + h], [x - h, y + h]]);
    },
    D: function (x, y, r) {
      var h = 1.15 * r;
      return polygon([[x, y - h], [x + h, y], [x, y + h], [x - h, y]]);
    },
    "^": function (x, y, r) {
      return polygon([[x, y - 1.15 * r], [x + r, y + 0.6 * r], [x - r, y + 0.6 * r]]);
    },
    v: function (x, y, r) {
      return polygon([[x, y + 1.15 * r], [x + r, y - 0.6 * r], [x - r, y - 0.6 * r]]);
    },
    P: function (x, y, r) { // a filled plus, its arms 0.8 r thick
      var a = 1.1 * r, t = 0.4 * r;
      return polygon([[x - t, y - a], [x + t, y - a], [x + t, y - t], [x + a, y - t], [x + a, y + t],
        [x + t, y + t], [x + t, y + a], [x - t, y + a], [x - t, y + t], [x - a, y + t], [x - a, y - t],
        [x - t, y - t]]);
    },
  };
  function markerPath(marker, x, y, r) {
    if (!(marker in MARKERS)) { throw new Error("the explorer cannot draw the marker " + marker); }
    return MARKERS[marker](x, y, r);
  }

  /* The core bound to one explorer-data object.  Data that the core cannot serve (an
   * optimizer without an update rule, a range kind it does not know) fails here, at load,
   * rather than at the first slider move. */
  function create(data) {
    var NAMES = Object.keys(data.optimizers); // the six optimizers, in the figures' order
    var FUNCTION_NAMES = Object.keys(data.functions);
    var BOUND = data.bound;
    NAMES.forEach(function (name) {
      if (!(name in UPDATES)) { throw new Error("the explorer has no update rule for " + name); }
      if (!Array.isArray(data.stateNames[name])) { throw new Error("no state names for " + name); }
      markerPath(data.markers[name], 0, 0, 1); // a marker the explorer cannot draw fails now
      var dash = data.dashes[name];
      if (!Array.isArray(dash) || dash.length % 2 || !dash.every(function (d) { return d > 0; })) {
        throw new Error(name + ": a dash pattern is an even number of positive lengths");
      }
      Object.keys(data.optimizers[name]).forEach(function (key) {
        if (!(data.hyperparameterRules[key] in RANGES)) {
          throw new Error(name + "." + key + ": unknown range " + data.hyperparameterRules[key]);
        }
      });
    });
    FUNCTION_NAMES.forEach(function (fn) {
      if (!(fn in FUNCTIONS)) { throw new Error("the explorer has no function " + fn); }
    });

    /* The checks of dlscratch.optim, with the ranges the data gives; the values not given
     * are the defaults.  Throws a RangeError that names the hyperparameter. */
    function checkedHyperparameters(name, given) {
      var defaults = data.optimizers[name], hp = {};
      Object.keys(defaults).forEach(function (key) {
        var value = given && key in given ? given[key] : defaults[key];
        var range = RANGES[data.hyperparameterRules[key]];
        if (!(typeof value === "number" && range.accepts(value))) {
          throw new RangeError(name + ": " + key + " " + range.says + ", got " + value);
        }
        hp[key] = value;
      });
      Object.keys(given || {}).forEach(function (key) {
        if (!(key in hp)) { throw new RangeError(name + " has no hyperparameter " + key); }
      });
      return hp;
    }

    function within(x, y) {
      return Math.abs(x) <= BOUND && Math.abs(y) <= BOUND; // false for NaN
    }

    /* Run one optimizer like trace_path: out receives x0, y0, x1, y1, ... (steps + 1 points).
     * Returns the step at which the path diverged (its rows from there on are NaN), or -1.
     * No checks and no allocation per step: the widget calls it on every slider move. */
    function traceInto(name, hp, fn, x0, y0, steps, out) {
      var grad = FUNCTIONS[fn].grad, update = UPDATES[name];
      var theta = [x0, y0], g = [0, 0], state = {};
      data.stateNames[name].forEach(function (key) { state[key] = [0, 0]; });
      out[0] = x0;
      out[1] = y0;
      for (var t = 1; t <= steps; t++) {
        grad(theta[0], theta[1], g);
        update(hp, theta, g, 0, state, t);
        update(hp, theta, g, 1, state, t);
        if (!within(theta[0], theta[1])) {
          for (var k = 2 * t; k < 2 * steps + 2; k++) { out[k] = NaN; }
          return t;
        }
        out[2 * t] = theta[0];
        out[2 * t + 1] = theta[1];
      }
      return -1;
    }

    /* The public API: the same contract as dlscratch.landscapes.trace_path. */
    function trace(optimizer, hyperparameters, functionName, start, steps) {
      if (NAMES.indexOf(optimizer) < 0) { throw new RangeError("unknown optimizer " + optimizer); }
      if (!(functionName in data.functions)) {
        throw new RangeError("unknown function " + functionName);
      }
      if (!(Number.isInteger(steps) && steps >= 0)) {
        throw new RangeError("steps must be an integer >= 0, got " + steps);
      }
      if (!(start && start.length === 2 && within(start[0], start[1]))) {
        throw new RangeError(
          "start must be two finite numbers within ±" + BOUND + ", got " + start);
      }
      var hp = checkedHyperparameters(optimizer, hyperparameters);
      var out = new Float64Array(2 * steps + 2);
      traceInto(optimizer, hp, functionName, start[0], start[1], steps, out);
      var path = [];
      for (var k = 0; k <= steps; k++) { path.push([out[2 * k], out[2 * k + 1]]); }
      return path;
    }

    // ---- The page's state and its URL fragment ----

    /* The book's settings on function fn: its start and learning rates, the book's number of
     * steps, and the optimizers of the book's comparison switched on. */
    function bookState(fn) {
      var spec = data.functions[fn];
      var state = { fn: fn, x0: spec.start[0], y0: spec.start[1], steps: data.bookSteps,
        t: data.bookSteps, on: {}, hp: {} };
      NAMES.forEach(function (name) {
        state.on[name] = data.onByDefault.indexOf(name) >= 0;
        state.hp[name] = Object.assign({}, data.optimizers[name]);
        if (name in spec.learningRates) { state.hp[name].lr = spec.learningRates[name]; }
      });
      return state;
    }

    /* The fragment (without "#") that decode turns back into state: what differs from the
     * book's settings, plus the function, the steps and the optimizers shown. */
    function encode(state) {
      var base = bookState(state.fn);
      var parts = ["f=" + state.fn];
      if (state.x0 !== base.x0) { parts.push("x=" + state.x0); }
      if (state.y0 !== base.y0) { parts.push("y=" + state.y0); }
      parts.push("n=" + state.steps);
      if (state.t !== state.steps) { parts.push("t=" + state.t); }
      parts.push("on=" + NAMES.filter(function (n) { return state.on[n]; }).join(","));
      NAMES.forEach(function (name) {
        CONTROLLED.forEach(function (key) {
          if (key in state.hp[name] && state.hp[name][key] !== base.hp[name][key]) {
            parts.push(name + "." + key + "=" + state.hp[name][key]);
          }
        });
      });
      return parts.join(";");
    }

    /* Read a fragment; anything missing or invalid keeps its book setting. */
    function decode(fragment) {
      var fields = {};
      fragment.replace(/^#/, "").split(/[;&]/).forEach(function (part) {
        var eq = part.indexOf("=");
        if (eq > 0) {
          fields[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
        }
      });
      var fn = fields.f in data.functions ? fields.f : BOOK_FUNCTION;
      var state = bookState(fn);
      var x = Number(fields.x), y = Number(fields.y);
      if (fields.x !== undefined && fields.x !== "" && within(x, 0)) { state.x0 = x; }
      if (fields.y !== undefined && fields.y !== "" && within(0, y)) { state.y0 = y; }
      var n = Number(fields.n);
      if (Number.isInteger(n) && n >= 1 && n <= MAX_STEPS) { state.steps = n; }
      var t = Number(fields.t);
      var tValid = Number.isInteger(t) && t >= 0 && t <= state.steps && fields.t !== "";
      state.t = tValid ? t : state.steps;
      if (fields.on !== undefined) {
        var on = fields.on.split(",");
        NAMES.forEach(function (name) { state.on[name] = on.indexOf(name) >= 0; });
      }
      NAMES.forEach(function (name) {
        Object.keys(state.hp[name]).forEach(function (key) {
          var text = fields[name + "." + key];
          if (text === undefined || text === "") { return; }
          var trial = {};
          trial[key] = Number(text);
          try {
            checkedHyperparameters(name, trial);
            state.hp[name][key] = trial[key];
          } catch (e) { /* an invalid value in a link keeps the default */ }
        });
      });
      return state;
    }

    return {
      names: NAMES,
      functionNames: FUNCTION_NAMES,
      bound: BOUND,
      bookFunction: BOOK_FUNCTION,
      maxSteps: MAX_STEPS,
      controlled: CONTROLLED,
      functions: FUNCTIONS,
      markerPath: markerPath,
      checkedHyperparameters: checkedHyperparameters,
      within: within,
      traceInto: traceInto,
      trace: trace,
      bookState: bookState,
      encode: encode,
      decode: decode,
    };
  }

  var core = { create: create, markerPath: markerPath, markers: Object.keys(MARKERS) };
  if (typeof module === "object" && module && module.exports) {
    module.exports = core;
  } else {
    global.dlscratchExplorerCore = core;
  }
})(typeof window !== "undefined" ? window : globalThis);
