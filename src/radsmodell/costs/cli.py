"""`radsmodell allocate`: a solution's yearly cost divided between organisations, as CSV or JSON.

    radsmodell allocate --model helsenettet-2025 --year 2025 --cost 120000000 \
        --organisations organisations.csv --format csv [--legal-basis-private]

One line per organisation (in the file's order) with the columns of the allocation page's
machine download and of the API (lines.LINE_COLUMNS): org_number, name, segment and
segment_label, kind, category ("" where the key has none), charged, amount_nok (the yearly
amount, two decimals), and the first and regular monthly amounts. The amounts add up exactly to
--cost. Organisations the model does not charge in this step get 0.00.

`run_allocate` does the work and returns (stdout, stderr, exit code) so the management
command, tests and other callers share it. Exit codes: 0 done, 1 a bad organisations file
or a cost that cannot be allocated, 2 a bad argument. The organisations file is read by the
importer (organisations.py, through core.tabular), and the messages are translatable, so this
runs with Django's settings loaded, as the `radsmodell` command does.
"""
import json
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from radsmodell.core.exports import machine_csv
from radsmodell.core.tabular import shown_note

from .builtin import BUILTIN_MODELS
from .engine import (
    AllocationError,
    AmountError,
    ModelError,
    OrganisationDataError,
    allocate,
    format_nok,
    nok_to_ore,
)
from .lines import line_record, lines_table
from .organisations import OrganisationsFileError, read_organisations

FORMATS = ("csv", "json")


def run_allocate(model_name: str, year, cost_nok: str, organisations_path, fmt: str = "csv",
                 legal_basis_private: bool = False) -> tuple[str, str, int]:
    if model_name not in BUILTIN_MODELS:
        return "", _("--model: ukjent modell «%(model)s»; kjente modeller er %(known)s") % {
            "model": model_name, "known": ", ".join(BUILTIN_MODELS)} + "\n", 2
    model = BUILTIN_MODELS[model_name]
    try:
        year = int(year)
    except (TypeError, ValueError):
        return "", _("--year: «%(year)s» er ikke et årstall") % {"year": year} + "\n", 2
    try:
        cost_ore = nok_to_ore(str(cost_nok))
    except AmountError as error:
        return "", f"--cost: {error}\n", 2
    if cost_ore < 0:
        return "", _("--cost: kostnaden kan ikke være negativ (%(cost)s)") % {"cost": cost_nok} + "\n", 2
    if fmt not in FORMATS:
        return "", _("--format: ukjent format «%(format)s»; kjente formater er %(known)s") % {
            "format": fmt, "known": ", ".join(FORMATS)} + "\n", 2
    path = Path(organisations_path)
    if not path.is_file():
        return "", _("--organisations: kan ikke lese %(path)s: filen finnes ikke") % {
            "path": organisations_path} + "\n", 2

    try:
        organisations = read_organisations(path)
    except OrganisationsFileError as error:
        note = shown_note(error.errors)  # the first hundred problems, and how many there are
        return "", "".join(f"{path.name}: {e}\n" for e in error.errors) + (f"{note}\n" if note else ""), 1
    except OSError as error:
        return "", _("--organisations: kan ikke lese %(path)s: %(reason)s") % {
            "path": organisations_path, "reason": error.strerror} + "\n", 2
    try:
        allocation = allocate(model, year, cost_ore, organisations, legal_basis_private=legal_basis_private)
    except (AllocationError, ModelError, OrganisationDataError) as error:
        return "", f"{path.name}: {error}\n", 1

    notes = "".join(_("merknad: %(note)s") % {"note": note} + "\n" for note in allocation.notes)
    lines = allocation.lines()
    if fmt == "csv":
        return machine_csv(lines_table(lines)).decode("utf-8"), notes, 0
    document = {
        "model": model.slug,
        "solution": model.solution,
        "year": year,
        "step": allocation.step.label,
        "legal_basis_private": legal_basis_private,
        "cost_nok": format_nok(allocation.cost_ore),
        "segments": [{"segment": s.segment, "share": str(s.share), "key": s.key, "organisations": s.organisations,
                      "amount_nok": format_nok(s.amount_ore)} for s in allocation.segments],
        # The columns of every other channel; amounts as exact text ("1633.25"), as before.
        "lines": [{key: f"{value:f}" if isinstance(value, Decimal) else value
                   for key, value in line_record(line).items()} for line in lines],
        "notes": list(allocation.notes),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n", notes, 0
