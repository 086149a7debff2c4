"""The invoice basis of an allocation: for each paying organisation what Norsk helsenett needs to
invoice it (the solution, the price model and its legal basis, the category and why, the yearly,
first-month and monthly amounts), as a document and as EHF (PEPPOL BIS Billing 3.0) XML.

Reads only. The amounts are the stored lines of the run, never recomputed; the price model and
the register of paying organisations say why. Invoice number, dates and VAT belong to the
finance system: the XML is a basis with a placeholder number, and says so.
"""
import io
import zipfile
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone, translation

from radsmodell.core.formatting import kroner, long_date, number
from radsmodell.core.provenance import cite
from radsmodell.documents.registry import SubjectNotFound

from .builtin import BUILTIN_MODELS
from .engine import CATEGORIES, FTES, KEY_KINDS, KINDS, LOCATIONS, POPULATION, SEGMENT_LABELS, ModelError, SegmentRule
from .engine.allocate import MONTHS
from .engine.money import format_nok
from .models import Allocation, AllocationLine, PayingOrganisation, PaymentGate
from .templatetags.costs_format import share as share_as_percent

SELLER_NAME = "Norsk helsenett SF"
SELLER_ORGNR = "994598759"
# What the duty to pay rests on, quoted from case 18/24's cover memo.
LEGAL_BASIS = ("«Pasientjournalloven § 8 fjerde ledd gir hjemmel for å gi forskrifter om betaling av bruk av "
               "helsenettet og andre nasjonale e-helseløsninger. Forskrift om standarder og nasjonale "
               "e-helseløsninger oppdateres årlig med fordeling av drift- og forvaltningskostnader i sektor»")
LEGAL_BASIS_SOURCE = "seed 000, sak 18/24 (toppnotat)"
PLACEHOLDER_NOTE = ("Dette er et fakturagrunnlag, ikke en faktura: fakturanummer, fakturadato, forfallsdato og "
                    "merverdiavgift settes i økonomisystemet. EHF-filen bruker referansen {id} som plassholder "
                    "for fakturanummeret.")


def invoiced_lines(allocation: Allocation) -> QuerySet[AllocationLine]:
    """The lines that become invoices, in the allocation page's order: organisations the model
    does not charge, or whose share rounds to nothing, get none."""
    return allocation.lines.filter(charged=True, yearly_ore__gt=0).order_by("segment", "name")


def invoiced_line(allocation: Allocation, org_number: str) -> AllocationLine | None:
    return invoiced_lines(allocation).filter(org_number=org_number).first()


def ehf_id(allocation: Allocation, org_number: str) -> str:
    """The placeholder invoice number of an organisation's basis."""
    return f"FG-{allocation.pk}-{org_number}"


@dataclass(frozen=True)
class OrganisationInvoice:
    """The subject of one organisation's invoice basis."""
    allocation: Allocation
    line: AllocationLine


@dataclass(frozen=True)
class Basis:
    """What is the same for every organisation of an allocation."""
    allocation: Allocation
    solution: str
    rules: dict[str, SegmentRule]  # segment → the rule of the step the run used; empty if the model is gone
    shares: dict[str, str]  # segment → its share as the run stored it ("1/3")
    gates: tuple[str, ...]
    register: dict[str, PayingOrganisation]
    register_changed: bool


def basis_solution(allocation: Allocation) -> str:
    """The solution(s) the allocation prices, as the price model names them ("Helsenettet, inkl. HelseID")."""
    model = BUILTIN_MODELS.get(allocation.model_slug)
    return model.solution if model else (allocation.solution.name if allocation.solution else allocation.model_name)


def basis(allocation: Allocation) -> Basis:
    model = BUILTIN_MODELS.get(allocation.model_slug)
    rules = {}
    if model is not None:
        try:
            step = model.period_for(allocation.year).step_for(allocation.legal_basis_private)
            rules = {rule.segment: rule for rule in step.segments}
        except ModelError:
            pass  # the model no longer covers the year: the lines still stand, without the model's reasons
    gates = PaymentGate.objects.filter(solution=allocation.solution) if allocation.solution_id else []
    register = PayingOrganisation.objects.filter(year=allocation.year)
    return Basis(
        allocation=allocation, solution=basis_solution(allocation), rules=rules,
        shares={s["segment"]: s["share"] for s in allocation.segments},
        gates=tuple(_gate_text(gate) for gate in gates),
        register={org.org_number: org for org in register},
        # The register's facts explain the category only as they stood when the run was made.
        register_changed=PayingOrganisation.history.filter(
            year=allocation.year, history_date__gt=allocation.created_at).exists())


def _gate_text(gate: PaymentGate) -> str:
    text = f"{gate.service}: {gate.get_legal_status_display()}"
    if gate.legal_decided_on:
        text += f" ({', '.join(filter(None, [gate.legal_decided_by, long_date(gate.legal_decided_on)]))})"
    if gate.approved_on:
        text += f"; tilstrekkelig utprøving godkjent {long_date(gate.approved_on)}"
        text += f" av {gate.approved_by}" if gate.approved_by else ""
        text += f", for {gate.target_groups}" if gate.target_groups else ""
    else:
        text += "; tilstrekkelig utprøving er ikke godkjent"
    return text


def _source(text: str, assumption: bool) -> str:
    return f"antatt: {text}" if assumption else f"kilde: {cite(text)}"


def category_and_reason(basis: Basis, line: AllocationLine) -> tuple[str, str]:
    """(category, why): the category in the price model's words and how the segment's part is split."""
    rule = basis.rules.get(line.segment)
    segment = SEGMENT_LABELS.get(line.segment, line.segment)
    share = basis.shares.get(line.segment)
    paid = f"{segment} betaler {share_as_percent(share)} av kostnadsgrunnlaget" if share else segment
    if rule is None:
        return line.category or "–", paid + "."
    key = rule.key
    why = f"{paid}, fordelt {KEY_KINDS.get(key.kind, key.kind)} ({_source(key.source, key.assumption)})."
    if not line.category:
        return "–", why
    label = _category_label(rule, line.category)
    return (f"{line.category}: {label}" if label else line.category), why


def _category_label(rule: SegmentRule, code: str) -> str:
    key = rule.key
    found = key.category(code)
    if found is not None:
        weight = found.weight
        return f"{found.label}, vekt {weight.value} ({_source(weight.source, weight.assumption)})"
    for special in (key.chain, key.other_industry):
        if special is not None and special.code == code:
            return special.label
    return ""


def register_facts(basis: Basis, line: AllocationLine) -> str:
    """What the register says about the organisation that the segment's key uses."""
    org = basis.register.get(line.org_number)
    rule = basis.rules.get(line.segment)
    if org is None or rule is None:
        return ""
    kind = rule.key.kind
    facts = []
    if kind == POPULATION and org.population is not None:
        facts.append(f"{number(org.population)} innbyggere")
    if kind == FTES and org.ftes is not None:
        facts.append(f"{number(org.ftes, 2)} årsverk")
    if kind in (LOCATIONS, CATEGORIES):
        facts.append(f"{number(org.locations)} {'lokasjon' if org.locations == 1 else 'lokasjoner'}")
    if kind == CATEGORIES:
        if org.keeps_accounts is not None:
            facts.append("regnskapspliktig" if org.keeps_accounts else "ikke regnskapspliktig")
        if org.turnover_nok is not None:
            facts.append(f"omsetning {number(org.turnover_nok)} kr")
        if org.chain:
            facts.append(f"kjede: {org.chain}")
        if org.nace:
            facts.append(f"næringskode {org.nace}")
    return "; ".join(facts)


def organisation_entry(basis: Basis, line: AllocationLine) -> dict:
    """One organisation's invoice basis as the document shows it, every value formatted."""
    allocation = basis.allocation
    model = BUILTIN_MODELS.get(allocation.model_slug)
    category, why = category_and_reason(basis, line)
    facts = register_facts(basis, line)
    if facts and basis.register_changed:
        facts += " (registeret er endret etter at fordelingen ble kjørt)"
    step = allocation.step + (" (med rettslig grunnlag for å fakturere private)"
                              if allocation.legal_basis_private else "")
    rows = (
        ("Virksomhet", line.name), ("Organisasjonsnummer", line.org_number), ("Type", KINDS.get(line.kind, line.kind)),
        ("Segment", SEGMENT_LABELS.get(line.segment, line.segment)),
        ("Løsning", basis.solution),
        ("Prismodell", f"{allocation.model_name} ({allocation.model_slug}), {allocation.year}"),
        ("Prismodellens kilde", cite(model.source) if model else ""),
        ("Hjemmel", f"{LEGAL_BASIS} ({cite(LEGAL_BASIS_SOURCE)})"),
        ("Trinn", step),
        ("Plikt til betaling", "; ".join(basis.gates)),
        ("Kategori", category), ("Hvorfor", why),
        (f"I registeret {allocation.year}", facts),
    )
    return {
        "org_number": line.org_number, "name": line.name,
        "rows": [{"label": label, "value": value} for label, value in rows if value],
        "yearly": kroner(line.yearly_ore), "first_month": kroner(line.first_month_ore),
        "monthly": kroner(line.monthly_ore),
        "months_total": kroner(line.first_month_ore + (MONTHS - 1) * line.monthly_ore),
        "ehf_id": ehf_id(allocation, line.org_number),
    }


def _header(allocation: Allocation, basis: Basis, lines: list[AllocationLine]) -> list[dict]:
    total = sum(line.yearly_ore for line in lines)
    return [{"label": label, "value": value} for label, value in (
        ("Prismodell", f"{allocation.model_name} ({allocation.model_slug})"), ("År", str(allocation.year)),
        ("Løsning", basis.solution), ("Kostnadsgrunnlag", kroner(allocation.cost_ore)),
        ("Virksomheter som faktureres", number(len(lines))), ("Sum fakturagrunnlag", kroner(total)),
        ("Kjørt", long_date(allocation.created_at.date())), ("Betegnelse", allocation.label),
        ("Fakturautsteder", f"{SELLER_NAME}, organisasjonsnummer {SELLER_ORGNR}")) if value]


def _stem(allocation: Allocation) -> str:
    return f"fakturagrunnlag-{allocation.pk}-{allocation.model_slug}-{allocation.year}"


@translation.override("nb")
def invoice_basis_context(allocation: Allocation, user=None) -> dict:
    """Every paying organisation of the allocation, one after another (each on its own page in the PDF)."""
    found = basis(allocation)
    lines = list(invoiced_lines(allocation))
    total = sum(line.yearly_ore for line in lines)
    return {
        "document": "invoice_basis",
        "file_stem": _stem(allocation),
        "doc_title": f"Fakturagrunnlag – {allocation}",
        "running_header": f"Fakturagrunnlag – {allocation.model_name}, {allocation.year}",
        "doc_author": SELLER_NAME,
        "heading": f"Fakturagrunnlag: {allocation.model_name}, {allocation.year}",
        "header": _header(allocation, found, lines),
        "summary": [{"org_number": line.org_number, "name": line.name, "category": line.category or "–",
                     "yearly": kroner(line.yearly_ore)} for line in lines],
        "total": kroner(total),
        "balanced": total == allocation.cost_ore,
        "notes": allocation.notes,
        "placeholder": PLACEHOLDER_NOTE.format(id=ehf_id(allocation, "<organisasjonsnummer>")),
        "invoices": [organisation_entry(found, line) for line in lines],
    }


@translation.override("nb")
def organisation_invoice_context(subject: OrganisationInvoice, user=None) -> dict:
    """One organisation's invoice basis."""
    allocation, line = subject.allocation, subject.line
    found = basis(allocation)
    return {
        "document": "invoice_basis_organisation",
        "file_stem": f"{_stem(allocation)}-{line.org_number}",
        "doc_title": f"Fakturagrunnlag – {line.name} – {allocation}",
        "running_header": f"Fakturagrunnlag – {line.name}, {allocation.model_name}, {allocation.year}",
        "doc_author": SELLER_NAME,
        "heading": f"Fakturagrunnlag: {line.name}",
        "header": [{"label": label, "value": value} for label, value in (
            ("Fordeling", str(allocation)), ("Kjørt", long_date(allocation.created_at.date())),
            ("Fakturautsteder", f"{SELLER_NAME}, organisasjonsnummer {SELLER_ORGNR}"))],
        "notes": allocation.notes,
        "placeholder": PLACEHOLDER_NOTE.format(id=ehf_id(allocation, line.org_number)),
        "invoices": [organisation_entry(found, line)],
    }


def find_organisation_invoice(key: str) -> OrganisationInvoice:
    """The console's «3/974705788»: the allocation's number and the organisation's."""
    number_, _slash, org_number = key.strip().partition("/")
    allocation = Allocation.objects.filter(pk=int(number_)).first() if number_.isdigit() else None
    if allocation is None or not org_number:
        raise SubjectNotFound(f"«{key}» er ikke en fordeling og en virksomhet: skriv fordelingens nummer og "
                              f"organisasjonsnummeret, for eksempel 3/974705788.")
    line = invoiced_line(allocation, org_number.strip())
    if line is None:
        raise SubjectNotFound(f"virksomheten «{org_number}» faktureres ikke i fordeling {allocation.pk}.")
    return OrganisationInvoice(allocation, line)


# --- EHF (PEPPOL BIS Billing 3.0) -----------------------------------------------------------

UBL = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
ORGNR_SCHEME = "0192"  # Norwegian organisation numbers (Enhetsregisteret) in PEPPOL
CURRENCY = "NOK"
MONTH_UNIT = "MON"  # UN/ECE recommendation 20: month
# VAT is the finance system's to set; the basis says it is not assessed (category O: not subject to VAT here).
VAT_CATEGORY = "O"
VAT_NOT_ASSESSED = "Merverdiavgift er ikke vurdert i fakturagrunnlaget; den settes i økonomisystemet."


def ehf_invoice(allocation: Allocation, line: AllocationLine, issued: date | None = None) -> bytes:
    """One organisation's invoice basis as a UBL 2.1 invoice: the first month and the eleven
    other months as two lines, which add up to the yearly amount to the øre."""
    from lxml import etree  # python-docx's XML library; loaded only when EHF is asked for

    def add(parent, tag: str, text=None, **attributes):
        namespace, name = tag.split(":")
        element = etree.SubElement(parent, f"{{{CBC if namespace == 'cbc' else CAC}}}{name}", **attributes)
        if text is not None:
            element.text = str(text)
        return element

    def amount(parent, tag: str, ore: int):
        return add(parent, tag, format_nok(ore), currencyID=CURRENCY)

    def party(parent, tag: str, org_number: str, name: str):
        found = add(add(parent, tag), "cac:Party")
        add(found, "cbc:EndpointID", org_number, schemeID=ORGNR_SCHEME)
        add(add(found, "cac:PartyIdentification"), "cbc:ID", org_number, schemeID=ORGNR_SCHEME)
        add(add(found, "cac:PartyName"), "cbc:Name", name)
        add(add(add(found, "cac:PostalAddress"), "cac:Country"), "cbc:IdentificationCode", "NO")
        entity = add(found, "cac:PartyLegalEntity")
        add(entity, "cbc:RegistrationName", name)
        add(entity, "cbc:CompanyID", org_number, schemeID=ORGNR_SCHEME)

    def tax_category(parent, tag: str):
        category = add(parent, tag)
        add(category, "cbc:ID", VAT_CATEGORY)
        if tag == "cac:TaxCategory":
            add(category, "cbc:TaxExemptionReason", VAT_NOT_ASSESSED)
        add(add(category, "cac:TaxScheme"), "cbc:ID", "VAT")

    solution = basis_solution(allocation)
    year = allocation.year
    lines = [(1, line.first_month_ore, f"{solution}: første måned {year}")]
    if line.monthly_ore:
        lines.append((MONTHS - 1, line.monthly_ore, f"{solution}: øvrige måneder {year}, per måned"))

    root = etree.Element(f"{{{UBL}}}Invoice", nsmap={None: UBL, "cac": CAC, "cbc": CBC})
    add(root, "cbc:CustomizationID", CUSTOMIZATION_ID)
    add(root, "cbc:ProfileID", PROFILE_ID)
    add(root, "cbc:ID", ehf_id(allocation, line.org_number))
    add(root, "cbc:IssueDate", (issued or timezone.localdate()).isoformat())
    add(root, "cbc:InvoiceTypeCode", "380")
    add(root, "cbc:Note", PLACEHOLDER_NOTE.format(id=ehf_id(allocation, line.org_number)))
    add(root, "cbc:DocumentCurrencyCode", CURRENCY)
    add(root, "cbc:BuyerReference", f"{allocation.model_name} {year}")
    period = add(root, "cac:InvoicePeriod")
    add(period, "cbc:StartDate", f"{year}-01-01")
    add(period, "cbc:EndDate", f"{year}-12-31")
    party(root, "cac:AccountingSupplierParty", SELLER_ORGNR, SELLER_NAME)
    party(root, "cac:AccountingCustomerParty", line.org_number, line.name)
    taxes = add(root, "cac:TaxTotal")
    amount(taxes, "cbc:TaxAmount", 0)
    subtotal = add(taxes, "cac:TaxSubtotal")
    amount(subtotal, "cbc:TaxableAmount", line.yearly_ore)
    amount(subtotal, "cbc:TaxAmount", 0)
    tax_category(subtotal, "cac:TaxCategory")
    totals = add(root, "cac:LegalMonetaryTotal")
    for tag in ("cbc:LineExtensionAmount", "cbc:TaxExclusiveAmount", "cbc:TaxInclusiveAmount", "cbc:PayableAmount"):
        amount(totals, tag, line.yearly_ore)
    for number_, (quantity, price_ore, name) in enumerate(lines, start=1):
        invoice_line = add(root, "cac:InvoiceLine")
        add(invoice_line, "cbc:ID", number_)
        add(invoice_line, "cbc:InvoicedQuantity", quantity, unitCode=MONTH_UNIT)
        amount(invoice_line, "cbc:LineExtensionAmount", quantity * price_ore)
        item = add(invoice_line, "cac:Item")
        add(item, "cbc:Name", name)
        tax_category(item, "cac:ClassifiedTaxCategory")
        amount(add(invoice_line, "cac:Price"), "cbc:PriceAmount", price_ore)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def ehf_zip(allocation: Allocation, issued: date | None = None) -> bytes:
    """One EHF file per paying organisation, as PEPPOL sends one invoice per document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for line in invoiced_lines(allocation):
            archive.writestr(f"{ehf_id(allocation, line.org_number)}.xml", ehf_invoice(allocation, line, issued))
    return out.getvalue()
