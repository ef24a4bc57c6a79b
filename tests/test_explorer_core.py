"""The explorer's data and, in Node, its core: run ``tests/js/`` with the package's real data.

``node --test`` runs the core's tests (``tests/js/*.test.js``) against an ``explorer-data.js``
written here from dlscratch, the file the site's build writes (``docs/_ext/explorer_data.py``).
Without Node the test is skipped, unless ``DLSCRATCH_REQUIRE_NODE=1`` (set by ``.ci/run``)
makes that a failure.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dlscratch import landscapes, optim
from dlscratch.registry import OPTIMIZERS

REPO = Path(__file__).resolve().parents[1]
JS_TESTS = sorted((REPO / "tests" / "js").glob("*.test.js"))
NODE = shutil.which("node")
REQUIRED = os.environ.get("DLSCRATCH_REQUIRE_NODE") == "1"


def _load_extension():
    spec = importlib.util.spec_from_file_location(
        "explorer_data", REPO / "docs" / "_ext" / "explorer_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


explorer_data = _load_extension()


def test_the_data_is_the_packages():
    data = explorer_data.explorer_data()
    assert list(data["optimizers"]) == list(OPTIMIZERS) == list(data["colors"])
    for name, entry in OPTIMIZERS.items():
        assert data["stateNames"][name] == list(entry.cls.state_names)
        assert data["colors"][name] == entry.color
        # Its marker and dashes too: the canvas tells paths apart by shape, not by colour alone.
        assert data["markers"][name] == entry.marker
        assert data["dashes"][name] == list(entry.dash)
    assert data["stateNames"]["Adam"] == ["m", "v"]
    assert data["onByDefault"] == ["SGD", "Momentum", "AdaGrad", "Adam"]
    assert data["bookSteps"] == landscapes.BOOK_STEPS
    assert data["bound"] == landscapes.DIVERGENCE_BOUND
    # Every hyperparameter the explorer may set has its range, taken from optim's rules.
    rules = data["hyperparameterRules"]
    assert rules == {
        "lr": "positive",
        "eps": "positive",
        "momentum": "unit-interval",
        "decay_rate": "unit-interval",
        "beta1": "unit-interval",
        "beta2": "unit-interval",
    }
    assert {key for hp in data["optimizers"].values() for key in hp} <= set(rules)
    # And each kind is what the rule does: "positive" takes 2 and refuses 0, "unit-interval"
    # takes 0 and refuses 1.
    for key, kind in rules.items():
        rule = optim.HYPERPARAMETER_RULES[key]
        good, bad = (2.0, 0.0) if kind == "positive" else (0.0, 1.0)
        assert rule(key, good) == good
        with pytest.raises(ValueError, match=key):
            rule(key, bad)


def test_a_rule_the_explorer_does_not_know_stops_the_build(monkeypatch):
    from dlscratch import validation

    rules = {**optim.HYPERPARAMETER_RULES, "weight_decay": validation.non_negative}
    monkeypatch.setattr(optim, "HYPERPARAMETER_RULES", rules)
    with pytest.raises(ValueError, match="weight_decay"):
        explorer_data.explorer_data()


def test_the_script_prints_the_data_file():
    text = explorer_data.explorer_data_js()
    assert text.startswith("window.dlscratchExplorerData = {") and text.endswith("};\n")
    # This checkout's package, not whichever is installed.
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    printed = subprocess.run(
        [sys.executable, str(REPO / "docs" / "_ext" / "explorer_data.py")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": path},
    ).stdout
    assert printed == text


def test_the_core_in_node(tmp_path):
    if NODE is None:
        reason = "node is not installed (apt-get install nodejs)"
        if REQUIRED:
            pytest.fail(f"{reason}, but DLSCRATCH_REQUIRE_NODE=1")
        pytest.skip(f"{reason}; the explorer's core is not tested")
    assert JS_TESTS, "no tests/js/*.test.js"
    data = tmp_path / "explorer-data.js"
    data.write_text(explorer_data.explorer_data_js(), encoding="utf-8")
    # The files by name, which every version of node --test takes.
    result = subprocess.run(
        [NODE, "--test", "--test-reporter=tap", *map(str, JS_TESTS)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DLSCRATCH_EXPLORER_DATA": str(data)},
        cwd=REPO,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    passed = re.search(r"^# pass (\d+)$", result.stdout, re.M)
    assert passed and int(passed.group(1)) > 0, output
    assert re.search(r"^# fail 0$", result.stdout, re.M), output
