"""`make bench`: the generator and the generated client, each next to a reference, timed on this
machine."""
