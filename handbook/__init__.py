"""The handbook engine: entities, macros, UN document symbols, citations and diagnostics.

The core modules (``frontmatter``, ``schema``, ``registry``, ``symbols``, ``citations``,
``diagnostics``, ``macroparse``, ``expand``) import neither MkDocs nor Markdown. Only
``handbook.plugin`` and ``handbook.mdext`` touch MkDocs and Python-Markdown.
"""

from __future__ import annotations

__version__ = "0.1.0"
