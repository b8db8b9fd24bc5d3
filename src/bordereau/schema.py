"""The JSON Schema of the input format: the model, with the mandatory business terms marked required."""

from __future__ import annotations

from typing import Any

from .model import Invoice

# Left out of "required" because bordereau computes them when the input leaves them out.
COMPUTED = {"totals", "net_amount", "vat_breakdown"}


def _mark_required(node: dict[str, Any]) -> None:
    properties = node.get("properties", {})
    required = [
        name
        for name, spec in properties.items()
        if spec.get("mandatory") and name not in COMPUTED and name not in node.get("required", [])
    ]
    if required:
        node["required"] = sorted({*node.get("required", []), *required}, key=list(properties).index)


def json_schema() -> dict[str, Any]:
    schema = Invoice.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "bordereau invoice (EN 16931)"
    _mark_required(schema)
    for definition in schema.get("$defs", {}).values():
        _mark_required(definition)
    return schema
