"""The pure core: kinds, schema, front matter, symbols, macro parsing, the prose scanner,
the bibliography, the registry and its loader, diagnostics. It imports no host and no
renderer (``tests/test_layers.py``)."""
