"""The ``checked-code`` directive: show a script and what it prints, run at build time.

The page "Check your code" shows, for each mistake of dlscratch's checker, a class
with that mistake and the checker's report on it.  The script runs while the page
is read, with ``DLSCRATCH_LANG`` set to the page's language, so the Korean page
shows the Korean report and no output can drift from what the code prints::

    ```{checked-code} planted/update-inside-if.py
    ```

The path is relative to the page.  The script is a dependency of the page, so a
change to it rebuilds the page; an exception in it fails the build.
"""

import contextlib
import io
import os
import runpy
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


@contextlib.contextmanager
def language_of_the_page(language: str):
    previous = os.environ.get("DLSCRATCH_LANG")
    os.environ["DLSCRATCH_LANG"] = language
    try:
        yield
    finally:
        if previous is None:
            del os.environ["DLSCRATCH_LANG"]
        else:
            os.environ["DLSCRATCH_LANG"] = previous


class CheckedCode(SphinxDirective):
    required_arguments = 1

    def run(self):
        page = Path(self.env.doc2path(self.env.docname))
        script = (page.parent / self.arguments[0]).resolve()
        self.env.note_dependency(str(script))
        source = script.read_text(encoding="utf-8")
        printed = io.StringIO()
        with language_of_the_page(self.config.language or "en"):
            with contextlib.redirect_stdout(printed):
                runpy.run_path(str(script), run_name="__checked_code__")
        code = nodes.literal_block(source, source, language="python")
        output = nodes.literal_block(printed.getvalue(), printed.getvalue(), language="none")
        output["classes"].append("checked-code-output")
        return [code, output]


def setup(app):
    app.add_directive("checked-code", CheckedCode)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
