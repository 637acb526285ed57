"""``python -m handbook.importer [ROOT]``: import the source texts."""

from __future__ import annotations

from handbook.importer import main

raise SystemExit(main())
