"""Read the importer's YAML into plain nodes that remember their line, refusing what is unsafe.

``sources/documents.yaml`` comes in pull requests like any page, so it is read as untrusted
text. Only the YAML *events* are used (the C parser when PyYAML has it): nothing is
constructed from a tag, so no tag can run code; anchors, aliases and explicit tags are
refused with a diagnostic (an alias bomb of a few hundred bytes therefore stays a few
hundred bytes); nesting deeper than :data:`MAX_DEPTH` is refused without recursion. Every
node keeps its 1-based line, so validation can name the real line in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import yaml

from handbook.core.diagnostics import Diagnostic

try:  # the C parser is several times faster; fall back where libyaml is missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

#: Deeper nesting than this is refused (the configuration needs four levels).
MAX_DEPTH = 16
#: At most this many anchors, aliases and tags (of each, one per line) are reported.
MAX_REPORTED = 10

_RESOLVER = yaml.resolver.Resolver()
_INT_RE = re.compile(r"[-+]?\d{1,15}")
_TAG_NAMES = {
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:timestamp": "date",
}

Scalar = str | int | bool | None


@dataclass
class Node:
    """A YAML node: a scalar, a sequence or a mapping, with the line it starts on."""

    kind: Literal["scalar", "seq", "map"]
    line: int
    #: For a scalar: the value (``str``, ``int``, ``bool`` or ``None``).
    value: Scalar = None
    #: For a scalar: ``"str"``, ``"int"``, ``"bool"``, ``"null"``, ``"number"`` or ``"date"``
    #: (numbers and dates keep their text in ``value``).
    type: str = "str"
    items: list[Node] = field(default_factory=list)
    pairs: list[tuple[Node, Node]] = field(default_factory=list)

    def describe(self) -> str:
        """What the node is, for a message: ``a list``, ``the number 3``, ``the text 'x'``."""
        if self.kind == "seq":
            return "a list"
        if self.kind == "map":
            return "a mapping"
        if self.type == "null":
            return "empty"
        if self.type == "bool":
            return f"the value {str(self.value).lower()}"
        if self.type in ("int", "number"):
            return f"the number {self.value}"
        text = str(self.value)
        shown = text if len(text) <= 40 else text[:40] + "..."
        return f"the text {shown!r}"


def _scalar(event: yaml.ScalarEvent, line: int) -> Node:
    value = str(event.value)
    if not event.implicit[0]:  # quoted or block scalar: always text
        return Node("scalar", line, value, "str")
    if value[:1] not in _RESOLVER.yaml_implicit_resolvers:  # plain text ("Statement by ...")
        return Node("scalar", line, value, "str")
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    kind = _TAG_NAMES.get(tag, "str")
    if kind == "null":
        return Node("scalar", line, None, "null")
    if kind == "bool":
        return Node("scalar", line, value.lower() in ("yes", "true", "on", "y"), "bool")
    if kind == "int":
        if _INT_RE.fullmatch(value):
            return Node("scalar", line, int(value), "int")
        return Node("scalar", line, value, "number")  # 0x1f, 1_000, 1:30 or very long
    return Node("scalar", line, value, kind)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        #: How many anchors, aliases and tags were reported (at most :data:`MAX_REPORTED`
        #: of each: an alias bomb is hundreds of aliases).
        self.refused: dict[str, int] = {}
        self.lines: set[tuple[str, int]] = set()

    def refuse(self, line: int, what: str, message: str, fix: str) -> None:
        if (what, line) in self.lines:  # one of each kind per line is enough
            return
        self.lines.add((what, line))
        self.refused[what] = self.refused.get(what, 0) + 1
        if self.refused[what] > MAX_REPORTED:
            return
        self.diagnostics.append(
            Diagnostic.make(
                self.path,
                line,
                "HB302",
                message,
                expected="plain YAML: mappings, lists, text, numbers and true/false",
                fix=fix,
            )
        )

    def check_event(self, event: yaml.Event, line: int) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.refuse(
                line,
                "anchor",
                f"YAML anchor '&{anchor}' is not allowed in this file",
                "write the value out in full instead of naming it with '&' and repeating it "
                "with '*'",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            self.refuse(
                line,
                "tag",
                f"YAML tag '{tag}' is not allowed in this file",
                "remove the tag (the part starting with '!'); quote the value if it is text",
            )

    def read(self, text: str) -> Node | None:
        """The single document of ``text`` as a node tree (``None`` when there is none)."""
        stack: list[Node] = []
        #: Pending mapping keys, one slot per open mapping on the stack.
        keys: list[Node | None] = []
        root: Node | None = None
        documents = 0
        skip = 0  # > 0 while inside a subtree that is too deep (counted, not kept)

        def add(node: Node) -> None:
            nonlocal root
            if not stack:
                root = node
                return
            parent = stack[-1]
            if parent.kind == "seq":
                parent.items.append(node)
            elif keys[-1] is None:
                keys[-1] = node
            else:
                key = keys[-1]
                keys[-1] = None
                parent.pairs.append((key, node))

        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            line = mark.line + 1 if mark is not None else 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    self.diagnostics.append(
                        Diagnostic.make(
                            self.path,
                            line,
                            "HB301",
                            "the file holds more than one YAML document",
                            expected="one YAML document",
                            fix="remove the '---' line and what follows it, or merge the two",
                        )
                    )
                continue
            if documents > 1:
                continue
            if skip:
                if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                    skip += 1
                elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                    skip -= 1
                continue
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                self.check_event(event, line)
                if len(stack) >= MAX_DEPTH:
                    self.diagnostics.append(
                        Diagnostic.make(
                            self.path,
                            line,
                            "HB303",
                            f"the YAML is nested more than {MAX_DEPTH} levels deep",
                            expected=f"at most {MAX_DEPTH} levels of lists and mappings",
                            fix="flatten the structure; the configuration needs four levels",
                        )
                    )
                    skip = 1
                    add(Node("scalar", line, None, "null"))
                    continue
                node = Node("seq" if isinstance(event, yaml.SequenceStartEvent) else "map", line)
                add(node)
                stack.append(node)
                keys.append(None)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()
                keys.pop()
            elif isinstance(event, yaml.ScalarEvent):
                self.check_event(event, line)
                add(_scalar(event, line))
            elif isinstance(event, yaml.AliasEvent):
                self.refuse(
                    line,
                    "alias",
                    f"YAML alias '*{event.anchor}' is not allowed in this file",
                    "write the value out in full instead of repeating it with '*'",
                )
                add(Node("scalar", line, None, "null"))
        return root


def read(path: str, text: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse ``text`` (shown as ``path`` in diagnostics) into a :class:`Node` tree.

    Returns the root node (``None`` for an empty file or a syntax error) and the problems
    found: YAML syntax errors (HB301), anchors, aliases and tags (HB302), nesting too deep
    (HB303).
    """
    reader = _Reader(path)
    try:
        root = reader.read(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context_mark", None)
        line = (mark.line + 1) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if context is not None and context.line + 1 < line:
            problem += f" (noticed on line {line})"
            line = context.line + 1
        hint = (
            "indent with spaces, never tabs"
            if "\t" in text
            else "quote values that contain ': ' or start with a special character"
        )
        reader.diagnostics.append(
            Diagnostic.make(
                path,
                line,
                "HB301",
                f"the file is not valid YAML: {problem}",
                expected="valid YAML",
                fix=hint,
            )
        )
        return None, reader.diagnostics
    return root, reader.diagnostics
