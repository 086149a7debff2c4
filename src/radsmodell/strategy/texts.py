"""The words the pages use for the indicator rules (marked for translation; the engine only marks its
messages)."""
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .engine import PeriodError, Status

STATUS_NAMES = {Status.ON_TRACK: _("På rett vei"), Status.BEHIND: _("Bak planen"),
                Status.UNCLEAR_AMBITION: _("Kan ikke vurderes (uklar ambisjon)"),
                Status.NO_AMBITION: _("Uten ambisjon"), Status.NOT_MEASURABLE: _("Ikke målbar ennå")}

RULE = _("En indikator er på rett vei når siste verdi er minst like god som den rette linjen fra utgangspunktet "
         "til ambisjonen tilsier for samme tidspunkt. Utgangspunktet er det oppgitte utgangspunktet, ellers første "
         "måling; ambisjonen er den nærmeste delambisjonen som ikke er passert, ellers ambisjonen for 2030. En "
         "ambisjon som ikke sier hvilket område den gjelder, for en indikator som måles i flere områder, kan ikke "
         "knyttes til én serie: indikatoren kan da ikke vurderes (uklar ambisjon). Uten ambisjon vurderes ikke "
         "indikatoren; uten målinger er den ikke målbar ennå. Regelen er Rådsmodells egen metode; kildene "
         "fastsetter ingen slik regel.")

UNCLEAR_AMBITION = _("Ambisjonen sier ikke hvilket område den gjelder, og indikatoren måles i flere områder. "
                     "Derfor kan det ikke avgjøres om utviklingen er på rett vei.")

DIFFERENCE_NAMES = {"ny": _("Ny aktivitet"), "fjernet": _("Fjernet"), "omdøpt": _("Nytt navn"),
                    "omgruppert": _("Omgruppert"), "status": _("Ny status"), "ansvarlig": _("Ny ansvarlig"),
                    "horisont": _("Ny horisont")}


def period_error(error: PeriodError) -> str:
    """The engine's message about a period, in the user's language."""
    return gettext(error.message) % error.params


def status_summary(counts: dict[str, int]) -> str:
    """"0 på rett vei, 0 bak planen, 1 kan ikke vurderes (uklar ambisjon), …": every status, in order."""
    return ", ".join(f"{counts.get(status.value, 0)} {str(name)[:1].lower()}{str(name)[1:]}"
                     for status, name in STATUS_NAMES.items())


# The overall colour of an initiative's latest accepted status report, named (never colour alone).
RAG_NAMES = {"red": _("rød"), "amber": _("gul"), "green": _("grønn"), "": _("uten status")}


def initiative_summary(counts: dict[str, int]) -> str:
    """"Tiltak: 1 rød, 2 gul, 3 grønn, 1 uten status" (each colour, in that order), or "Tiltak: ingen"."""
    if not sum(counts.values()):
        return gettext("Tiltak: ingen")
    return gettext("Tiltak: %(counts)s") % {
        "counts": ", ".join(f"{counts.get(key, 0)} {name}" for key, name in RAG_NAMES.items())}
