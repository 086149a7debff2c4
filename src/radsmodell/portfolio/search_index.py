"""What the portfolio gives the search index (core/search): the initiatives, public as the overview
shows them, and the facets "initiative" and "national solution" that cases linked to them share."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from radsmodell.core import links, search

from .models import Initiative, Mention, NationalSolution

CHUNK = 500


def initiative_documents(initiatives):
    initiatives = initiatives.prefetch_related("national_solutions", "mentions")
    for initiative in initiatives.iterator(chunk_size=CHUNK):
        ref = str(initiative.pk)
        solutions = {str(s.pk) for s in initiative.national_solutions.all()}
        solutions.update(other for _ref, other in links.pairs_between("initiative", [ref], "solution"))
        fields = [
            search.DocField(_("Beskrivelse"), initiative.description, True),
            search.DocField(_("Tiltakseier"), initiative.owner, True),
            search.DocField(_("Investering"), initiative.investment, True),
            search.DocField(_("Omtalt i kildene"), "\n".join(m.text for m in initiative.mentions.all()), True),
            search.DocField(_("Kortnavn"), initiative.short_name, True),
        ]
        meta = []
        if initiative.short_name:
            meta.append(initiative.short_name)
        if initiative.owner:
            meta.append(initiative.owner)
        yield search.Document(
            kind="initiative", ref=ref, title=initiative.name, url=initiative.get_absolute_url(), date=None,
            public=True, fields=[f for f in fields if f.text.strip()],
            facets={"initiative": [ref], "solution": sorted(solutions)}, meta=" · ".join(meta))


def _names(model):
    def labels(values: list[str]) -> dict[str, str]:
        rows = model.objects.filter(pk__in=links.pks(values)).only("pk", "name", "short_name")
        return {str(row.pk): row.short_name or row.name for row in rows}
    return labels


search.register_kind(search.SearchKind("initiative", pgettext_lazy("koblinger", "Tiltak"), 40, Initiative,
                                       initiative_documents, Initiative.objects.all))
search.register_facet(search.Facet("initiative", pgettext_lazy("koblinger", "Tiltak"), 50, _names(Initiative)))
search.register_facet(search.Facet("solution", gettext_lazy("Nasjonal e-helseløsning"), 60,
                                   _names(NationalSolution)))

search.follow(Initiative, lambda initiative: {"initiative": [initiative.pk]}, uid="portfolio-initiative")
search.follow(Mention, lambda mention: {"initiative": [mention.initiative_id]}, uid="portfolio-mention")
search.follow_m2m(Initiative.national_solutions.through,
                  lambda instance, pk_set: {"initiative": [instance.pk] if isinstance(instance, Initiative)
                                            else pk_set or instance.initiatives.values_list("pk", flat=True)},
                  uid="portfolio-initiative-solutions")
