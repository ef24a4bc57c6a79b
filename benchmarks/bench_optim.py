"""Time one ``update`` of every optimizer on 10 M float32 parameters, against baselines.

For each of SGD, Momentum, Nesterov, AdaGrad, RMSprop and Adam it measures

dlscratch
    ``opt.update(params, grads)``, which works through a large parameter in
    pieces of at most 1 MiB and computes into scratch arrays made once, so
    that a step allocates nothing and its data stay near the processor.
whole array
    The same rule written as one NumPy expression per equation and applied to
    the whole array, as dlscratch did before: every expression allocates a
    temporary of 40 MB.  Measured in the same run, as the baseline.
torch foreach / torch fused
    PyTorch's optimizer with ``foreach=True`` and with ``fused=True`` on the
    CPU (only if ``import torch`` works; PyTorch is not a dependency), with
    the same hyperparameters (Nesterov: ``SGD(nesterov=True)``, AdaGrad:
    ``Adagrad(eps=1e-7)``, RMSprop: ``RMSprop(alpha=0.99, eps=1e-8)``).

Each time is the median of ``--rounds`` steps after ``--warmup`` steps, the
variants taking turns step by step.  The
table also gives the peak of memory allocated during one dlscratch update
(:mod:`tracemalloc`, which sees NumPy's allocations), to show that no
parameter-sized temporary is made.

Run::

    python benchmarks/bench_optim.py              # 10 M parameters, 15 rounds
    python benchmarks/bench_optim.py --size 1000000 --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

import numpy as np

from dlscratch import optim

SETTINGS = {
    "SGD": {"lr": 0.01},
    "Momentum": {"lr": 0.01, "momentum": 0.9},
    "Nesterov": {"lr": 0.01, "momentum": 0.9},
    "AdaGrad": {"lr": 0.01, "eps": 1e-7},
    "RMSprop": {"lr": 0.01, "decay_rate": 0.99, "eps": 1e-8},
    "Adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}


def interleaved_medians(steps: dict, rounds: int, warmup: int) -> dict[str, float]:
    """Median time in ms of each step, the variants taking turns (A B C A B C ...).

    Taking turns spreads a busy moment of the machine over all variants.
    """
    for step in steps.values():
        for _ in range(warmup):
            step()
    times = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    return {name: 1000 * statistics.median(values) for name, values in times.items()}


def dlscratch_step(name, theta, g):
    opt = getattr(optim, name)(**SETTINGS[name])
    params, grads = {"w": theta}, {"w": g}
    return lambda: opt.update(params, grads)


def whole_array_rules(s: dict, t: int) -> dict:
    """Each rule written as one NumPy expression per equation, on whole arrays.

    This is how dlscratch's ``_step`` read before it computed into scratch
    arrays: every expression allocates parameter-sized temporaries.
    """

    def sgd(theta, g):
        theta -= s["lr"] * g

    def momentum(theta, g, v):
        v[...] = s["momentum"] * v - s["lr"] * g
        theta += v

    def nesterov(theta, g, v):
        a, eta = s["momentum"], s["lr"]
        theta += a * a * v - (1 + a) * eta * g
        v[...] = a * v - eta * g

    def adagrad(theta, g, h):
        h += g * g
        theta -= s["lr"] * g / (np.sqrt(h) + s["eps"])

    def rmsprop(theta, g, h):
        rho = s["decay_rate"]
        h[...] = rho * h + (1 - rho) * g * g
        theta -= s["lr"] * g / (np.sqrt(h) + s["eps"])

    def adam(theta, g, m, v):
        b1, b2 = s["beta1"], s["beta2"]
        m[...] = b1 * m + (1 - b1) * g
        v[...] = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        theta -= s["lr"] * m_hat / (np.sqrt(v_hat) + s["eps"])

    return {"SGD": sgd, "Momentum": momentum, "Nesterov": nesterov, "AdaGrad": adagrad,
            "RMSprop": rmsprop, "Adam": adam}  # fmt: skip


def whole_array_step(name, theta, g):
    rule = whole_array_rules(SETTINGS[name], t=10)[name]
    state = [np.zeros_like(theta) for _ in getattr(optim, name).state_names]
    return lambda: rule(theta, g, *state)


def torch_step(name, theta, g, mode):
    import torch

    w = torch.nn.Parameter(torch.from_numpy(theta.copy()))
    w.grad = torch.from_numpy(g.copy())
    s, kw = SETTINGS[name], {mode: True}
    make = {
        "SGD": lambda: torch.optim.SGD([w], lr=s["lr"], **kw),
        "Momentum": lambda: torch.optim.SGD([w], lr=s["lr"], momentum=s["momentum"], **kw),
        "Nesterov": lambda: torch.optim.SGD(
            [w], lr=s["lr"], momentum=s["momentum"], nesterov=True, **kw
        ),
        "AdaGrad": lambda: torch.optim.Adagrad([w], lr=s["lr"], eps=s["eps"], **kw),
        "RMSprop": lambda: torch.optim.RMSprop(
            [w], lr=s["lr"], alpha=s["decay_rate"], eps=s["eps"], **kw
        ),
        "Adam": lambda: torch.optim.Adam(
            [w], lr=s["lr"], betas=(s["beta1"], s["beta2"]), eps=s["eps"], **kw
        ),
    }
    try:
        opt = make[name]()
    except (RuntimeError, TypeError, ValueError):
        return None  # this PyTorch has no such mode for this optimizer on the CPU
    return opt.step


def peak_mb(step) -> float:
    step()  # state exists from here on
    tracemalloc.start()
    step()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    try:
        import torch

        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    rng = np.random.default_rng(0)
    theta0 = rng.standard_normal(args.size, dtype=np.float32)
    g = rng.standard_normal(args.size, dtype=np.float32)
    print(f"{args.size:,} float32 parameters; median of {args.rounds} steps (ms)")
    if torch_version:
        print(f"PyTorch {torch_version}, {torch.get_num_threads()} threads")
    header = f"{'':9s} {'dlscratch':>10s} {'whole array':>12s} {'torch foreach':>14s}"
    header += f" {'torch fused':>12s} {'vs foreach':>11s} {'peak alloc':>11s}"
    print(header)
    for name in SETTINGS:
        steps = {
            "ours": dlscratch_step(name, theta0.copy(), g),
            "whole": whole_array_step(name, theta0.copy(), g),
        }
        if torch_version:
            for mode in ("foreach", "fused"):
                step = torch_step(name, theta0, g, mode)
                if step is not None:  # this PyTorch may lack a mode for this optimizer
                    steps[mode] = step
        ms = interleaved_medians(steps, args.rounds, args.warmup)
        foreach, fused = ms.get("foreach"), ms.get("fused")
        peak = peak_mb(dlscratch_step(name, theta0.copy(), g))
        cells = [f"{ms['ours']:10.1f}", f"{ms['whole']:12.1f}"]
        cells.append(f"{foreach:14.1f}" if foreach else f"{'n/a':>14s}")
        cells.append(f"{fused:12.1f}" if fused else f"{'n/a':>12s}")
        cells.append(f"{ms['ours'] / foreach:10.2f}x" if foreach else f"{'n/a':>11s}")
        cells.append(f"{peak:8.2f} MB")
        print(f"{name:9s} " + " ".join(cells))
    print("vs foreach: dlscratch's time divided by PyTorch foreach's (below 1: faster).")
    print(f"A whole-array temporary would be {4 * args.size / 1e6:.0f} MB.")


if __name__ == "__main__":
    main()
