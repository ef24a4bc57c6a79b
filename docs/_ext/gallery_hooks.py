"""Functions sphinx-gallery calls by name, in whichever process runs an example."""

import textwrap
import warnings

from dlscratch.datasets import BundledSubsetWarning


def quiet_mnist_fallback(gallery_conf, fname):
    """Hide the MNIST fallback warning from the gallery's pages, before every example.

    The pages print which data they used (MnistInfo.summary) in their language; the
    warning is meant for a terminal and would show the build machine's folders.
    """
    warnings.filterwarnings("ignore", category=BundledSubsetWarning)


def alt_text(fig) -> str:
    """The alt text of a figure's image: its description, else its titles as sphinx-gallery does.

    Every figure function of dlscratch.plotting describes its figure
    (dlscratch.plotting.descriptions.describe); the titles are the fallback for a figure drawn
    another way, and tests/site/test_alt_text.py fails on them, since a title
    names a figure without saying what it shows.
    """
    from dlscratch.plotting import description

    text = description(fig)
    if text:
        return text
    titles = [fig._suptitle.get_text()] if fig._suptitle else []
    titles += [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")]
    return " ".join(", ".join(title for title in titles if title).split())


def matplotlib_once(block, block_vars, gallery_conf):
    """sphinx-gallery's Matplotlib scraper, but drawing each figure once instead of twice.

    With ``image_srcset = ["2x"]`` sphinx-gallery draws every figure at 1x and again at
    2x, and drawing, not the pixels, is what takes the time.  This draws the 2x image
    and scales it down to the 1x one (Lanczos), which halves the figures' share of the
    build.  The page gets the same files and the same ``srcset`` as before.

    Each image's alt text is what the figure shows, in words (:func:`alt_text`).
    """
    from pathlib import PurePosixPath

    import matplotlib.pyplot as plt
    from PIL import Image
    from sphinx_gallery.scrapers import HLIST_HEADER, HLIST_IMAGE_MATPLOTLIB, figure_rst

    images = []
    try:
        # The iterator yields a path for every figure there could be: zip stops at the last.
        paths = block_vars["image_path_iterator"]
        for number, path in zip(plt.get_fignums(), paths, strict=False):
            fig = plt.figure(number)
            path = PurePosixPath(path)
            double = path.with_name(f"{path.stem}_2_00x{path.suffix}")  # sphinx-gallery's name
            fig.savefig(double, dpi=2 * fig.dpi)
            with Image.open(double) as image:
                half = (round(image.width / 2), round(image.height / 2))
                image.resize(half, Image.Resampling.LANCZOS).save(path)
            images.append(figure_rst([path], gallery_conf["src_dir"], alt_text(fig),
                                     srcsetpaths=[{0: path, 2.0: double}]))  # fmt: skip
    finally:
        plt.close("all")
    if len(images) <= 1:
        return "".join(images)
    # Several figures from one cell: side by side, as sphinx-gallery lays them out.
    images = [image.replace(":class: sphx-glr-single-img", ":class: sphx-glr-multi-img")
              for image in images]  # fmt: skip
    return HLIST_HEADER + "".join(
        HLIST_IMAGE_MATPLOTLIB + textwrap.indent(image, " " * 6) for image in images
    )
