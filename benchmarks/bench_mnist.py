"""Time and memory of the book's MNIST optimizer comparison, three ways.

The workload is the one the gallery draws: SGD, Momentum, AdaGrad and Adam
each train a 784-100-100-100-100-10 ReLU network for 2,000 iterations on
mini-batches of 128, from the same initial weights and on the same batches.
It is run by

ours
    :func:`dlscratch.experiments.compare_optimizers`: ``float32``, the loss
    taken from the gradient's own forward pass, no input gradient for the
    first layer.
book
    A baseline written here in the style of the book's code: ``float64``
    parameters (the ``float32`` images are converted at every product), the
    loss computed again by a second forward pass after every update (as the
    book's training loop does to log it), the input gradient computed for the
    first layer too, a ReLU that masks by boolean indexing, a softmax that
    evaluates the exponential twice, and the book's L2 weight-decay arithmetic
    in the loss and the weight gradients, done even though the comparison's
    coefficient is 0.  It uses the same optimizers from
    :mod:`dlscratch.optim`, updated key by key, so the network and the loop
    are what differ.
torch
    The same training with PyTorch on the CPU (only if ``import torch``
    works; PyTorch is not a dependency of dlscratch), with the same initial
    weights, batches and hyperparameters (``torch.optim.SGD`` with and
    without momentum, ``Adagrad(eps=1e-7)``, ``Adam``).

Every variant runs in a fresh subprocess, so that imports and allocations of
one do not count against another, and the rounds are interleaved (ours, book,
torch, ours, ...) so that a busy moment of the machine does not fall on one
variant only.  The reported time is the best of the rounds (the median in
brackets); it covers the training loops only, not the imports, the data
loading or the accuracy evaluation.

Memory is reported twice:

peak RSS
    ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of the subprocess at the
    end of the timed training: everything the process ever held in memory at
    once (the interpreter, NumPy and the BLAS library, PyTorch's libraries
    for the torch variant, the data set and the training).  It is what the
    operating system had to provide.
training allocations (tracemalloc)
    The peak of memory allocated through Python's allocators, NumPy arrays
    included, while the comparison trains, measured by :mod:`tracemalloc` in
    a second, shorter pass (tracing slows allocation, so it is kept out of
    the timed pass; the peak is reached at the first update, when the
    optimizers create their state).  It leaves out what existed before
    training started (the data set).  PyTorch allocates tensors outside
    Python's allocators, so tracemalloc cannot see them: "n/a".

With ``--end-to-end`` it times whole processes instead, as a reader would
run them: the first part of ``gallery/plot_08_mnist.py`` (imports, data,
training with an empty result cache, the figure and the table) against a
PyTorch script doing the same work, the rounds interleaved, and prints the
median of each and their ratio.  (The gallery page then goes on to train the
same comparison from four more seeds; that part has no PyTorch counterpart
and is not timed.)

Run::

    python benchmarks/bench_mnist.py            # 3 rounds of 2,000 iterations
    python benchmarks/bench_mnist.py --end-to-end --repeat 3
    python benchmarks/bench_mnist.py --repeat 1 --iterations 200   # a quick look

The data come from :func:`dlscratch.datasets.load_mnist`: the full set when it
is cached or can be downloaded, else the bundled subset (the speed per
iteration is the same, as every iteration trains on one batch of 128).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings

import numpy as np

ITERATIONS = 2000
BATCH_SIZE = 128
HIDDEN = [100, 100, 100, 100]
NAMES = ["SGD", "Momentum", "AdaGrad", "Adam"]
TARGET_SECONDS = 10.0
TARGET_MEMORY_MB = 100.0


# --- the data and the common start --------------------------------------------------------


def load_data():
    from dlscratch.datasets import BundledSubsetWarning, load_mnist

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BundledSubsetWarning)
        return load_mnist()


def common_start(data, iterations):
    from dlscratch.experiments import initial_network_and_batches

    (x_train, _), _ = data
    return initial_network_and_batches(
        784, HIDDEN, 10, n_train=len(x_train), batch_size=BATCH_SIZE, iterations=iterations, seed=0
    )


def summary(losses_by_name):
    return {
        name: {"first": float(losses[0]), "last100": float(np.mean(losses[-100:]))}
        for name, losses in losses_by_name.items()
    }


# --- ours ------------------------------------------------------------------------------------


def train_ours(data, iterations):
    from dlscratch.experiments import compare_optimizers

    result = compare_optimizers(data, iterations=iterations, log_every=None, progress=None)
    seconds = {name: run.seconds for name, run in result.runs.items()}
    return seconds, summary({name: run.losses for name, run in result.runs.items()})


# --- book style ------------------------------------------------------------------------------


class BookAffine:
    def __init__(self, weights, bias):
        self.weights, self.bias = weights, bias

    def forward(self, inputs):
        self.inputs = inputs
        return np.dot(inputs, self.weights) + self.bias

    def backward(self, upstream):
        self.grad_weights = np.dot(self.inputs.T, upstream)
        self.grad_bias = np.sum(upstream, axis=0)
        return np.dot(upstream, self.weights.T)  # also for the first layer


class BookRelu:
    def forward(self, inputs):
        self.off = inputs <= 0
        result = inputs.copy()
        result[self.off] = 0
        return result

    def backward(self, upstream):
        upstream[self.off] = 0
        return upstream


class BookSoftmaxLoss:
    def forward(self, scores, labels):
        # Softmax on the transpose, with the exponential evaluated twice, as the book writes it.
        columns = scores.T - np.max(scores.T, axis=0)
        self.probs = (np.exp(columns) / np.sum(np.exp(columns), axis=0)).T
        self.labels = labels
        rows = np.arange(len(labels))
        return -np.sum(np.log(self.probs[rows, labels] + 1e-7)) / len(labels)

    def backward(self):
        grad = self.probs.copy()
        grad[np.arange(len(self.labels)), self.labels] -= 1
        return grad / len(self.labels)


class BookNet:
    """The network as the book's code builds it, with float64 parameters.

    Like the book's multi-layer network, it adds an L2 weight-decay term to the
    loss and to every weight gradient, here with the comparison's coefficient
    of zero: the arithmetic is done all the same.
    """

    weight_decay = 0.0

    def __init__(self, initial_params):
        self.params = {key: value.astype(np.float64) for key, value in initial_params.items()}
        count = len(self.params) // 2
        self.layers = []
        for i in range(1, count + 1):
            self.layers.append(BookAffine(self.params[f"W{i}"], self.params[f"b{i}"]))
            if i < count:
                self.layers.append(BookRelu())
        self.last = BookSoftmaxLoss()

    def loss(self, inputs, labels):
        for layer in self.layers:
            inputs = layer.forward(inputs)
        penalty = 0.0
        for key, value in self.params.items():
            if key.startswith("W"):
                penalty += 0.5 * self.weight_decay * np.sum(value**2)
        return self.last.forward(inputs, labels) + penalty

    def gradient(self, inputs, labels):
        self.loss(inputs, labels)
        upstream = self.last.backward()
        for layer in reversed(self.layers):
            upstream = layer.backward(upstream)
        affines = [layer for layer in self.layers if isinstance(layer, BookAffine)]
        grads = {}
        for i, layer in enumerate(affines, start=1):
            grads[f"W{i}"] = layer.grad_weights + self.weight_decay * layer.weights
            grads[f"b{i}"] = layer.grad_bias
        return grads


def train_book(data, iterations):
    from dlscratch.experiments import book_optimizers

    (x_train, t_train), _ = data
    initial, batches = common_start(data, iterations)
    optimizers = book_optimizers()
    nets = {name: BookNet(initial.params) for name in optimizers}
    losses = {name: np.empty(iterations) for name in optimizers}
    seconds = dict.fromkeys(optimizers, 0.0)
    for i in range(iterations):
        rows = batches[i]
        x_batch, t_batch = x_train[rows], t_train[rows]
        for name, optimizer in optimizers.items():
            start = time.perf_counter()
            net = nets[name]
            grads = net.gradient(x_batch, t_batch)
            optimizer.update(net.params, grads)
            losses[name][i] = net.loss(x_batch, t_batch)  # the extra forward pass, for the log
            seconds[name] += time.perf_counter() - start
    return seconds, summary(losses)


# --- PyTorch ---------------------------------------------------------------------------------


def train_torch(data, iterations, keep_curves=False):
    import torch

    (x_train, t_train), _ = data
    initial, batches = common_start(data, iterations)
    x_all = torch.from_numpy(np.ascontiguousarray(x_train, dtype=np.float32))
    t_all = torch.from_numpy(t_train.astype(np.int64))
    batch_rows = torch.from_numpy(batches)
    count = len(initial.params) // 2

    def make_model():
        layers = []
        for i in range(1, count + 1):
            weights = initial.params[f"W{i}"]
            linear = torch.nn.Linear(*weights.shape)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(weights.T.copy()))
                linear.bias.copy_(torch.from_numpy(initial.params[f"b{i}"]))
            layers.append(linear)
            if i < count:
                layers.append(torch.nn.ReLU())
        return torch.nn.Sequential(*layers)

    makers = {
        "SGD": lambda p: torch.optim.SGD(p, lr=0.01),
        "Momentum": lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9),
        "AdaGrad": lambda p: torch.optim.Adagrad(p, lr=0.01, eps=1e-7),
        "Adam": lambda p: torch.optim.Adam(p, lr=0.001, eps=1e-8),
    }
    seconds, losses = {}, {}
    for name, make in makers.items():
        model = make_model()
        optimizer = make(model.parameters())
        curve = np.empty(iterations)
        start = time.perf_counter()
        for i in range(iterations):
            rows = batch_rows[i]
            loss = torch.nn.functional.cross_entropy(model(x_all[rows]), t_all[rows])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            curve[i] = loss.item()
        seconds[name] = time.perf_counter() - start
        losses[name] = curve
    return seconds, (losses if keep_curves else summary(losses))


TRAINERS = {"ours": train_ours, "book": train_book, "torch": train_torch}
LABELS = {
    "ours": "ours (float32)",
    "book": "book style (float64)",
    "torch": "PyTorch CPU",
}


# --- end to end: the whole process, as a reader runs it ---------------------------------------


def end_to_end(variant, iterations):
    """Everything the gallery's comparison does, from the imports to the rendered figure.

    ``ours`` is the first part of ``gallery/plot_08_mnist.py`` (load the data, train
    with an empty result cache, draw the loss figure, make the table); ``torch`` does
    the same work with PyTorch: the same data, initial weights and batches, then the
    same kind of figure with Matplotlib and a printed table.
    """
    import io
    import tempfile

    import matplotlib

    matplotlib.use("Agg")
    data = load_data()
    if variant == "ours":
        from dlscratch.experiments import cached_compare_optimizers
        from dlscratch.plotting import ComparisonTable, loss_curves_figure

        with tempfile.TemporaryDirectory() as empty_cache:
            result = cached_compare_optimizers(
                data, iterations=iterations, batch_size=BATCH_SIZE, seed=0,
                cache_dir=empty_cache, progress=None,
            )  # fmt: skip
        fig = loss_curves_figure(result)
        table = repr(ComparisonTable(result))
    else:
        import matplotlib.pyplot as plt

        from dlscratch.experiments import moving_average

        _, losses = train_torch(data, iterations, keep_curves=True)
        fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
        for name, curve in losses.items():
            ax.plot(curve, alpha=0.2)
            ax.plot(moving_average(curve), label=name)
        ax.legend()
        table = "\n".join(f"{name} {np.mean(curve[-100:]):.4f}" for name, curve in losses.items())
    fig.savefig(io.BytesIO(), format="png", dpi=100)
    print(table)


def measure_end_to_end(variants, args):
    """Wall time of whole fresh processes, the variants taking turns; {variant: [seconds]}."""
    times = {variant: [] for variant in variants}
    for round_number in range(1, args.repeat + 1):
        for variant in variants:
            command = [sys.executable, __file__, "--end-to-end-worker", variant,
                       "--iterations", str(args.iterations)]  # fmt: skip
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, timeout=1800)
            times[variant].append(time.perf_counter() - start)
            print(f"  round {round_number}: {LABELS[variant]:<21} {times[variant][-1]:7.2f} s",
                  flush=True)  # fmt: skip
    return times


def worker(variant, iterations, trace_iterations):
    """Run one variant, print a JSON line with its times, losses and memory."""
    data = load_data()
    seconds, losses = TRAINERS[variant](data, iterations)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    traced_mb = None
    if variant != "torch" and trace_iterations:
        tracemalloc.start()
        TRAINERS[variant](data, trace_iterations)
        traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    report = {
        "seconds": seconds,
        "losses": losses,
        "peak_rss_mb": peak_rss_mb,
        "traced_mb": traced_mb,
        "data": data.info.description,
        "data_source": data.info.source,
    }
    if variant == "torch":
        import torch

        report["torch"] = f"torch {torch.__version__}, {torch.get_num_threads()} threads"
    print(json.dumps(report))


# --- the parent: run, collect, print -----------------------------------------------------------


def torch_available():
    probe = subprocess.run(
        [sys.executable, "-c", "import torch"], capture_output=True, text=True, check=False
    )
    return probe.returncode == 0


def blas_description():
    config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    threads = os.environ.get("OPENBLAS_NUM_THREADS")
    try:
        from threadpoolctl import threadpool_info

        counts = {f"{p['internal_api']}: {p['num_threads']}" for p in threadpool_info()}
        thread_text = ", ".join(sorted(counts)) + " threads"
    except ImportError:
        if threads:
            thread_text = f"OPENBLAS_NUM_THREADS={threads}"
        else:
            thread_text = (
                f"OPENBLAS_NUM_THREADS unset, so OpenBLAS uses one thread per CPU "
                f"({os.cpu_count()})"
            )
    return f"{config['name']} {config.get('version', '')}; {thread_text}"


THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def run_variant(variant, args, threads):
    """Run one variant in a fresh interpreter; ``threads`` None keeps the libraries' default."""
    env = dict(os.environ)
    if threads is not None:
        env.update(dict.fromkeys(THREAD_VARIABLES, str(threads)))
    command = [
        sys.executable,
        __file__,
        "--worker",
        variant,
        "--iterations",
        str(args.iterations),
        "--trace-iterations",
        str(args.trace_iterations),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=1800, env=env
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {variant} worker failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(variants, args, threads):
    """Interleaved rounds; return {variant: (best seconds, median seconds, best report)}."""
    label = "default threads" if threads is None else f"{threads} thread(s)"
    runs = {variant: [] for variant in variants}
    for round_number in range(1, args.repeat + 1):
        for variant in variants:
            report = run_variant(variant, args, threads)
            runs[variant].append(report)
            total = sum(report["seconds"].values())
            print(
                f"  [{label}] round {round_number}: {LABELS[variant]:<21} {total:7.2f} s",
                flush=True,
            )
    best = {}
    for variant, reports in runs.items():
        totals = [sum(r["seconds"].values()) for r in reports]
        best[variant] = (min(totals), statistics.median(totals), reports[totals.index(min(totals))])
    return best


def print_table(title, best):
    print(title)
    print(
        f"  {'variant':<22}{'training time':>18}   "
        f"{'per optimizer: ' + ' / '.join(NAMES):<46}{'peak RSS':>10}{'tracemalloc':>13}"
    )
    for variant, (low, median, chosen) in best.items():
        per = " / ".join(f"{chosen['seconds'][name]:.2f}" for name in NAMES)
        traced = f"{chosen['traced_mb']:.1f} MB" if chosen["traced_mb"] is not None else "n/a"
        times = f"{low:.2f} s [{median:.2f}]"
        print(
            f"  {LABELS[variant]:<22}{times:>18}   {per + ' s':<46}"
            f"{chosen['peak_rss_mb']:>7.1f} MB{traced:>13}"
        )


def print_ratios(best):
    ours_time, ours_median, ours_report = best["ours"]
    for variant, (other_time, other_median, other_report) in best.items():
        if variant == "ours":
            continue
        line = (
            f"  {LABELS[variant]} / ours: time {other_time / ours_time:.2f}x "
            f"(medians {other_median / ours_median:.2f}x), "
            f"peak RSS {other_report['peak_rss_mb'] / ours_report['peak_rss_mb']:.2f}x"
        )
        if other_report["traced_mb"] is not None:
            line += f", tracemalloc {other_report['traced_mb'] / ours_report['traced_mb']:.2f}x"
        print(line)


def main(argv=None):
    parser = argparse.ArgumentParser(description="MNIST optimizer comparison: time and memory")
    parser.add_argument("--iterations", type=int, default=ITERATIONS)
    parser.add_argument("--repeat", type=int, default=3, help="rounds per variant (best is shown)")
    parser.add_argument("--trace-iterations", type=int, default=50)
    parser.add_argument("--skip-torch", action="store_true")
    parser.add_argument("--skip-book", action="store_true")
    parser.add_argument(
        "--no-single-thread",
        action="store_true",
        help="skip the second measurement of ours and PyTorch with one thread each",
    )
    parser.add_argument(
        "--end-to-end",
        action="store_true",
        help="only time whole processes: the gallery's comparison against a PyTorch script",
    )
    parser.add_argument("--worker", choices=sorted(TRAINERS), help=argparse.SUPPRESS)
    parser.add_argument("--end-to-end-worker", choices=["ours", "torch"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.iterations, args.trace_iterations)
        return 0
    if args.end_to_end_worker:
        end_to_end(args.end_to_end_worker, args.iterations)
        return 0
    if args.end_to_end:
        if not torch_available():
            print("PyTorch is not installed: nothing to compare the whole process with")
            return 1
        print("end to end: whole fresh processes (imports, data, training with an empty")
        print("result cache, figure, table), interleaved rounds:")
        times = measure_end_to_end(["ours", "torch"], args)
        ours, torch_ = statistics.median(times["ours"]), statistics.median(times["torch"])
        verdict = "met" if ours / torch_ <= 0.5 else "MISSED"
        print(f"  median: ours {ours:.2f} s, PyTorch {torch_:.2f} s, ratio ours / PyTorch "
              f"{ours / torch_:.2f}  [target <= 0.50: {verdict}]")  # fmt: skip
        return 0

    variants = ["ours"] if args.skip_book else ["ours", "book"]
    has_torch = not args.skip_torch and torch_available()
    if has_torch:
        variants.append("torch")
    best = measure(variants, args, threads=None)
    single = None
    if not args.no_single_thread:
        single = measure([v for v in variants if v != "book"], args, threads=1)

    first = best["ours"][2]
    print()
    print(
        f"MNIST optimizer comparison: {', '.join(NAMES)} x {args.iterations} iterations, "
        f"batch {BATCH_SIZE}, 784-{'-'.join(map(str, HIDDEN))}-10 ReLU"
    )
    print(f"data: {first['data']}")
    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"NumPy {np.__version__} with {blas_description()}"
    )
    if has_torch:
        print(f"PyTorch: {best['torch'][2]['torch']}")
    elif not args.skip_torch:
        print("PyTorch: not installed, skipped")
    print(
        f"{args.repeat} round(s) per variant, interleaved, each in a fresh process; "
        "training time = best round [median]; memory from the best round"
    )
    print()
    print_table("default threads (as a user runs it):", best)
    if single is not None:
        print_table(
            "one thread each (OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = MKL_NUM_THREADS = 1):",
            single,
        )

    print()
    print("sanity check, loss of the first batch / mean loss of the last 100 iterations")
    print("(book style logs the loss after each update, as the book does):")
    for variant, (_, _, chosen) in best.items():
        cells = "  ".join(
            f"{name} {chosen['losses'][name]['first']:.4f}/{chosen['losses'][name]['last100']:.4f}"
            for name in NAMES
        )
        print(f"  {LABELS[variant]:<22}{cells}")

    print()
    print("ratios, other / ours, measured in this run (default threads):")
    print_ratios(best)
    if single is not None and len(single) > 1:
        print("ratios with one thread each:")
        print_ratios(single)

    ours_time, _, ours_report = best["ours"]
    checks = [
        (f"ours trains the comparison in < {TARGET_SECONDS:.0f} s", ours_time < TARGET_SECONDS)
    ]
    if has_torch:
        checks.append(("ours faster than PyTorch CPU", ours_time < best["torch"][0]))
    if "book" in best:
        checks.append(("ours >= 3x faster than book style", best["book"][0] / ours_time >= 3))
    checks.append(
        (
            f"ours peak RSS < {TARGET_MEMORY_MB:.0f} MB",
            ours_report["peak_rss_mb"] < TARGET_MEMORY_MB,
        )
    )
    print()
    print("targets (default threads):")
    for text, met in checks:
        print(f"  [{'met' if met else 'MISSED'}] {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
