"""Tests of dlscratch.datasets.load_mnist.

No test touches the internet: downloads come from an HTTP server on
127.0.0.1 started here, which serves small IDX files (20 training and 10 test
images) that the tests build themselves, with their own checksum table.
"""

import dataclasses
import gzip
import hashlib
import http.server
import io
import itertools
import pickle
import re
import socket
import sys
import threading
import time
from importlib import resources

import numpy as np
import pytest

from dlscratch.datasets import (
    BundledSubsetWarning,
    MnistData,
    MnistUnavailableError,
    load_mnist,
    mnist_data_dir,
)

TRAIN_IMAGES, TRAIN_LABELS = "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"
TEST_IMAGES, TEST_LABELS = "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
NAMES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)

# SHA-256 of dlscratch/datasets/data/mnist_subset.npz as built by tools/make_mnist_subset.py.
BUNDLED_SHA256 = "1aae3fb00111e5b1cf83bd5f6bc56861e19c16073aa9a3d4c78253f7a8a2b7a1"

FLAGS = list(itertools.product([True, False], repeat=3))
FLAG_IDS = [f"normalize={n}-flatten={f}-one_hot={o}" for n, f, o in FLAGS]


# --- small IDX files built here ------------------------------------------------------------


def idx_images(images):
    header = np.array([2051, len(images), 28, 28], dtype=">u4").tobytes()
    return gzip.compress(header + images.tobytes(), mtime=0)


def idx_labels(labels):
    header = np.array([2049, len(labels)], dtype=">u4").tobytes()
    return gzip.compress(header + labels.tobytes(), mtime=0)


def table(files):
    return {name: (len(data), hashlib.sha256(data).hexdigest()) for name, data in files.items()}


rng = np.random.default_rng(2024)
IMAGES = {"train": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8)}
IMAGES["test"] = rng.integers(0, 256, (10, 28, 28), dtype=np.uint8)
IMAGES["train"][0] = 0  # an all-black and an all-white image pin the value range
IMAGES["train"][1] = 255
LABELS = {"train": (np.arange(20) * 7 % 10).astype(np.uint8), "test": np.arange(10, dtype=np.uint8)}
FILES = {
    TRAIN_IMAGES: idx_images(IMAGES["train"]),
    TRAIN_LABELS: idx_labels(LABELS["train"]),
    TEST_IMAGES: idx_images(IMAGES["test"]),
    TEST_LABELS: idx_labels(LABELS["test"]),
}
CHECKSUMS = table(FILES)


def corrupted(data):
    """The same bytes with one byte in the middle changed: same size, other checksum."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


# --- a loopback HTTP server ----------------------------------------------------------------


class Mirrors:
    """Serves FILES under several prefixes, each a mirror with its own behaviour.

    /good/   the files
    /bad/    the files with one byte changed (checksum mismatch)
    /trunc/  announces the full length but sends half and closes
    /slow/   waits (up to 10 s, until the test ends) before answering
    /empty/  404 for everything
    """

    def __init__(self):
        self.requests = []
        self.release = threading.Event()
        mirrors = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                mirrors.requests.append(self.path)
                prefix, _, name = self.path.strip("/").partition("/")
                data = mirrors.files(prefix).get(name)
                if data is None or prefix == "empty":
                    self.send_error(404)
                    return
                if prefix == "slow":
                    mirrors.release.wait(10)
                self.send_response(200)
                self.send_header("Content-Type", "application/gzip")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if prefix == "trunc":
                    self.wfile.write(data[: len(data) // 2])
                    self.close_connection = True
                    return
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that timed out closed its end; that is expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        self.overrides = {}

    def files(self, prefix):
        if prefix == "bad":
            return {name: corrupted(data) for name, data in FILES.items()}
        return {**FILES, **self.overrides.get(prefix, {})}

    def url(self, prefix):
        return f"http://127.0.0.1:{self.port}/{prefix}/"

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def mirror_server():
    server = Mirrors()
    yield server
    server.close()


@pytest.fixture
def mirrors(mirror_server):
    """The shared server, with a fresh request log, no overrides, and slow answers released."""
    mirror_server.requests.clear()
    mirror_server.overrides.clear()
    mirror_server.release = threading.Event()
    yield mirror_server
    mirror_server.release.set()


@pytest.fixture
def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Never read or write the real cache, whatever a test passes."""
    monkeypatch.setenv("DLSCRATCH_DATA", str(tmp_path / "env-cache"))


def load(cache, urls, **kwargs):
    kwargs.setdefault("source", "full")
    kwargs.setdefault("timeout", 5.0)
    return load_mnist(data_dir=cache, mirrors=urls, checksums=CHECKSUMS, **kwargs)


def cache_listing(cache):
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


# --- downloading ---------------------------------------------------------------------------


def test_good_download_round_trips_and_is_cached(tmp_path, mirrors):
    cache = tmp_path / "cache"
    data = load(cache, [mirrors.url("good")], normalize=False, flatten=False)
    (x_train, t_train), (x_test, t_test) = data
    np.testing.assert_array_equal(x_train[:, 0], IMAGES["train"])
    np.testing.assert_array_equal(x_test[:, 0], IMAGES["test"])
    np.testing.assert_array_equal(t_train, LABELS["train"])
    np.testing.assert_array_equal(t_test, LABELS["test"])
    assert data.info.source == "full" and (data.info.n_train, data.info.n_test) == (20, 10)
    assert data.info.location == str(cache)
    assert data.info.description == "full MNIST (20 training / 10 test images)"
    assert sorted(mirrors.requests) == sorted(f"/good/{name}" for name in NAMES)
    # The cache holds exactly the four files, byte for byte.
    assert cache_listing(cache) == sorted(NAMES)
    for name in NAMES:
        assert (cache / name).read_bytes() == FILES[name]
    # A second call reads the cache and makes no request.
    again = load(cache, [mirrors.url("good")], normalize=False, flatten=False)
    assert len(mirrors.requests) == 4
    np.testing.assert_array_equal(again[0][0], x_train)


@pytest.mark.parametrize(("normalize", "flatten", "one_hot"), FLAGS, ids=FLAG_IDS)
def test_shapes_dtypes_and_values_for_every_flag_combination(
    tmp_path, mirrors, normalize, flatten, one_hot
):
    data = load(
        tmp_path,
        [mirrors.url("good")],
        normalize=normalize,
        flatten=flatten,
        one_hot_label=one_hot,
    )
    for (x, t), split, n in ((data[0], "train", 20), (data[1], "test", 10)):
        assert x.shape == ((n, 784) if flatten else (n, 1, 28, 28))
        assert x.flags.writeable
        pixels = IMAGES[split].reshape(x.shape)
        if normalize:
            assert x.dtype == np.float32
            np.testing.assert_array_equal(x, pixels.astype(np.float32) / np.float32(255))
            assert 0.0 <= x.min() and x.max() <= 1.0
        else:
            assert x.dtype == np.uint8
            np.testing.assert_array_equal(x, pixels)
        if one_hot:
            assert t.shape == (n, 10) and t.dtype == np.float32
            np.testing.assert_array_equal(t.sum(axis=1), np.ones(n))
            np.testing.assert_array_equal(t.argmax(axis=1), LABELS[split])
        else:
            assert t.shape == (n,) and t.dtype == np.uint8
            np.testing.assert_array_equal(t, LABELS[split])
    assert data[0][0][0].max() == 0 and data[0][0][1].min() == (1.0 if normalize else 255)


def test_checksum_mismatch_falls_through_to_the_next_mirror(tmp_path, mirrors):
    data = load(tmp_path, [mirrors.url("bad"), mirrors.url("good")])
    for name in NAMES:
        assert mirrors.requests.count(f"/bad/{name}") == 1
        assert mirrors.requests.count(f"/good/{name}") == 1
        assert (tmp_path / name).read_bytes() == FILES[name]
    assert data.info.source == "full"


def test_truncated_response_falls_through(tmp_path, mirrors):
    data = load(tmp_path, [mirrors.url("trunc"), mirrors.url("good")], normalize=False)
    np.testing.assert_array_equal(data[0][0], IMAGES["train"].reshape(20, 784))
    assert f"/trunc/{TRAIN_IMAGES}" in mirrors.requests
    assert cache_listing(tmp_path) == sorted(NAMES)


def test_timeout_falls_through(tmp_path, mirrors):
    start = time.monotonic()
    data = load(tmp_path, [mirrors.url("slow"), mirrors.url("good")], timeout=0.2)
    assert time.monotonic() - start < 8  # four 0.2 s timeouts, not the server's 10 s wait
    assert data.info.source == "full"
    assert all(f"/slow/{name}" in mirrors.requests for name in NAMES)


@pytest.mark.parametrize("prefixes", [["bad"], ["trunc"], ["slow"], ["empty"], []])
def test_failed_downloads_leave_nothing_in_the_cache(tmp_path, mirrors, prefixes):
    cache = tmp_path / "cache"
    with pytest.raises(MnistUnavailableError) as info:
        load(cache, [mirrors.url(p) for p in prefixes], timeout=0.2)
    message = str(info.value)
    assert TRAIN_IMAGES in message and "Could not load the full MNIST set" in message
    assert cache_listing(cache) == []


def test_failure_reasons_are_reported(tmp_path, mirrors):
    urls = [mirrors.url(p) for p in ("bad", "trunc", "slow", "empty")]
    with pytest.raises(MnistUnavailableError) as info:
        load(tmp_path, urls, timeout=0.2)
    message = str(info.value)
    assert "SHA-256" in message  # bad
    assert "timed out" in message  # slow
    assert "404" in message  # empty
    assert message.count(TRAIN_IMAGES) >= 4  # one reason per mirror


def test_source_full_without_any_mirror_is_a_clear_error(tmp_path, closed_port_url):
    with pytest.raises(MnistUnavailableError) as info:
        load(tmp_path, [closed_port_url])
    message = str(info.value)
    assert closed_port_url in message
    assert "DLSCRATCH_DATA" in message and "data_dir" in message
    assert cache_listing(tmp_path) == []


# --- the cache -----------------------------------------------------------------------------


def test_corrupted_cache_file_is_replaced(tmp_path, mirrors):
    load(tmp_path, [mirrors.url("good")])
    (tmp_path / TRAIN_LABELS).write_bytes(corrupted(FILES[TRAIN_LABELS]))
    (tmp_path / TEST_IMAGES).write_bytes(FILES[TEST_IMAGES][:100])  # truncated
    mirrors.requests.clear()
    data = load(tmp_path, [mirrors.url("good")], normalize=False)
    assert sorted(mirrors.requests) == sorted([f"/good/{TRAIN_LABELS}", f"/good/{TEST_IMAGES}"])
    assert (tmp_path / TRAIN_LABELS).read_bytes() == FILES[TRAIN_LABELS]
    assert (tmp_path / TEST_IMAGES).read_bytes() == FILES[TEST_IMAGES]
    np.testing.assert_array_equal(data[0][1], LABELS["train"])
    assert cache_listing(tmp_path) == sorted(NAMES)


def test_corrupted_cache_file_is_removed_even_when_offline(tmp_path, mirrors, closed_port_url):
    load(tmp_path, [mirrors.url("good")])
    (tmp_path / TRAIN_IMAGES).write_bytes(corrupted(FILES[TRAIN_IMAGES]))
    with pytest.warns(BundledSubsetWarning):
        data = load(tmp_path, [closed_port_url], source="auto")
    assert data.info.source == "bundled"
    assert TRAIN_IMAGES not in cache_listing(tmp_path)


def test_files_placed_by_hand_are_used_without_network(tmp_path):
    for name, data in FILES.items():
        (tmp_path / name).write_bytes(data)
    data = load(tmp_path, [])
    assert data.info.source == "full"


def test_data_dir_comes_from_argument_then_environment_then_xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("DLSCRATCH_DATA", str(tmp_path / "env"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert mnist_data_dir(tmp_path / "arg") == tmp_path / "arg"
    assert mnist_data_dir() == tmp_path / "env"
    monkeypatch.delenv("DLSCRATCH_DATA")
    assert mnist_data_dir() == tmp_path / "xdg" / "dlscratch" / "mnist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert mnist_data_dir() == tmp_path / "home" / ".cache" / "dlscratch" / "mnist"


def test_environment_variable_is_used_for_the_cache(tmp_path, monkeypatch, mirrors):
    monkeypatch.setenv("DLSCRATCH_DATA", str(tmp_path / "from-env"))
    load_mnist(source="full", mirrors=[mirrors.url("good")], checksums=CHECKSUMS)
    assert cache_listing(tmp_path / "from-env") == sorted(NAMES)


# --- IDX format checks ---------------------------------------------------------------------


def bad_idx_cases():
    header = np.array([2051, 20, 28, 28], dtype=">u4").tobytes()
    pixels = IMAGES["train"].tobytes()
    return {
        "wrong magic": gzip.compress(np.array([2049, 20, 28, 28], ">u4").tobytes() + pixels),
        "wrong size": gzip.compress(np.array([2051, 20, 27, 28], ">u4").tobytes() + pixels),
        "too short": gzip.compress(header + pixels[:-1]),
        "too long": gzip.compress(header + pixels + b"\0"),
        "not gzip": header + pixels,
        "other count": idx_images(IMAGES["train"][:19]),
    }


@pytest.mark.parametrize("case", list(bad_idx_cases()))
def test_files_with_a_valid_checksum_but_a_bad_idx_format_are_rejected(tmp_path, mirrors, case):
    # The checksum table vouches for the bad file, so only the format check can catch it.
    bad = bad_idx_cases()[case]
    mirrors.overrides["odd"] = {TRAIN_IMAGES: bad}
    checksums = {**CHECKSUMS, TRAIN_IMAGES: (len(bad), hashlib.sha256(bad).hexdigest())}
    with pytest.raises(MnistUnavailableError):
        load_mnist(
            data_dir=tmp_path, source="full", mirrors=[mirrors.url("odd")], checksums=checksums
        )
    assert TRAIN_IMAGES not in cache_listing(tmp_path)


def test_labels_must_be_digits(tmp_path, mirrors):
    bad = idx_labels(np.full(20, 10, dtype=np.uint8))
    mirrors.overrides["odd"] = {TRAIN_LABELS: bad}
    checksums = {**CHECKSUMS, TRAIN_LABELS: (len(bad), hashlib.sha256(bad).hexdigest())}
    with pytest.raises(MnistUnavailableError, match="not a digit"):
        load_mnist(
            data_dir=tmp_path, source="full", mirrors=[mirrors.url("odd")], checksums=checksums
        )


# --- the bundled subset --------------------------------------------------------------------


@pytest.mark.parametrize(("normalize", "flatten", "one_hot"), FLAGS, ids=FLAG_IDS)
def test_no_mirror_reachable_falls_back_to_the_bundled_subset(
    tmp_path, closed_port_url, normalize, flatten, one_hot
):
    with pytest.warns(BundledSubsetWarning) as record:
        data = load(
            tmp_path,
            [closed_port_url],
            source="auto",
            normalize=normalize,
            flatten=flatten,
            one_hot_label=one_hot,
        )
    message = str(record[0].message)
    assert "bundled subset" in message and "4,000 training and 1,000 test" in message
    assert "connect to the internet" in message and "DLSCRATCH_DATA" in message
    assert str(tmp_path) in message and "CC BY-SA 3.0" in message
    assert data.info.source == "bundled" and closed_port_url in data.info.reason
    (x_train, t_train), (x_test, t_test) = data
    for x, t, n in ((x_train, t_train, 4000), (x_test, t_test, 1000)):
        assert x.shape == ((n, 784) if flatten else (n, 1, 28, 28))
        assert x.dtype == (np.float32 if normalize else np.uint8)
        assert x.max() == (1.0 if normalize else 255) and x.min() == 0
        assert t.shape == ((n, 10) if one_hot else (n,))
        assert t.dtype == (np.float32 if one_hot else np.uint8)
    assert cache_listing(tmp_path) == []


def test_bundled_source_needs_no_network_and_does_not_warn():
    data = load_mnist(source="bundled", mirrors=["http://127.0.0.1:9/never-contacted/"])
    assert data.info.source == "bundled" and data.info.sha256 == BUNDLED_SHA256
    assert data.info.description.startswith("the bundled subset of real MNIST digits")


def test_bundled_file_is_pinned_and_real():
    raw = resources.files("dlscratch.datasets").joinpath("data/mnist_subset.npz").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == BUNDLED_SHA256
    assert len(raw) < 1_500_000

    (x_train, t_train), (x_test, t_test) = load_mnist(
        normalize=False, flatten=True, source="bundled"
    )
    np.testing.assert_array_equal(np.bincount(t_train, minlength=10), np.full(10, 400))
    np.testing.assert_array_equal(np.bincount(t_test, minlength=10), np.full(10, 100))
    # Shuffled, not sorted by digit as in the source file.
    assert np.count_nonzero(np.diff(t_train.astype(int))) > 3000
    for x in (x_train, x_test):
        assert x.min() == 0 and x.max() == 255
        assert len(np.unique(x, axis=0)) == len(x)  # no two images alike
        # MNIST digits: dark background, about 19 % of pixels lit, mean value near 33.
        assert 25 < x.mean() < 45
        assert 0.12 < np.count_nonzero(x) / x.size < 0.26
        # The border is almost always black in MNIST (digits are centred in 20 × 20).
        border = x.reshape(-1, 28, 28)[:, [0, 27], :]
        assert np.count_nonzero(border) / border.size < 0.001
    # No image is both a training and a test image.
    train_rows = {row.tobytes() for row in x_train}
    assert not any(row.tobytes() in train_rows for row in x_test)


def test_result_unpacks_like_the_book_and_pickles():
    data = load_mnist(source="bundled")
    assert isinstance(data, tuple) and len(data) == 2
    (x_train, _), (x_test, _) = data
    assert data.train[0] is x_train and data.test[0] is x_test
    copy = pickle.loads(pickle.dumps(data))
    assert isinstance(copy, MnistData) and copy.info == data.info
    np.testing.assert_array_equal(copy[1][1], data[1][1])


# --- arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"source": "internet"}, ValueError, "source"),
        ({"mirrors": "http://127.0.0.1/"}, TypeError, "mirrors"),
        ({"mirrors": ["ftp://127.0.0.1/"]}, ValueError, "mirror"),
        ({"timeout": 0}, ValueError, "timeout"),
        ({"timeout": "5"}, TypeError, "timeout"),
        ({"checksums": {TRAIN_IMAGES: (1, "0" * 64)}}, ValueError, "checksums"),
    ],
)
def test_invalid_arguments(tmp_path, kwargs, error, message):
    with pytest.raises(error, match=message):
        load_mnist(data_dir=tmp_path, **kwargs)
    assert cache_listing(tmp_path) == []


@pytest.mark.parametrize("flag", ["normalize", "flatten", "one_hot_label"])
@pytest.mark.parametrize("value", ["yes", 1, 0, None, np.float64(1.0)])
def test_flags_must_be_real_bools(tmp_path, flag, value):
    with pytest.raises(TypeError, match=rf"^{flag} must be True or False"):
        load_mnist(source="bundled", data_dir=tmp_path, **{flag: value})


def test_numpy_bools_are_accepted_as_flags():
    (x, t), _ = load_mnist(normalize=np.bool_(False), one_hot_label=np.True_, source="bundled")
    assert x.dtype == np.uint8 and t.shape == (4000, 10)


# --- what the reader sees -------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    """A standard error that says it is a terminal, and keeps what is written to it."""

    def isatty(self):
        return True


def test_downloads_show_progress_on_a_terminal(tmp_path, mirrors, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    load(tmp_path, [mirrors.url("good")])
    shown = terminal.getvalue()
    for name in NAMES:
        # One bar per file, named after it, that starts at 0 % and ends full.
        assert f"{name}:   0%" in shown and f"{name}: 100%" in shown


def test_downloads_are_quiet_elsewhere(tmp_path, mirrors, capfd):
    load(tmp_path, [mirrors.url("good")])
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_summary_names_the_data_in_the_readers_language(monkeypatch):
    info = load_mnist(source="bundled").info
    assert "4,000 training / 1,000 test" in info.summary() and "11 MB" in info.summary()
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    korean = info.summary()
    assert "훈련 이미지 4,000장" in korean and "시험 이미지 1,000장" in korean
    assert "load_mnist()" in korean and "11MB" in korean
    names = ("load_mnist", "MNIST", "dlscratch")  # names, not English words
    assert not re.search(r"[A-Za-z]{3,}", re.sub("|".join(names), "", korean))
    full = dataclasses.replace(info, source="full", n_train=60000, n_test=10000, reason=None)
    expected = "데이터는 MNIST 전체이며, 훈련 이미지 60,000장과 시험 이미지 10,000장입니다."
    assert full.summary() == expected


def test_summary_and_warning_name_no_folder(tmp_path, closed_port_url, monkeypatch):
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    with pytest.warns(BundledSubsetWarning) as record:
        data = load(tmp_path, [closed_port_url], source="auto")
    assert "MNIST 전체를 내려받을 수 없어서" in data.info.summary()
    assert str(tmp_path) not in data.info.summary() and "/" not in data.info.summary()
    # The warning is for the terminal of the one who runs it: Korean, with the folder to use.
    message = str(record[0].message)
    assert "MNIST 전체를 불러오지 못했습니다" in message and str(tmp_path) in message
