"""Mirror of the book's ``dataset`` package; see :mod:`dlscratch.book`."""
