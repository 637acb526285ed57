"""``python -m handbook.pdf``: the PDF stage's command line."""

from __future__ import annotations

import sys

from handbook.pdf.cli import main

sys.exit(main())
