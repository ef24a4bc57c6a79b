"""Tests of dlscratch.i18n: the language and the Korean of every text."""

import pytest

from dlscratch.i18n import language, tr


def test_tr_rejects_labels_without_translation():
    with pytest.raises(KeyError, match="no Korean translation"):
        tr("an untranslated label")


def test_language_rejects_unknown_values(monkeypatch):
    monkeypatch.setenv("DLSCRATCH_LANG", "fr")
    with pytest.raises(ValueError, match="DLSCRATCH_LANG"):
        language()
