"""Statistics Finland PxWeb answers in JSON-stat 2.0.

A JSON-stat dataset is a cube: ``id`` lists the dimensions, ``size`` their
lengths, ``dimension[d].category.index`` the position of each category, and
``value`` holds the cells flat in row-major order (the last dimension changes
fastest). Which dimension is the area, which the period, which one selects
this indicator and which remaining ones become dimension values is read from
the indicator's ``source_reference`` — never from code, because Statistics
Finland renames tables and variables (it did on 8 June 2026: short table ids,
variables by code instead of name, some value codes prefixed)::

    {
      "table": "StatFin/vaerak/11ra.px",   # short id since June 2026
      "selection": {"timeperiod_y": ["*"], ...},  # what fetch asks for (see fetch.py)
      "area_dimension": "alue_23_20260101",  # default: role.geo, then "Alue"
      "period_dimension": "timeperiod_y",  # default: role.time, then "Vuosi"
      "indicator_dimension": "contentscode", # optional; default: role.metric
      "indicator_code": "kokmuutos",       # the category of that dimension (a code
                                           # found only prefixed, vaerak-kokmuutos, works)
      "dimensions": {"Sukupuoli": {"name": "sex",
                                   "values": {"1": "male", "2": "female"},
                                   "total": "SSS"}},
      "fixed": {"Ikä": "SSS"}              # pick one category of other dimensions
    }

A dimension mapped as ``{"Sukupuoli": "sex"}`` keeps the category codes as
values. Any other dimension with more than one category is an error: silently
mixing its categories would produce duplicate keys.

Status symbols of Statistics Finland: ``.`` and ``..`` (not available) become
*missing*, ``...`` (confidential) *confidential*; unknown symbols are ignored.

The whole answer is read at once: a PxWeb answer is capped at some hundred
thousand cells, so this is the one format that is not streamed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from .core import ParseContext, RawRow, load_json_document

_STATUS = {".": "missing", "..": "missing", "...": "confidential", "p": "preliminary"}


def location_label(index: int) -> str:
    return f"value[{index}]"


def _categories(ctx: ParseContext, dataset: dict[str, Any], dim: str) -> list[str]:
    try:
        index = dataset["dimension"][dim]["category"]["index"]
    except (KeyError, TypeError):
        try:
            # A dimension of one category may leave out its index.
            labels = dataset["dimension"][dim]["category"]["label"]
            return list(labels)
        except (KeyError, TypeError):
            raise ctx.error(
                _("dimension %(dim)s has no category index") % {"dim": dim},
                location=f"dimension.{dim}.category",
            ) from None
    if isinstance(index, list):
        return [str(code) for code in index]
    if isinstance(index, dict):
        return [str(code) for code, _pos in sorted(index.items(), key=lambda kv: kv[1])]
    raise ctx.error(
        _("the category index must be a list or an object"),
        location=f"dimension.{dim}.category.index",
    )


def _sparse(ctx: ParseContext, raw: Any, name: str, total: int) -> Any:
    """``value`` and ``status`` may be a list, an object keyed by position, or one string."""
    if raw is None:
        return {}
    if isinstance(raw, list):
        if name == "value" and len(raw) != total:
            raise ctx.error(
                _("%(found)s values where the sizes give %(expected)s")
                % {"found": len(raw), "expected": total},
                location=name,
            )
        return raw
    if isinstance(raw, dict):
        try:
            return {int(k): v for k, v in raw.items()}
        except ValueError:
            raise ctx.error(_("keys must be positions"), location=name) from None
    if isinstance(raw, str) and name == "status":
        return [raw] * total
    raise ctx.error(_("must be a list or an object"), location=name)


def _role(dataset: dict[str, Any], role: str) -> str | None:
    names = (dataset.get("role") or {}).get(role) or []
    return names[0] if names else None


def read(source: BinaryIO, ctx: ParseContext) -> Iterator[RawRow]:
    indicator = ctx.single_indicator("jsonstat2")
    ref = indicator.source_reference or {}
    dataset = load_json_document(source, ctx.error)
    if isinstance(dataset, dict) and dataset.get("class") == "collection":
        raise ctx.error(_("a JSON-stat collection: give one dataset"), location="class")
    if not isinstance(dataset, dict) or "dimension" not in dataset:
        raise ctx.error(_("not a JSON-stat 2.0 dataset"), location="$", field="dimension")
    ids = dataset.get("id")
    sizes = dataset.get("size")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise ctx.error(_("id and size must be lists of the same length"), location="id")

    area_dim = ref.get("area_dimension") or _role(dataset, "geo") or "Alue"
    period_dim = ref.get("period_dimension") or _role(dataset, "time") or "Vuosi"
    indicator_dim = ref.get("indicator_dimension") or _role(dataset, "metric")
    mapped: dict[str, Any] = ref.get("dimensions") or {}
    fixed: dict[str, str] = ref.get("fixed") or {}
    for name, role in ((area_dim, "area_dimension"), (period_dim, "period_dimension")):
        if name not in ids:
            raise ctx.error(
                _("the dataset has no dimension %(dim)s (it has %(ids)s)")
                % {"dim": name, "ids": ", ".join(ids)},
                location="id",
                field=role,
            )

    categories = {dim: _categories(ctx, dataset, dim) for dim in ids}
    for dim, size in zip(ids, sizes, strict=True):
        if len(categories[dim]) != size:
            raise ctx.error(
                _("dimension %(dim)s has %(found)s categories but size says %(size)s")
                % {"dim": dim, "found": len(categories[dim]), "size": size},
                location=f"dimension.{dim}",
            )

    # Which positions of each dimension to read.
    selected: dict[str, list[int]] = {}
    for dim in ids:
        codes = categories[dim]
        if dim in (area_dim, period_dim) or dim in mapped:
            selected[dim] = list(range(len(codes)))
        elif dim == indicator_dim and "indicator_code" in ref:
            wanted = _as_in_table(codes, str(ref["indicator_code"]))
            if wanted not in codes:
                raise ctx.error(
                    _("category %(code)s not in dimension %(dim)s") % {"code": wanted, "dim": dim},
                    location=f"dimension.{dim}",
                    field="indicator_code",
                )
            selected[dim] = [codes.index(wanted)]
        elif dim in fixed:
            wanted = _as_in_table(codes, str(fixed[dim]))
            if wanted not in codes:
                raise ctx.error(
                    _("category %(code)s not in dimension %(dim)s")
                    % {"code": fixed[dim], "dim": dim},
                    location=f"dimension.{dim}",
                    field="fixed",
                )
            selected[dim] = [codes.index(wanted)]
        elif len(codes) == 1:
            selected[dim] = [0]
        else:
            raise ctx.error(
                _(
                    "dimension %(dim)s has %(n)s categories but the indicator's source "
                    "reference does not say what it is (map it under dimensions, pick one "
                    "under fixed, or name the indicator_code)"
                )
                % {"dim": dim, "n": len(codes)},
                location=f"dimension.{dim}",
            )

    total = 1
    for size in sizes:
        total *= size
    values = _sparse(ctx, dataset.get("value"), "value", total)
    statuses = _sparse(ctx, dataset.get("status"), "status", total)
    strides = [1] * len(ids)
    for i in range(len(ids) - 2, -1, -1):
        strides[i] = strides[i + 1] * sizes[i + 1]

    def dimension_value(dim: str, code: str) -> tuple[str, str | None]:
        spec = mapped[dim]
        if isinstance(spec, str):
            return spec, code
        name = spec.get("name", dim)
        if code == spec.get("total"):
            return name, None
        return name, str((spec.get("values") or {}).get(code, code))

    def walk(level: int, offset: int, picked: dict[str, str]) -> Iterator[RawRow]:
        if level == len(ids):
            value = _get(values, offset)
            symbol = _get(statuses, offset)
            status = _STATUS.get(str(symbol).strip(), "") if symbol is not None else ""
            if value is None and not status:
                status = "missing"
            dimensions: dict[str, str] = {}
            for dim in mapped:
                if dim in picked:
                    name, dim_value = dimension_value(dim, picked[dim])
                    if dim_value is not None:
                        dimensions[name] = dim_value
            yield RawRow(
                location=offset,
                indicator=None,
                area=picked[area_dim],
                period=picked[period_dim],
                dimensions=dimensions,
                value=value,
                status=status,
            )
            return
        dim = ids[level]
        for pos in selected[dim]:
            picked[dim] = categories[dim][pos]
            yield from walk(level + 1, offset + pos * strides[level], picked)

    yield from walk(0, 0, {})


def code_in_table(codes: list[str], wanted: str) -> str | None:
    """``wanted`` as the table spells it: itself, or the one code that is it with a
    prefix (Statistics Finland prefixed some value codes in June 2026: ``vaesto`` →
    ``vaerak-vaesto``); ``None`` when neither is there. Also used by ``fetch``."""
    if wanted in codes:
        return wanted
    prefixed = [code for code in codes if code.endswith("-" + wanted)]
    return prefixed[0] if len(prefixed) == 1 else None


def _as_in_table(codes: list[str], wanted: str) -> str:
    return code_in_table(codes, wanted) or wanted


def _get(container: Any, offset: int) -> Any:
    if isinstance(container, list):
        return container[offset] if offset < len(container) else None
    return container.get(offset)
