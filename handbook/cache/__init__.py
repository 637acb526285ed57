"""Caches kept on disk between runs: the pages as read and scanned (``pages``)."""
