"""Lenient mode: a document's defects repaired in the open, as an OpenAPI Overlay.

Strict is the default: a defect stops the run. `generate --lenient` and `validate
--suggest-overlay` instead turn each defect with a known safe repair into overlay actions, and
leave out the operation or schema of each defect without one (and whatever refers to what was
left out). Nothing else changes: the overlay is written to a file, every finding is listed,
and `--overlay FILE` in strict mode gives the same document, so the run can be reproduced and
the repairs reviewed like any other overlay.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amperity_codegen.document.load import load_document
from amperity_codegen.document.locate import at_definition, in_swagger2, split_pointer
from amperity_codegen.document.overlay import (
    apply_overlay,
    apply_overlay_files,
    remove_action,
    update_action,
)
from amperity_codegen.document.upgrade import upgrade
from amperity_codegen.document.validate import (
    OPERATIONS,
    _objects,
    discriminator_properties,
    validate,
)
from amperity_codegen.errors import SpecError, SpecErrors, pointer

Json = dict[str, Any]
Parts = tuple[str | int, ...]

# Keys whose value maps names to things: their entries are not keywords.
_NAME_MAPS = {
    "properties",
    "patternProperties",
    "schemas",
    "definitions",
    "$defs",
    "responses",
    "headers",
    "content",
    "examples",
    "links",
    "callbacks",
    "securitySchemes",
    "requestBodies",
    "paths",
    "variables",
    "mapping",
    "encoding",
    "dependentSchemas",
    "webhooks",
    "pathItems",
}
_COMPONENT_KINDS = {
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
}
# How many rounds of leaving out (each may leave references dangling, found by the next).
_MAX_ROUNDS = 20
_NULL = {"type": "null"}
_UNEXPECTED_TITLE = re.compile(r"\('title' was unexpected\)")


@dataclass(frozen=True)
class Finding:
    """One defect: where (in the prepared 3.x document, and in the user's file), what, and
    whether it was repaired (else its operation or schema was left out)."""

    at: str
    where: str  # in the file the user gave
    message: str
    repaired: bool
    actions: tuple[Json, ...]


@dataclass(frozen=True)
class Suggestion:
    document: str
    findings: tuple[Finding, ...]

    @property
    def overlay(self) -> Json:
        return _overlay(self.document, [a for f in self.findings for a in f.actions])

    def text(self) -> str:
        """The overlay as YAML, each action preceded by its finding as a comment."""
        import yaml  # type: ignore[import-untyped]  # no stubs pinned

        head = {k: v for k, v in self.overlay.items() if k != "actions"}
        lines = [
            f"# Repairs of {self.document}, suggested by amperity-codegen's lenient mode:",
            "# review them, then pass this file with --overlay.",
            yaml.safe_dump(head, sort_keys=False, allow_unicode=True).rstrip(),
            "actions:",
        ]
        for finding in self.findings:
            outcome = "repaired" if finding.repaired else "left out (no safe repair)"
            lines.append(f"  # {finding.where or '/'}: {finding.message} -- {outcome}")
            for action in finding.actions:
                dumped = yaml.safe_dump(
                    [action], sort_keys=False, allow_unicode=True, width=1000
                )
                lines.append(
                    "\n".join("  " + line for line in dumped.rstrip().splitlines())
                )
        return "\n".join(lines) + "\n"


def suggest_overlay(source: str | Path, overlays: Sequence[Path] = ()) -> Suggestion:
    """Every defect of `source` (after `overlays`) as findings with overlay actions.

    Raises SpecError when the document cannot be read, or has a defect that is neither
    repairable nor inside an operation, path or component that can be left out.
    """
    name = str(source)
    original = load_document(source)
    doc = apply_overlay_files(upgrade(original, name), overlays, document=name)
    swagger2 = original if "swagger" in original else None

    def where(at: str) -> str:
        return in_swagger2(swagger2, at) if swagger2 is not None else at

    findings = [
        Finding(at, where(at), message, True, tuple(fix))
        for at, message, fix in _repairs(doc)
    ]
    doc = _applied(doc, [a for f in findings for a in f.actions], name)
    left_out: set[Parts] = set()
    for _ in range(_MAX_ROUNDS):
        problems = _problems(doc, name)
        if not problems:
            return Suggestion(name, tuple(findings))
        actions: list[Json] = []
        unplaced: list[SpecError] = []
        for problem in problems:
            at = at_definition(doc, problem.pointer)
            parts = _typed(doc, split_pointer(at))
            sample = _sample(parts)
            if _UNEXPECTED_TITLE.search(problem.message) and isinstance(
                _get(doc, parts), dict
            ):
                found = (
                    at + "/title",
                    "`title` is not allowed here",
                    [remove_action((*parts, "title"))],
                    True,
                )
            elif sample is not None:
                # A sample value is documentation (never sent, never a default): one that does
                # not fit its schema is dropped, the schema kept.
                message = f"the {sample[-1]} does not fit its schema: {problem.message}"
                found = (pointer(*sample), message, [remove_action(sample)], True)
            elif (unit := _unit(doc, parts)) is not None:
                if unit in left_out:
                    continue
                left_out.add(unit)
                found = (
                    pointer(*unit),
                    f"{problem.message} (at {at})",
                    [remove_action(unit)],
                    False,
                )
            else:
                unplaced.append(problem)
                continue
            finding = Finding(
                found[0], where(found[0]), found[1], found[3], tuple(found[2])
            )
            findings.append(finding)
            actions += finding.actions
        if unplaced or not actions:
            raise SpecErrors(unplaced or problems)
        doc = _applied(doc, actions, name)
    raise SpecError(
        name, "", f"still invalid after leaving out parts {_MAX_ROUNDS} times"
    )


def _problems(doc: Json, name: str) -> list[SpecError]:
    try:
        validate(doc, name)
    except SpecErrors as exc:
        return list(exc.problems)
    except SpecError as exc:
        return [exc]
    return []


def _applied(doc: Json, actions: list[Json], name: str) -> Json:
    return (
        apply_overlay(doc, _overlay(name, actions), "lenient repairs", document=name)
        if actions
        else doc
    )


def _overlay(document: str, actions: list[Json]) -> Json:
    title = f"Lenient repairs of {Path(document).name}"
    return {
        "overlay": "1.0.0",
        "info": {"title": title, "version": "1.0.0"},
        "actions": actions,
    }


def _sample(parts: Parts) -> Parts | None:
    """The `default` or `example` keyword whose value holds `parts`, if it does."""
    for i in range(len(parts) - 1, 0, -1):
        if parts[i] in ("default", "example") and parts[i - 1] not in _NAME_MAPS:
            return parts[: i + 1]
    return None


def _unit(doc: Json, parts: Parts) -> Parts | None:
    """What to leave out for a defect at `parts`: its operation, its path item, or its component."""
    if parts[:1] == ("paths",) and len(parts) >= 2:
        if len(parts) >= 3 and parts[2] in OPERATIONS:
            return parts[:3]
        return parts[:2]
    if (
        parts[:1] == ("components",)
        and len(parts) >= 3
        and parts[1] in _COMPONENT_KINDS
    ):
        return parts[:3]
    if parts[:1] == ("webhooks",) and len(parts) >= 2:
        return parts[:2]
    return None


def _get(doc: Any, parts: Parts) -> Any:
    for key in parts:
        if isinstance(doc, dict) and isinstance(key, str):
            doc = doc.get(key)
        elif isinstance(doc, list) and isinstance(key, int) and key < len(doc):
            doc = doc[key]
        else:
            return None
    return doc


def _typed(doc: Any, keys: Sequence[str]) -> Parts:
    """A pointer's keys, list indexes as numbers (JSONPath writes them differently)."""
    parts: list[str | int] = []
    for key in keys:
        index = isinstance(doc, list) and key.isdigit()
        parts.append(int(key) if index else key)
        doc = _get(doc, (parts[-1],))
    return tuple(parts)


# -- the safe repairs ----------------------------------------------------------------------------


def _repairs(doc: Json) -> Iterator[tuple[str, str, list[Json]]]:
    """(where, what is wrong, overlay actions) for each defect with a known safe repair."""
    v31 = str(doc.get("openapi", "")).startswith("3.1")
    for at, node in _objects(doc):
        parts = _typed(doc, split_pointer(at))
        if parts[-1:] and parts[-1] in _NAME_MAPS or parts[:1] == ("info",):
            continue
        required = node.get("required")
        if isinstance(required, list) and all(isinstance(r, str) for r in required):
            unique = list(dict.fromkeys(required))
            if unique != required:
                twice = sorted({r for r in required if required.count(r) > 1})
                yield at, f"`required` names {twice} more than once", _set(
                    parts, node, "required", unique
                )
        for keyword, bound in (
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ):
            value, limit = node.get(keyword), node.get(bound)
            number = isinstance(limit, (int, float)) and not isinstance(limit, bool)
            if v31 and value is False:
                yield at, f"`{keyword}: false` is OpenAPI 3.0's form", [
                    remove_action((*parts, keyword))
                ]
            elif v31 and value is True and number:
                message = f"`{keyword}: true` is OpenAPI 3.0's form: 3.1 says `{keyword}: {limit}`"
                yield at, message, [
                    remove_action((*parts, bound)),
                    *_set(parts, node, keyword, limit),
                ]
            elif (
                not v31
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
                and bound not in node
            ):
                message = (
                    f"`{keyword}: {value}` is OpenAPI 3.1's form: "
                    f"3.0 says `{bound}: {value}, {keyword}: true`"
                )
                yield at, message, [
                    *_set(parts, node, keyword, True),
                    update_action(parts, {bound: value}),
                ]
        enum = node.get("enum")
        if isinstance(enum, list):
            distinct = list({json.dumps(v, sort_keys=True): v for v in enum}.values())
            if len(distinct) < len(enum):
                message = f"`enum` lists {len(enum) - len(distinct)} value(s) twice"
                yield at, message, _set(parts, node, "enum", distinct)
        for keyword in ("anyOf", "oneOf"):
            alternatives = node.get(keyword)
            if not v31 and isinstance(alternatives, list) and _NULL in alternatives:
                rest = [a for a in alternatives if a != _NULL]
                message = (
                    "`{type: 'null'}` is not OpenAPI 3.0: `nullable: true` says it"
                )
                yield at, message, [
                    *_set(parts, node, keyword, rest),
                    update_action(parts, {"nullable": True}),
                ]
        discriminator = node.get("discriminator")
        name = (
            discriminator.get("propertyName")
            if isinstance(discriminator, dict)
            else None
        )
        alternatives = node.get("oneOf", node.get("anyOf"))
        if isinstance(name, str) and isinstance(alternatives, list):
            declared = [discriminator_properties(doc, a) for a in alternatives]
            if any(d is not None and name not in d for d in declared):
                # Without it, an answer is read as the first alternative it fits.
                message = (
                    f"the discriminator property {name!r} "
                    "is not declared by every alternative"
                )
                yield at, message, [remove_action((*parts, "discriminator"))]
        items = node.get("items")
        if (
            isinstance(items, list)
            and items
            and all(isinstance(i, dict) for i in items)
        ):
            one = items[0] if len(items) == 1 else {"anyOf": items}
            yield at, "`items` must be one schema, not a list", _set(
                parts, node, "items", one
            )
        kind = node.get("type")
        if (
            not v31
            and isinstance(kind, list)
            and kind
            and all(isinstance(k, str) for k in kind)
        ):
            kinds = [k for k in dict.fromkeys(kind) if k != "null"]
            if len(kinds) == 1:
                actions = _set(parts, node, "type", kinds[0])
            else:
                actions = [
                    remove_action((*parts, "type")),
                    update_action(parts, {"anyOf": [{"type": k} for k in kinds]}),
                ]
            if "null" in kind:
                actions.append(update_action(parts, {"nullable": True}))
            yield at, f"`type` must be one type in OpenAPI 3.0, not {kind}", actions
        if not v31 and "const" in node and "enum" not in node:
            message = "`const` is not a keyword in OpenAPI 3.0: a one-value `enum` says the same"
            yield at, message, [
                remove_action((*parts, "const")),
                update_action(parts, {"enum": [node["const"]]}),
            ]
        if (
            node.get("in") == "path"
            and isinstance(node.get("name"), str)
            and node.get("required") is not True
        ):
            message = (
                "a path parameter must say `required: true`: a path cannot leave it out"
            )
            yield at, message, _set(parts, node, "required", True)


def _set(parts: Parts, node: Json, key: str, value: Any) -> list[Json]:
    """Actions giving `key` of `node` (the object at `parts`) the value `value` (an update
    merges, so an existing value is removed first)."""
    return [
        *([remove_action((*parts, key))] if key in node else []),
        update_action(parts, {key: value}),
    ]


def with_repairs(suggestion: Suggestion, error: SpecError) -> Suggestion:
    """`suggestion`, plus a finding for each problem of `error` that carries its repair (found
    by a later stage, e.g. a class name the model generator would change)."""
    problems = error.problems if isinstance(error, SpecErrors) else (error,)
    found = [
        Finding(p.pointer, p.pointer, p.message, True, p.repair)
        for p in problems
        if p.repair
    ]
    return Suggestion(suggestion.document, (*suggestion.findings, *found))


def write_suggestion(suggestion: Suggestion, path: Path) -> list[str]:
    """Write the overlay to `path`; the summary lines to show: each finding, and the counts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(suggestion.text(), encoding="utf-8")
    repaired = [f for f in suggestion.findings if f.repaired]
    left_out = [f for f in suggestion.findings if not f.repaired]
    lines = [
        f"repaired: {suggestion.document}#{f.where}: {f.message}" for f in repaired
    ]
    lines += [
        f"left out: {suggestion.document}#{f.where}: {f.message}" for f in left_out
    ]
    lines.append(
        f"{len(repaired)} repaired, {len(left_out)} left out; the overlay is {path}"
    )
    return lines
