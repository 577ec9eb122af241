"""YAML documents read as the JSON data model, by YAML 1.2 rules, with hostile input refused.

Its own module so that PyYAML is imported only when a document is YAML (see load.py).
"""

from __future__ import annotations

import re
from typing import Any

import yaml  # type: ignore[import-untyped]  # no stubs pinned (types-PyYAML)

from amperity_codegen.document.tree import copy_tree
from amperity_codegen.errors import SpecError, pointer

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map")
}


class _JsonModel:
    """`yaml.safe_load` limited to what JSON can say, read by YAML 1.2 rules as OpenAPI asks.

    PyYAML follows YAML 1.1, where `on`/`no` are booleans, `12:30` is a number and `2024-04-01`
    a date; in YAML 1.2 (and in the document's author's mind) they are strings.
    """

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    construct_scalar: Any
    construct_object: Any
    flatten_mapping: Any

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a scalar", key_node.start_mark
                )
            # `200:` is a status code and `2024-04-01:` a name: keys are the text as written.
            mapping[key_node.value] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_core_int(self, node: yaml.ScalarNode) -> int:
        text: str = self.construct_scalar(node)
        try:
            if text.startswith(("0o", "0x")):
                return int(text[2:], 8 if text[1] == "o" else 16)
            return int(text, 10)  # `012` is twelve in YAML 1.2
        except ValueError:  # more digits than Python converts
            raise yaml.constructor.ConstructorError(
                None, None, "the number has too many digits", node.start_mark
            ) from None


class _JsonModelLoader(_JsonModel, yaml.SafeLoader):  # type: ignore[misc]
    """The pure-Python parser: where PyYAML was built without libyaml."""


# libyaml's parser (C) reads a 3 MB document in 1.4 s where the pure-Python one takes 10 s; the
# nodes it builds are checked (`_check_yaml_nodes`) and constructed by the same Python code.
_Loader: Any = (
    type("_JsonModelCLoader", (_JsonModel, yaml.CSafeLoader), {})
    if getattr(yaml, "__with_libyaml__", False)
    else _JsonModelLoader
)

# The YAML 1.2 core schema's implicit types (yaml.org/spec/1.2.2, 10.3.2), and merge keys.
for _tag, _pattern, _first in [
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ("bool", r"true|True|TRUE|false|False|FALSE", list("tTfF")),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", list("-+0123456789")),
    # Without .inf and .nan, which JSON cannot say either.
    (
        "float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?",
        list("-+0123456789."),
    ),
    ("merge", r"<<", ["<"]),
]:
    for _loader in {_JsonModelLoader, _Loader}:
        _loader.add_implicit_resolver(
            _TAG + _tag, re.compile(f"^(?:{_pattern})$"), _first
        )
for _loader in {_JsonModelLoader, _Loader}:
    _loader.add_constructor(_TAG + "int", _JsonModel.construct_core_int)


def parse_yaml(text: str, document: str, max_nodes: int) -> Any:
    """The value of a YAML document; SpecError naming the line of what is wrong."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        shared = _check_yaml_nodes(root, document, max_nodes)
        value = loader.construct_document(root)
        # Aliases build one object in several places; the generator's stages expect a tree.
        return copy_tree(value) if shared else value
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SpecError(
            document, "", f"invalid YAML{where}: {exc.problem or exc.context}"
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(document, "", f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _check_yaml_nodes(root: yaml.Node, document: str, max_nodes: int) -> bool:
    """Refuse tags outside JSON, duplicate keys, recursive aliases and alias bombs, before building.

    True when aliases share nodes.
    """
    sizes: dict[int, int] = (
        {}
    )  # expanded size of each node already measured (aliases share nodes)
    open_nodes: set[int] = set()

    def fail(node: yaml.Node, path: list[str | int], message: str) -> SpecError:
        line = node.start_mark.line + 1
        return SpecError(
            document, pointer(*path), f"invalid YAML at line {line}: {message}"
        )

    def measure(node: yaml.Node, path: list[str | int]) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if id(node) in open_nodes:
            raise fail(node, path, "an alias refers to a node that contains it")
        if node.tag not in _ALLOWED_TAGS and node.tag != _TAG + "merge":
            raise fail(node, path, f"tag {node.tag!r} has no JSON equivalent")
        open_nodes.add(id(node))
        size = 1
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                size += measure(item, [*path, i])
        elif isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                if key.tag != _TAG + "merge":
                    if name in seen:
                        raise fail(key, path, f"duplicate key {name!r}")
                    seen.add(name)
                size += measure(key, path) + measure(value, [*path, name])
        open_nodes.discard(id(node))
        sizes[id(node)] = size
        if size > max_nodes:
            raise fail(
                node, path, f"aliases expand the document past {max_nodes} values"
            )
        return size

    return measure(root, []) > len(sizes)
