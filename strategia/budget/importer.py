"""Budget targets from a filled spreadsheet template (CSV or XLSX), all or nothing.

Budgets are prepared in spreadsheets, so the targets of a year come in as one
file. Every row is checked first; if any cell is wrong, the import names each
problem by row, column and what was wrong, and writes nothing. Otherwise all
rows are written in one transaction through the same rules as the form: a
row of a unit the user may not edit is an error of that row. A row whose year
and identifier already exist changes that target (a new version with
history); the others are created.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from strategia.accounts.models import User
from strategia.indicators.models import Indicator
from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Goal

from .models import Achievement, BudgetTarget
from .services import BudgetTargetData, _stamp

COLUMNS = [
    "year",
    "identifier",
    "unit",
    "binding",
    "text_fi",
    "text_sv",
    "text_en",
    "goal",
    "indicator",
    "target_value",
    "appropriation_gross",
    "appropriation_net",
    "outcome_fi",
    "outcome_net",
    "achieved",
    "explanation_fi",
]
REQUIRED = ("year", "identifier", "unit", "text_fi")
TRUE = {"1", "yes", "kyllä", "kylla", "ja", "true", "x", "sitova", "binding"}
FALSE = {"0", "no", "ei", "nej", "false", "", "ei sitova"}
ACHIEVED = {
    "yes": Achievement.YES,
    "kyllä": Achievement.YES,
    "toteutui": Achievement.YES,
    "partly": Achievement.PARTLY,
    "osittain": Achievement.PARTLY,
    "no": Achievement.NO,
    "ei": Achievement.NO,
    "not_assessed": Achievement.NOT_ASSESSED,
    "": Achievement.NOT_ASSESSED,
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class BudgetImportError(ValidationError):
    def __init__(self, errors: list[RowError]) -> None:
        self.row_errors = errors
        super().__init__([str(error) for error in errors])


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def read_rows(content: bytes, *, format: str) -> list[dict[str, str]]:
    """The data rows as dictionaries by header; row numbers are the spreadsheet's (header = 1)."""
    if format == "xlsx":
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that isn't XLSX
            raise BudgetImportError([RowError(1, "-", _("Not an XLSX file: %s") % error)]) from None
        sheet = workbook.worksheets[0]
        rows = [
            ["" if value is None else str(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    elif format == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BudgetImportError([RowError(1, "-", _("The file is not UTF-8 text."))]) from None
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        rows = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise BudgetImportError([RowError(1, "-", _("Unknown format %s.") % format)])
    if not rows:
        raise BudgetImportError([RowError(1, "-", _("The file is empty."))])
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise BudgetImportError(
            [RowError(1, column, _("The column is missing from the header.")) for column in missing]
        )
    unknown = [column for column in header if column and column not in COLUMNS]
    if unknown:
        raise BudgetImportError([RowError(1, column, _("Unknown column.")) for column in unknown])
    result = []
    for cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            result.append({})
            continue
        result.append(
            {
                name: (cells[i].strip() if i < len(cells) else "")
                for i, name in enumerate(header)
                if name
            }
        )
    return result


def _decimal(text: str) -> Decimal | None:
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("€", "").replace(",", ".")
    if not cleaned:
        return None
    return Decimal(cleaned)


def parse(
    *, rows: list[dict[str, str]], organisation: Organisation, user: User
) -> list[BudgetTargetData]:
    units = {unit.slug: unit for unit in Unit.objects.filter(organisation=organisation)}
    goals = {
        f"{goal.plan.slug}/{goal.slug}": goal
        for goal in Goal.objects.filter(plan__organisation=organisation).select_related("plan")
    }
    indicators = {i.slug: i for i in Indicator.objects.filter(organisation=organisation)}
    errors: list[RowError] = []
    parsed: list[BudgetTargetData] = []
    seen: dict[tuple[int, str], int] = {}
    for number, row in enumerate(rows, start=2):
        if not row:
            continue

        def fail(column: str, message: str, number: int = number) -> None:
            errors.append(RowError(number, column, message))

        for column in REQUIRED:
            if not row.get(column):
                fail(column, _("A value is required."))
        year = None
        if row.get("year"):
            try:
                year = int(float(row["year"]))
                if not 2000 <= year <= 2100:
                    raise ValueError
            except ValueError:
                fail("year", _("“%s” is not a year.") % row["year"])
        unit = units.get(row.get("unit", ""))
        if row.get("unit") and unit is None:
            fail("unit", _("No unit with the identifier “%s”.") % row["unit"])
        elif unit is not None and not user.has_perm("budget.change_target", unit):
            fail("unit", _("You may not change the budget targets of %s.") % unit)
        binding = row.get("binding", "").lower()
        if binding not in TRUE | FALSE:
            fail("binding", _("Write yes or no, not “%s”.") % row["binding"])
        goal = goals.get(row.get("goal", ""))
        if row.get("goal") and goal is None:
            fail("goal", _("No goal “%s” (write plan/goal identifiers).") % row["goal"])
        indicator = indicators.get(row.get("indicator", ""))
        if row.get("indicator") and indicator is None:
            fail("indicator", _("No indicator with the identifier “%s”.") % row["indicator"])
        amounts = {}
        for column in ("target_value", "appropriation_gross", "appropriation_net", "outcome_net"):
            try:
                amounts[column] = _decimal(row.get(column, ""))
            except InvalidOperation:
                fail(column, _("“%s” is not a number.") % row[column])
        achieved = ACHIEVED.get(row.get("achieved", "").lower())
        if achieved is None:
            fail(
                "achieved", _("Write yes, partly, no or not_assessed, not “%s”.") % row["achieved"]
            )
        key = (year, row.get("identifier", ""))
        if year and key[1]:
            if key in seen:
                fail("identifier", _("The same target is already on row %s.") % seen[key])
            seen[key] = number
        if errors and errors[-1].row == number:
            continue
        target_value = amounts.get("target_value")
        parsed.append(
            BudgetTargetData(
                year=year,
                identifier=row["identifier"],
                unit=unit,
                binding=binding in TRUE,
                text_fi=row["text_fi"],
                text_sv=row.get("text_sv", ""),
                text_en=row.get("text_en", ""),
                goal=goal,
                indicator=indicator,
                target_value=float(target_value) if target_value is not None else None,
                appropriation_gross=amounts.get("appropriation_gross"),
                appropriation_net=amounts.get("appropriation_net"),
                outcome_fi=row.get("outcome_fi", ""),
                outcome_net=amounts.get("outcome_net"),
                achieved=achieved,
                explanation_fi=row.get("explanation_fi", ""),
            )
        )
    if errors:
        raise BudgetImportError(errors)
    return parsed


def budget_targets_import(
    *, user: User, organisation: Organisation, content: bytes, format: str
) -> ImportResult:
    rows = read_rows(content, format=format)
    targets = parse(rows=rows, organisation=organisation, user=user)
    created = updated = 0
    with transaction.atomic():
        existing = {
            (target.year, target.identifier): target
            for target in BudgetTarget.objects.select_for_update().filter(
                organisation=organisation, year__in={data.year for data in targets}
            )
        }
        errors = []
        for number, data in enumerate(targets, start=2):
            target = existing.get((data.year, data.identifier))
            if target is not None and not user.has_perm("budget.change_target", target):
                errors.append(
                    RowError(
                        number, "identifier", _("The target belongs to a unit you may not change.")
                    )
                )
        if errors:
            raise BudgetImportError(errors)
        for data in targets:
            target = existing.get((data.year, data.identifier))
            if target is None:
                target = BudgetTarget(organisation=organisation)
                created += 1
                reason = "imported"
            else:
                target.version += 1
                updated += 1
                reason = "changed by import"
            for name in BudgetTargetData.__dataclass_fields__:
                setattr(target, name, getattr(data, name))
            target.full_clean(exclude=["organisation"], validate_unique=False)
            _stamp(target, user=user, reason=reason)
            target.save()
    return ImportResult(created=created, updated=updated)


def template(*, format: str) -> bytes:
    """The empty template: the header row and one example row to overwrite."""
    example = [
        "2026",
        "SIV-1",
        "sivistyspalvelut",
        "yes",
        "Perusopetuksen oppilaiden hyvinvointi paranee",
        "",
        "",
        "kaupunkistrategia/valittava-kemi",
        "",
        "",
        "1 200 000",
        "950 000",
        "",
        "",
        "not_assessed",
        "",
    ]
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(COLUMNS)
        writer.writerow(example)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "budget_targets"
    sheet.append(COLUMNS)
    sheet.append(example)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
