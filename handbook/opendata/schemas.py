"""The JSON Schemas of the files in ``site/data/`` (published in ``site/data/schema/``):
the public interface, documented in the editors' guide (docs/editors/open-data.md)."""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: The format version of the data files: raised only when a field is removed or changes
#: meaning (fields may be added within a version).
FORMAT = 1

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_STRS = {"type": "array", "items": {"type": "string"}}
_URL = {"type": "string", "description": "Site-relative URL (no site_url is configured)."}
_NURL = {"type": ["string", "null"], "description": "Site-relative URL, or null."}
_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}


def _obj(props: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props) if required is None else required,
        "additionalProperties": False,
        **extra,
    }


def _file(title: str, description: str, key: str, item: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "$id": f"{key}.json",
        "title": title,
        "description": description,
        **_obj(
            {
                "$schema": _STR,
                "format": {"const": FORMAT},
                key: {"type": "array", "items": item},
            }
        ),
    }


ENTITY = _obj(
    {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "kind": _STR,
        "title": _STR,
        "short": _STR,
        "summary": _STR,
        "url": _URL,
        "source": {"type": "string", "description": "The Markdown file, from the project root."},
        "changed": {**_NSTR, "description": "Date of the last commit that changed the page."},
        "acronym": _NSTR,
        "aliases": _STRS,
        "symbols": {**_STRS, "description": "UN document symbols that resolve to the page."},
        "themes": _STRS,
        "dates": {"type": "object", "additionalProperties": _DATE},
        "number": {"type": ["integer", "null"]},
        "related": {**_STRS, "description": "Ids of related entities (either side declared)."},
        "cites": {**_STRS, "description": "Bibliography keys the page cites."},
        "cited_by": {**_STRS, "description": "URLs of pages citing this document."},
        "linked_from": {**_STRS, "description": "URLs of pages linking to this entity."},
        "moved_from": {**_STRS, "description": "Ids the page had before; redirected here."},
    }
)
CITATION = _obj(
    {
        "page": _URL,
        "page_id": _NSTR,
        "source": _STR,
        "line": {"type": "integer", "minimum": 1},
        "anchor": {"type": "string", "description": "Id of the citation mark on the page."},
        "url": _URL,
        "work": {"type": "string", "description": "Bibliography key (bibliography.json id)."},
        "document": _NSTR,
        "locator": _NSTR,
        "passage": _NSTR,
        "passage_url": _NURL,
    }
)
PASSAGE = _obj(
    {
        "document": _STR,
        "symbol": _NSTR,
        "anchor": _STR,
        "number": {"type": "string", "description": "How it is cited: para. 12, ¶ 3..."},
        "url": _URL,
        "section": _NSTR,
        "first_words": _STR,
        "cited_by": {**_STRS, "description": "URLs of pages citing the passage."},
    }
)
_NAME = {
    "type": "object",
    "properties": {"family": _STR, "given": _STR, "literal": _STR},
    "minProperties": 1,
    "additionalProperties": False,
}
CSL_ITEM = _obj(
    {
        "id": _STR,
        "type": _STR,
        "title": _STR,
        "author": {"type": "array", "items": _NAME},
        "editor": {"type": "array", "items": _NAME},
        "issued": _obj(
            {
                "date-parts": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
                }
            }
        ),
        "publisher": _STR,
        "publisher-place": _STR,
        "container-title": _STR,
        "number": _STR,
        "genre": _STR,
        "page": _STR,
        "volume": _STR,
        "URL": _STR,
        "DOI": _STR,
        "ISBN": _STR,
        "note": _STR,
    },
    required=["id", "type"],
)


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name in ``schema/`` -> the schema."""
    return {
        "index.json": {
            "$schema": DRAFT,
            "$id": "index.json",
            "title": "The handbook's open data: catalogue",
            "description": "The files of site/data/, each with its schema.",
            **_obj(
                {
                    "$schema": _STR,
                    "format": {"const": FORMAT},
                    "site": _STR,
                    "files": {
                        "type": "array",
                        "items": _obj(
                            {"path": _STR, "schema": _NSTR, "media_type": _STR, "about": _STR}
                        ),
                    },
                }
            ),
        },
        "entities.json": _file(
            "Entities",
            "Every page of a kind: principles, agencies, documents...",
            "entities",
            ENTITY,
        ),
        "citations.json": _file(
            "Citations",
            "Every citation: the citing page and mark, the work, the passage.",
            "citations",
            CITATION,
        ),
        "passages.json": _file(
            "Source passages",
            "Every numbered passage of every source document.",
            "passages",
            PASSAGE,
        ),
        "bibliography.json": {
            "$schema": DRAFT,
            "$id": "bibliography.json",
            "title": "Bibliography (CSL-JSON)",
            "description": "The subset of CSL-JSON the handbook writes.",
            "type": "array",
            "items": CSL_ITEM,
        },
    }
