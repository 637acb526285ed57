"""Source importer: turns the seed texts into clean Markdown document pages.

Reads ``sources/seeds/*.txt`` and ``sources/documents.yaml`` from the project root and
writes ``docs/documents/<id>.md``. Pure package: no MkDocs or Markdown imports. Output is
deterministic (byte-identical on re-run).

Pipeline for every document (configured in documents.yaml), one module per step:

1. :mod:`~handbook.importer.config`: read and validate the configuration and the seeds
   (every problem a diagnostic with file and line; nothing is written when there is one);
2. :mod:`~handbook.importer.units`: take the document's line range, drop configured
   furniture, cut it into *units* (blank-line separated blocks; lines that open a
   numbered paragraph or a footnote definition start a new unit) and classify them:
   heading, numbered paragraph, guideline item, footnote definition, text;
3. :mod:`~handbook.importer.joining`: re-join text split across page breaks;
4. :mod:`~handbook.importer.passages`: number the passages of a source that does not
   number its paragraphs (``¶ N``, anchor ``pass-N``);
5. :mod:`~handbook.importer.render`: footnotes placed after the block that first calls
   them, corrections shown with the source's reading kept, markup escaped;
6. :mod:`~handbook.importer.driver`: render every document and write the pages.

:mod:`~handbook.importer.flat` handles the one document flattened into a single line.
"""

from __future__ import annotations

from handbook.importer.config import (
    CONFIG_PATH,
    SEEDS_DIR,
    Config,
    Correction,
    DocConfig,
    Options,
    load_config,
    validate_config,
)
from handbook.importer.driver import (
    OUT_DIR,
    ImportFailedError,
    ImportResult,
    import_all,
    is_generated,
    main,
    render,
    render_all,
)
from handbook.importer.text import convert_refs, escape_markup

__all__ = [
    "CONFIG_PATH",
    "OUT_DIR",
    "SEEDS_DIR",
    "Config",
    "Correction",
    "DocConfig",
    "ImportFailedError",
    "ImportResult",
    "Options",
    "convert_refs",
    "escape_markup",
    "import_all",
    "is_generated",
    "load_config",
    "main",
    "render",
    "render_all",
    "validate_config",
]
