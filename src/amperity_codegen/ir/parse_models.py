"""Normalized schemas → the model classes of the `models` package, as IR (`ir.Model`).

The diff compares these instead of generated code, so the names here must be the ones
datamodel-code-generator writes (tests/ir/test_parse_models.py checks them against its
output): a class per schema under its IR name, a class per inline object schema named after
its parent (`Pet` > `tag` is `PetTag`, dcg's full-path naming; an array's item is singular, by
dcg's own rule: `Order` > `lines` > item is `OrderLine`, `Pet` > `tag` > item `PetTagItem`), and
fields named by dcg's own
resolver for pydantic models (snake_case; a keyword or a BaseModel attribute gets a `_`).
Types follow dcg's options in emit/models.py: enums and `const` as `Literal`, an optional
or nullable field as `T | None`, `datetime` for date-time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from datamodel_code_generator.model.field_name import PydanticFieldNameResolver
from datamodel_code_generator.reference import get_singular_name

from amperity_codegen.ir import model as ir
from amperity_codegen.ir.names import pascal, unique

_REF = "#/components/schemas/"
_ANY = ir.PyType("Any")
_NONE = ir.PyType("None")
# String formats dcg gives their own Python type; any other string is a `str`.
# Formats whose pydantic type would break the package: EmailStr needs email-validator, which
# it does not depend on, and SecretStr dumps as "**********", so a password would be sent
# masked. Such values are plain strings.
PLAIN_STRING_FORMATS = frozenset({"email", "idn-email", "password"})
_STRING_FORMATS = {
    "date-time": "datetime",
    "date": "date",
    "time": "time",
    "binary": "bytes",
    "uuid": "UUID",
    "uri": "AnyUrl",
    "ipv4": "IPv4Address",
    "ipv6": "IPv6Address",
}
_SCALARS = {"integer": "int", "number": "float", "boolean": "bool"}
_COMPOSITIONS = ("oneOf", "anyOf")


def build_models(schemas: Mapping[str, Any]) -> tuple[ir.Model, ...]:
    """One `ir.Model` per model class, for the IR's normalized schemas (by class name)."""
    builder = _Builder(schemas)
    for name, schema in schemas.items():
        builder.model(name, schema)
    return tuple(builder.models[name] for name in sorted(builder.models))


def _ref_class(schema: Mapping[str, Any]) -> str | None:
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith(_REF):
        return None
    name = unquote(ref[len(_REF) :])
    return None if "/" in name else name.replace("~1", "/").replace("~0", "~")


def _discriminator_values(schemas: Mapping[str, Any]) -> dict[str, list[str]]:
    """Class → the discriminator values that name it, from every mapping of the schemas."""
    out: dict[str, list[str]] = {}
    for schema in schemas.values():
        mapping = (
            (schema.get("discriminator") or {}).get("mapping")
            if isinstance(schema, Mapping)
            else None
        )
        for value, ref in (mapping or {}).items():
            cls = _ref_class({"$ref": ref})
            if cls is not None and value not in out.setdefault(cls, []):
                out[cls].append(value)
    return out


class _Builder:
    def __init__(self, schemas: Mapping[str, Any]) -> None:
        self.schemas = schemas
        self.models: dict[str, ir.Model] = {}
        self.resolver = PydanticFieldNameResolver(snake_case_field=True)
        self.tags = _discriminator_values(schemas)

    def model(self, name: str, schema: Any) -> None:
        if not isinstance(schema, Mapping):
            schema = {}
        if self._is_object(schema):
            self.models[name] = ir.Model(
                name, ()
            )  # taken before its fields name inline classes
            self.models[name] = ir.Model(name, self._fields(name, schema))
        elif isinstance(schema.get("allOf"), list) and len(schema["allOf"]) > 1:
            root = self._first_typed(name, schema["allOf"])
            self.models[name] = ir.Model(name, (), root=root)
        else:
            self.models[name] = ir.Model(name, (), root=self.type(name, "", schema))

    def _is_object(self, schema: Mapping[str, Any]) -> bool:
        """A class with fields (not a RootModel): properties, or allOf of such schemas."""
        if any(k in schema for k in _COMPOSITIONS):
            return False
        if schema.get("properties"):
            return True
        parts = schema.get("allOf")
        if isinstance(parts, list) and parts:
            return any(
                self._is_object(self._target(p))
                for p in parts
                if isinstance(p, Mapping)
            )
        return schema.get("type") == "object" and "additionalProperties" not in schema

    def _target(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        cls = _ref_class(schema)
        target = self.schemas.get(cls) if cls else schema
        return target if isinstance(target, Mapping) else {}

    def _properties(
        self, owner: str, schema: Mapping[str, Any], seen: frozenset[str] = frozenset()
    ) -> tuple[dict[str, Any], set[str], list[str]]:
        """(properties, required, owner of each property's class) merged through allOf, the
        bases first as their subclasses inherit them."""
        props: dict[str, Any] = {}
        owners: dict[str, str] = {}
        required: set[str] = set()
        for part in schema.get("allOf") or ():
            if not isinstance(part, Mapping):
                continue
            cls = _ref_class(part)
            if cls is not None and cls in seen:
                continue
            base_owner = cls or owner
            p, r, _ = self._properties(
                base_owner, self._target(part), seen | ({cls} if cls else set())
            )
            for key, value in p.items():
                props[key], owners[key] = (
                    self._narrowed(props.get(key), value),
                    base_owner,
                )
            required |= r
        for key, value in (schema.get("properties") or {}).items():
            props[key], owners[key] = self._narrowed(props.get(key), value), owner
        required |= set(schema.get("required") or ())
        return props, required, [owners[k] for k in props]

    def _narrowed(self, before: Any, after: Any) -> Any:
        """A property an allOf part declares again: dcg keeps the later declaration, but where
        both are enums it joins their values (the base's first), repeats included."""
        first, second = self._target(before or {}), self._target(after)
        if (
            isinstance(first, Mapping)
            and isinstance(second, Mapping)
            and isinstance(first.get("enum"), list)
            and isinstance(second.get("enum"), list)
        ):
            return {**second, "enum": [*first["enum"], *second["enum"]]}
        return after

    def _fields(
        self, owner: str, schema: Mapping[str, Any]
    ) -> tuple[ir.ModelField, ...]:
        props, required, owners = self._properties(owner, schema)
        fields = []
        taken: set[str] = set()
        for (wire, prop), home in zip(props.items(), owners, strict=False):
            py_name, _ = self.resolver.get_valid_field_name_and_alias(
                wire, excludes=taken
            )
            taken.add(py_name)
            prop = prop if isinstance(prop, Mapping) else {}
            annotation = self.type(home, wire, prop)
            if wire in self._discriminators(schema):
                # dcg pins a discriminator in each of its classes to the values naming it.
                annotation = ir.PyType(
                    "Literal", values=tuple(self.tags.get(owner, (owner,)))
                )
            must = wire in required
            fields.append(
                ir.ModelField(
                    wire, py_name, annotation if must else annotation.or_none(), must
                )
            )
        return tuple(fields)

    def _discriminators(self, schema: Mapping[str, Any]) -> set[str]:
        """The discriminator properties of the bases `schema` extends (allOf)."""
        found: set[str] = set()
        for part in schema.get("allOf") or ():
            if isinstance(part, Mapping) and _ref_class(part) is not None:
                base = self._target(part)
                name = (base.get("discriminator") or {}).get("propertyName")
                found |= {name} if isinstance(name, str) else set()
                found |= self._discriminators(base)
        return found

    def type(
        self, owner: str, prop: str, schema: Mapping[str, Any], item: bool = False
    ) -> ir.PyType:
        """The annotation dcg writes for `schema`, a property `prop` of class `owner` ("" for
        the class's own root value); `item`: an array's items, whose class is singular.
        """
        cls = _ref_class(schema)
        if cls is not None:
            return ir.PyType(cls, model=cls) if cls in self.schemas else _ANY
        nullable = schema.get("nullable") is True
        parts = schema.get("allOf")
        if (
            isinstance(parts, list)
            and len(parts) == 1
            and isinstance(parts[0], Mapping)
        ):
            base = self.type(owner, prop, parts[0], item)
        elif isinstance(parts, list) and parts and self._is_object(schema):
            base = self._inline(owner, prop, schema, item)
        elif isinstance(parts, list) and parts:
            base = self._values(prop or owner, parts)
        elif any(isinstance(schema.get(k), list) for k in _COMPOSITIONS):
            variants = [
                v
                for k in _COMPOSITIONS
                for v in schema.get(k) or ()
                if isinstance(v, Mapping)
            ]
            members: list[ir.PyType] = []
            for v in variants:
                t = self.type(owner, prop, v, item)
                for m in t.args if t.name == "|" else (t,):
                    if m not in members:
                        members.append(m)
            base = (
                members[0]
                if len(members) == 1
                else ir.PyType("|", tuple(members)) if members else _ANY
            )
        else:
            base = self._plain(owner, prop, schema, item)
        return base.or_none() if nullable else base

    def _plain(
        self, owner: str, prop: str, schema: Mapping[str, Any], item: bool
    ) -> ir.PyType:
        kind = schema.get("type")
        if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
            kinds = [k for k in kind if k != "null"]
            members = [
                self._plain(owner, prop, {**schema, "type": k}, item) for k in kinds
            ]
            base = (
                members[0]
                if len(members) == 1
                else ir.PyType("|", tuple(members)) if members else _NONE
            )
            return base.or_none() if "null" in kind else base
        if kind == "null":
            return _NONE
        if "const" in schema:
            return ir.PyType("Literal", values=(schema["const"],))
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            values = tuple(v for v in schema["enum"] if v is not None)
            literal = ir.PyType("Literal", values=values) if values else _NONE
            return literal.or_none() if None in schema["enum"] else literal
        if kind == "string":
            return ir.PyType(_STRING_FORMATS.get(str(schema.get("format", "")), "str"))
        if kind in _SCALARS:
            return ir.PyType(_SCALARS[kind])
        if kind == "array" or "items" in schema:
            items = schema.get("items")
            value = (
                self.type(owner, prop, items, item=True)
                if isinstance(items, Mapping)
                else _ANY
            )
            return ir.PyType("list", (value,))
        if schema.get("properties"):
            return self._inline(owner, prop, schema, item)
        extra = schema.get("additionalProperties")
        if kind == "object" or extra is not None:
            value = (
                self.type(owner, prop, extra)
                if isinstance(extra, Mapping) and extra
                else _ANY
            )
            return ir.PyType("dict", (ir.PyType("str"), value))
        return _ANY

    def _first_typed(self, owner: str, parts: list[Any]) -> ir.PyType:
        """Of an allOf of values, not objects (`string` and `minLength: 1`): the first part
        with a type, as dcg writes it; the other parts only add constraints."""
        typed = [
            p
            for p in parts
            if isinstance(p, Mapping) and ("type" in p or _ref_class(p) is not None)
        ]
        return self.type(owner, "", typed[0]) if typed else _ANY

    def _values(self, name: str, parts: list[Any]) -> ir.PyType:
        """A property's allOf of values, named as dcg names it: one reference and constraints
        is that reference's class; anything else is a class of its own, named after the
        property alone (not its owner: dcg's full-path naming leaves these out)."""
        refs = [p for p in parts if isinstance(p, Mapping) and _ref_class(p)]
        others = [p for p in parts if isinstance(p, Mapping) and "type" in p]
        if len(refs) == 1 and not others:
            return self.type(name, "", refs[0])
        cls = unique(pascal(name), self.models.keys() | self.schemas.keys(), sep="")
        self.models[cls] = ir.Model(cls, (), root=self._first_typed(cls, parts))
        return ir.PyType(cls, model=cls)

    def _inline(
        self, owner: str, prop: str, schema: Mapping[str, Any], item: bool
    ) -> ir.PyType:
        """An inline object schema: its own class, named after where it is. An array's item
        is named as dcg names it: the singular of the array's name (a class's own root value
        is named after the class: `Rows` > item is `RowsRow`), or that name + `Item` when
        inflect finds no plural (`Status` > item is `StatusItem`)."""
        if item:
            name = get_singular_name(owner + pascal(prop or owner))
        else:
            name = owner + pascal(prop or "model")
        name = unique(name, self.models.keys() | self.schemas.keys(), sep="")
        self.model(name, schema)
        return ir.PyType(name, model=name)
