"""Mirrors of the book's ``common`` modules; see :mod:`dlscratch.book`."""
