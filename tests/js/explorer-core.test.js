/* The explorer's core (docs/_static/explorer-core.js) in Node, with the data dlscratch writes.
 *
 * Run by tests/test_explorer_core.py, which writes explorer-data.js from the package and
 * names it in DLSCRATCH_EXPLORER_DATA.  By hand:
 *
 *   python docs/_ext/explorer_data.py > /tmp/explorer-data.js
 *   DLSCRATCH_EXPLORER_DATA=/tmp/explorer-data.js node --test tests/js/*.test.js
 *
 * The expected numbers are worked out by hand from the update rules, not by the core.
 */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const CORE_FILE = path.join(__dirname, "..", "..", "docs", "_static", "explorer-core.js");
const Core = require(CORE_FILE);

/* The data file as the browser runs it: a script that sets window.dlscratchExplorerData.
 * The data is JSON; parsed again here, its objects are this realm's, as deepEqual wants. */
function loadData() {
  const file = process.env.DLSCRATCH_EXPLORER_DATA;
  if (!file) {
    throw new Error("set DLSCRATCH_EXPLORER_DATA to an explorer-data.js " +
      "(python docs/_ext/explorer_data.py > file), or run pytest tests/test_explorer_core.py");
  }
  const window = {};
  vm.runInNewContext(fs.readFileSync(file, "utf8"), { window: window });
  return JSON.parse(JSON.stringify(window.dlscratchExplorerData));
}

const DATA = loadData();
const core = Core.create(DATA);

/* A copy of the data with some fields replaced, for the tests that the data is what counts. */
function changed(fields) {
  return Object.assign(JSON.parse(JSON.stringify(DATA)), fields);
}

function close(actual, expected, rel, where) {
  const tolerance = rel * Math.abs(expected) || rel;
  assert.ok(Math.abs(actual - expected) <= tolerance,
    `${where}: ${actual} is not ${expected} (±${tolerance})`);
}

/* The first steps of a run from the book's start (-7, 2) on f(x, y) = x²/20 + y². */
function firstSteps(name, hp, steps) {
  return core.trace(name, hp, "anisotropic", [-7, 2], steps);
}

// ---- Loading ----------------------------------------------------------------------------------

test("a plain script in a page attaches one global and no module is needed", () => {
  const window = {};
  vm.runInNewContext(fs.readFileSync(CORE_FILE, "utf8"), { window: window });
  assert.deepEqual(Object.keys(window), ["dlscratchExplorerCore"]);
  assert.equal(typeof window.dlscratchExplorerCore.create, "function");
  // The browser's copy computes what Node's does (its arrays are another realm's: compare text).
  const args = ["Adam", {}, "saddle", [0.5, 1], 20];
  const fromPage = window.dlscratchExplorerCore.create(DATA).trace(...args);
  assert.equal(JSON.stringify(fromPage), JSON.stringify(core.trace(...args)));
});

test("the optimizers, functions and book settings are the data's", () => {
  assert.deepEqual(core.names, ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]);
  assert.deepEqual(core.names, Object.keys(DATA.colors));
  assert.deepEqual(core.functionNames, Object.keys(DATA.functions));
  assert.equal(core.bound, DATA.bound);
  assert.equal(DATA.bookSteps, 30);
  assert.deepEqual(DATA.onByDefault, ["SGD", "Momentum", "AdaGrad", "Adam"]);
  assert.deepEqual(DATA.stateNames.Adam, ["m", "v"]);

  const book = core.bookState("anisotropic");
  assert.equal(book.steps, DATA.bookSteps);
  assert.equal(book.t, DATA.bookSteps);
  assert.deepEqual(core.names.filter((n) => book.on[n]), DATA.onByDefault);
  assert.deepEqual([book.x0, book.y0], DATA.functions.anisotropic.start);
  assert.equal(book.hp.SGD.lr, DATA.functions.anisotropic.learningRates.SGD);
  assert.equal(book.hp.Adam.beta2, DATA.optimizers.Adam.beta2);

  // Other data, other book settings: nothing of these is written in the core.
  const otherCore = Core.create(changed({ bookSteps: 7, onByDefault: ["Nesterov"] }));
  const other = otherCore.bookState("saddle");
  assert.equal(other.steps, 7);
  assert.deepEqual(core.names.filter((n) => other.on[n]), ["Nesterov"]);
});

test("data the core cannot serve is refused when the core is made", () => {
  const unknownOptimizer = changed({});
  unknownOptimizer.optimizers.Lion = { lr: 1e-4 };
  unknownOptimizer.stateNames.Lion = ["m"];
  assert.throws(() => Core.create(unknownOptimizer), /no update rule for Lion/);
  const unknownRange = changed({ hyperparameterRules: Object.assign({}, DATA.hyperparameterRules,
    { eps: "non-negative" }) });
  assert.throws(() => Core.create(unknownRange), /AdaGrad\.eps: unknown range non-negative/);
  const unknownFunction = changed({});
  unknownFunction.functions.himmelblau = DATA.functions.saddle;
  assert.throws(() => Core.create(unknownFunction), /no function himmelblau/);
});

test("each optimizer has its own marker and dash pattern, and the core draws every marker", () => {
  // Lines must differ by shape as well as by colour (colour-blind readers; issue #22).
  const markers = core.names.map((n) => DATA.markers[n]);
  const dashes = core.names.map((n) => JSON.stringify(DATA.dashes[n]));
  assert.equal(new Set(markers).size, 6);
  assert.equal(new Set(dashes).size, 6);
  markers.forEach((marker) => assert.ok(Core.markers.includes(marker), marker));
  // Each shape is one closed outline around its centre, within 1.2 radii of it.
  Core.markers.forEach((marker) => {
    const path = Core.markerPath(marker, 10, 20, 4);
    assert.match(path, /^M[^M]*Z$/, marker);
    const numbers = path.replace(/A[^A]*?0 1 0 /g, " ").match(/-?\d+(\.\d+)?/g).map(Number);
    for (let k = 0; k + 1 < numbers.length; k += 2) {
      assert.ok(Math.abs(numbers[k] - 10) <= 4.8 && Math.abs(numbers[k + 1] - 20) <= 4.8,
        `${marker}: (${numbers[k]}, ${numbers[k + 1]}) is off the marker`);
    }
  });
  const unknownMarker = changed({});
  unknownMarker.markers.Adam = "8";
  assert.throws(() => Core.create(unknownMarker), /cannot draw the marker 8/);
  const oddDash = changed({});
  oddDash.dashes.Adam = [5, 1.5, 1];
  assert.throws(() => Core.create(oddDash), /Adam: a dash pattern/);
});

// ---- The update rules, by hand ------------------------------------------------------------------

test("SGD with η = 0.95 multiplies x by 0.905 and y by −0.9 at every step", () => {
  // x ← x − η·x/10 = 0.905·x and y ← y − η·2y = −0.9·y.
  const path = firstSteps("SGD", { lr: 0.95 }, 30);
  assert.equal(path.length, 31);
  path.forEach(([x, y], k) => {
    close(x, -7 * Math.pow(0.905, k), 1e-12, `x_${k}`);
    close(y, 2 * Math.pow(-0.9, k), 1e-12, `y_${k}`);
  });
});

test("Momentum's first two steps", () => {
  // g₀ = (−0.7, 4); v₁ = −0.1·g₀ = (0.07, −0.4); θ₁ = (−6.93, 1.6).
  // g₁ = (−0.693, 3.2); v₂ = 0.9·v₁ − 0.1·g₁ = (0.1323, −0.68); θ₂ = (−6.7977, 0.92).
  const path = firstSteps("Momentum", { lr: 0.1, momentum: 0.9 }, 2);
  close(path[1][0], -6.93, 1e-14, "x₁");
  close(path[1][1], 1.6, 1e-14, "y₁");
  close(path[2][0], -6.7977, 1e-14, "x₂");
  close(path[2][1], 0.92, 1e-14, "y₂");
});

test("Nesterov's first step is (1 + α)ηg, the second adds α²v", () => {
  // θ₁ = θ₀ − 1.9·0.1·g₀ = (−7 + 0.133, 2 − 0.76) = (−6.867, 1.24); v₁ = (0.07, −0.4).
  // g₁ = (−0.6867, 2.48); θ₂ = θ₁ + 0.81·v₁ − 0.19·g₁ = (−6.679827, 0.4448).
  const path = firstSteps("Nesterov", { lr: 0.1, momentum: 0.9 }, 2);
  close(path[1][0], -6.867, 1e-14, "x₁");
  close(path[1][1], 1.24, 1e-14, "y₁");
  close(path[2][0], -6.679827, 1e-14, "x₂");
  close(path[2][1], 0.4448, 1e-13, "y₂");
});

test("AdaGrad's first step is η·sign(g): h = g², so ηg / (|g| + ε)", () => {
  const lr = 1.5;
  const [[x0, y0], [x1, y1]] = firstSteps("AdaGrad", { lr: lr }, 1);
  // g₀ = (−0.7, 4): x moves by +η, y by −η, each short of it by ε/|g| < 1.5e-7 of η.
  close(x1 - x0, lr, 1.5e-7, "x step");
  close(y1 - y0, -lr, 1.5e-7, "y step");
  close(x1 - x0, (lr * 0.7) / (0.7 + DATA.optimizers.AdaGrad.eps), 1e-12, "x step with ε");
});

test("RMSprop's first step is η/√(1 − ρ)·sign(g): ten times η at ρ = 0.99", () => {
  // h = 0.01·g², √h = 0.1·|g|: the step is 0.1, short of it by ε/(0.1·|g|) < 1.5e-6 of it.
  const [[x0, y0], [x1, y1]] = firstSteps("RMSprop", { lr: 0.01, decay_rate: 0.99 }, 1);
  close(x1 - x0, 0.1, 1.5e-6, "x step");
  close(y1 - y0, -0.1, 1.5e-6, "y step");
});

test("Adam's first step moves each coordinate by η: m̂ = g and v̂ = g²", () => {
  for (const lr of [0.3, 0.001]) {
    const [[x0, y0], [x1, y1]] = firstSteps("Adam", { lr: lr }, 1);
    close(x1 - x0, lr, 1e-7, `x step at η = ${lr}`);
    close(y1 - y0, -lr, 1e-7, `y step at η = ${lr}`);
  }
});

test("every update finds its state under the data's state names", () => {
  for (const name of core.names) {
    for (const fn of core.functionNames) {
      const spec = DATA.functions[fn];
      const path = core.trace(name, { lr: spec.learningRates[name] }, fn, spec.start, 5);
      assert.ok(path.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y)), `${name} ${fn}`);
    }
  }
  // An update whose state the data does not name cannot run.
  const missing = changed({});
  missing.stateNames.Adam = ["m"];
  assert.throws(() => Core.create(missing).trace("Adam", {}, "saddle", [0.5, 1], 1), TypeError);
});

// ---- Divergence ---------------------------------------------------------------------------------

test("a path diverges when a coordinate passes the data's bound", () => {
  // SGD with η = 1.05 multiplies y by −1.1: |y_k| = 2·1.1^k, first beyond 10⁶ at k = 138.
  assert.equal(DATA.bound, 1e6);
  const path = firstSteps("SGD", { lr: 1.05 }, 200);
  const rows = path.map(([x, y]) => Number.isNaN(x) && Number.isNaN(y));
  assert.equal(rows.indexOf(true), 138);
  assert.ok(rows.slice(138).every(Boolean), "NaN from the step that diverged on");
  close(Math.abs(path[137][1]), 2 * Math.pow(1.1, 137), 1e-12, "the last point inside");
  const out = new Float64Array(2 * 200 + 2);
  assert.equal(core.traceInto("SGD", { lr: 1.05 }, "anisotropic", -7, 2, 200, out), 138);
  assert.equal(core.traceInto("SGD", { lr: 0.95 }, "anisotropic", -7, 2, 200, out), -1);

  // With a bound of 100 the same run leaves at the first k with 2·1.1^k > 100: k = 42.
  const small = Core.create(changed({ bound: 100 }));
  assert.equal(small.traceInto("SGD", { lr: 1.05 }, "anisotropic", -7, 2, 200, out), 42);
  assert.throws(() => small.trace("SGD", {}, "anisotropic", [-7, 200], 5), /start.*±100/);
});

test("a NaN or an infinite start is refused, an infinite step diverges at once", () => {
  assert.throws(() => core.trace("SGD", {}, "anisotropic", [NaN, 2], 5), /start/);
  assert.throws(() => core.trace("SGD", {}, "anisotropic", [Infinity, 2], 5), /start/);
  // Rosenbrock's gradient at x = 1000 is ~4·10¹¹: one step of η = 1 leaves the bound.
  const path = core.trace("SGD", { lr: 1 }, "rosenbrock", [1000, 0], 3);
  assert.deepEqual(path[0], [1000, 0]);
  assert.ok(path.slice(1).every(([x, y]) => Number.isNaN(x) && Number.isNaN(y)));
});

// ---- The checks ---------------------------------------------------------------------------------

const VALUES = {
  positive: { good: [1e-9, 0.5, 5, 1e6], bad: [0, -1, -1e-9, NaN, Infinity, "0.1", null] },
  "unit-interval": { good: [0, 0.5, 0.999], bad: [-0.01, 1, 1.5, NaN, -Infinity, "0.5", true] },
};

test("each hyperparameter is checked against the range the data gives for it", () => {
  assert.deepEqual(DATA.hyperparameterRules, {
    lr: "positive", eps: "positive", momentum: "unit-interval", decay_rate: "unit-interval",
    beta1: "unit-interval", beta2: "unit-interval",
  });
  let checked = 0;
  for (const name of core.names) {
    for (const key of Object.keys(DATA.optimizers[name])) {
      const values = VALUES[DATA.hyperparameterRules[key]];
      for (const value of values.good) {
        assert.equal(core.checkedHyperparameters(name, { [key]: value })[key], value);
      }
      for (const value of values.bad) {
        assert.throws(() => core.checkedHyperparameters(name, { [key]: value }),
          (e) => e instanceof RangeError && e.message.startsWith(`${name}: ${key} must be`),
          `${name}.${key} = ${String(value)}`);
        assert.throws(() => core.trace(name, { [key]: value }, "saddle", [0, 0], 1), RangeError);
        checked++;
      }
    }
  }
  assert.equal(checked, (9 + 5) * 7); // lr ×6 and eps ×3; momentum ×2, decay_rate, beta1, beta2
  assert.throws(() => core.checkedHyperparameters("SGD", { momentum: 0.9 }), /no hyperparameter/);

  // The range is the data's: say momentum is positive, and 1.5 passes while 0 does not.
  const other = Core.create(changed({
    hyperparameterRules: Object.assign({}, DATA.hyperparameterRules, { momentum: "positive" }),
  }));
  assert.equal(other.checkedHyperparameters("Momentum", { momentum: 1.5 }).momentum, 1.5);
  assert.throws(() => other.checkedHyperparameters("Momentum", { momentum: 0 }), /> 0/);
});

test("trace refuses a bad call and names what is wrong", () => {
  assert.throws(() => core.trace("Lion", {}, "saddle", [0, 0], 5), /unknown optimizer Lion/);
  assert.throws(() => core.trace("SGD", {}, "himmelblau", [0, 0], 5), /unknown function/);
  assert.throws(() => core.trace("SGD", {}, "saddle", [0, 0], 1.5), /steps/);
  assert.throws(() => core.trace("SGD", {}, "saddle", [0, 0], -1), /steps/);
  assert.deepEqual(core.trace("SGD", {}, "saddle", [0.5, 1], 0), [[0.5, 1]]);
});

// ---- The URL fragment ---------------------------------------------------------------------------

test("the book's settings make a short fragment and come back from it", () => {
  const book = core.bookState("anisotropic");
  assert.equal(core.encode(book), "f=anisotropic;n=30;on=SGD,Momentum,AdaGrad,Adam");
  assert.deepEqual(core.decode("#" + core.encode(book)), book);
  assert.deepEqual(core.decode(""), book);
});

test("every setting survives encode then decode", () => {
  const state = core.bookState("saddle");
  Object.assign(state, { x0: 0.25, y0: -1.5, steps: 400, t: 17 });
  state.on = {
    SGD: false, Momentum: true, Nesterov: true, AdaGrad: false, RMSprop: true, Adam: true,
  };
  state.hp.Momentum.momentum = 0;
  state.hp.Nesterov.lr = 0.0123;
  state.hp.RMSprop.decay_rate = 0.999;
  state.hp.Adam.beta1 = 0;
  state.hp.Adam.beta2 = 0.9;
  const fragment = core.encode(state);
  assert.equal(fragment, "f=saddle;x=0.25;y=-1.5;n=400;t=17;on=Momentum,Nesterov,RMSprop,Adam;" +
    "Momentum.momentum=0;Nesterov.lr=0.0123;RMSprop.decay_rate=0.999;Adam.beta1=0;Adam.beta2=0.9");
  assert.deepEqual(core.decode("#" + fragment), state);
  assert.equal(core.encode(core.decode(fragment)), fragment);
  // Every function's book settings too.
  for (const fn of core.functionNames) {
    assert.deepEqual(core.decode(core.encode(core.bookState(fn))), core.bookState(fn));
  }
});

test("a value a link may not set keeps the book's setting", () => {
  const book = core.bookState("anisotropic");
  const state = core.decode("#f=nowhere;x=1e7;y=abc;n=5000;t=-1;on=SGD,Lion;" +
    "SGD.lr=-1;Adam.beta2=1;Adam.eps=0;Momentum.lr=");
  assert.equal(state.fn, "anisotropic");
  assert.deepEqual([state.x0, state.y0, state.steps, state.t], [book.x0, book.y0, 30, 30]);
  assert.deepEqual(core.names.filter((n) => state.on[n]), ["SGD"]);
  assert.deepEqual(state.hp, book.hp);
  // "&" separates fields too, and the values are URI-decoded; t beyond n falls back to n.
  const other = core.decode("f=isotropic&n=12&t=13&Adam.lr=%30.5");
  assert.deepEqual([other.fn, other.steps, other.t, other.hp.Adam.lr], ["isotropic", 12, 12, 0.5]);
  assert.equal(core.decode("n=" + core.maxSteps).steps, core.maxSteps);
});
