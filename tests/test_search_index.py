"""The full-text search engine (core/search) over the register: Norwegian stemming, phrases and
prefixes, ranking, facets and filters, what the public may find, and an index that follows every
write in the write's own transaction. Runs on SQLite (FTS5) and on PostgreSQL (tsvector) alike."""
from datetime import date
from importlib import import_module
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.utils import timezone

from radsmodell.core import links
from radsmodell.core.models import SearchDocument
from radsmodell.core.search import reindex, search
from radsmodell.council import services
from radsmodell.council.models import ActionItem, Body, BodyName, Case, Meeting
from radsmodell.portfolio.models import Initiative


def refs(result, kind="case") -> list[str]:
    return [hit.title for hit in result.hits if hit.kind == kind]


def facet(result, name) -> dict[str, int]:
    group = next((g for g in result.facets if g.name == name), None)
    return {v.value: v.count for v in group.values} if group else {}


@pytest.fixture
def body(db):
    return Body.objects.create(slug="nuit", name="Nasjonalt utvalg for IT-prioritering", short_name="NUIT", level=2)


def meeting(body, day, *, published=True, approved=False) -> Meeting:
    return Meeting.objects.create(
        body=body, date=day, notice_published_at=timezone.now() if published else None,
        minutes_status=Meeting.Minutes.APPROVED if approved else Meeting.Minutes.DRAFT)


def case(at: Meeting, number: int, title: str, **fields) -> Case:
    return Case.objects.create(body=at.body, year=at.date.year, number=number, meeting=at, title=title,
                               type=fields.pop("type", "drofting"), **fields)


@pytest.fixture
def register(body):
    """Two published meetings with approved minutes, and one unpublished meeting."""
    spring = meeting(body, date(2024, 2, 15), approved=True)
    autumn = meeting(body, date(2024, 9, 12), approved=True)
    hidden = meeting(body, date(2025, 3, 6), published=False)
    return {
        "kjernejournal": case(spring, 3, "Kjernejournal for alle", summary="Utvidelse av kjernejournalen.",
                              decision="NUIT tar saken til orientering."),
        "pll": case(spring, 4, "Erfaringer fra utprøving", type="anbefaling",
                    summary="Pasientens legemiddelliste er prøvd ut i Bergen.",
                    decision="NUIT anbefaler innføring av pasientens legemiddelliste."),
        "order": case(autumn, 17, "Fordeling av kostnader", summary="Legemiddelliste for pasientens fastlege.",
                      decision="Saken utsettes til neste møte."),
        "hidden": case(hidden, 5, "Hemmelig kjernejournal", summary="Ikke publisert ennå."),
    }


# --- The query language ---------------------------------------------------------------------

def test_stemming_finds_other_forms_of_the_word(register):
    assert refs(search("kjernejournalen", drafts=False)) == ["Kjernejournal for alle"]
    assert refs(search("KJERNEJOURNAL", drafts=False)) == ["Kjernejournal for alle"]
    assert set(refs(search("legemiddellisten", drafts=False))) == {"Erfaringer fra utprøving",
                                                                    "Fordeling av kostnader"}
    assert refs(search("vedtakene", drafts=False)) == []
    case(Meeting.objects.get(date=date(2024, 9, 12)), 18, "Vedtak om finansiering")
    assert refs(search("vedtakene", drafts=False)) == ["Vedtak om finansiering"]


def test_a_quoted_phrase_needs_the_words_in_a_row(register):
    words = search("pasientens legemiddelliste", drafts=False)
    phrase = search('"pasientens legemiddelliste"', drafts=False)
    assert set(refs(words)) == {"Erfaringer fra utprøving", "Fordeling av kostnader"}
    assert refs(phrase) == ["Erfaringer fra utprøving"]
    assert "<mark>pasientens</mark> <mark>legemiddelliste</mark>" in str(phrase.hits[0].snippet)


def test_a_phrase_never_runs_from_one_field_into_the_next(body):
    held = meeting(body, date(2024, 2, 15), approved=True)
    case(held, 1, "Om pasientens", proposed_decision="Legemiddelliste for alle. Rådet drøfter pasientens",
         summary="Legemiddelliste i kommunene.")
    assert refs(search("pasientens legemiddelliste", drafts=False)) == ["Om pasientens"]
    assert refs(search('"pasientens legemiddelliste"', drafts=False)) == []
    assert refs(search('"drøfter pasientens"', drafts=False)) == ["Om pasientens"]


def test_a_star_searches_by_the_start_of_a_word(register):
    assert set(refs(search("legemid*", drafts=False))) == {"Erfaringer fra utprøving", "Fordeling av kostnader"}
    assert refs(search("kjernejour*", drafts=False)) == ["Kjernejournal for alle"]
    assert refs(search("kjernejournalen*", drafts=False)) == ["Kjernejournal for alle"]  # its stem too
    assert "<mark>legemiddelliste</mark>" in str(search("legemid*", drafts=False).hits[0].snippet)


def test_every_word_must_be_there(register):
    assert refs(search("kjernejournal bergen", drafts=False)) == []
    assert refs(search("bergen legemiddelliste", drafts=False)) == ["Erfaringer fra utprøving"]


@pytest.mark.parametrize("query", ['"', '!!!', "*", '"unbalanced', "(", "AND OR NOT", "'; DROP TABLE x; --", "^"])
def test_a_query_that_cannot_be_read_never_fails(register, query):
    result = search(query, drafts=True)
    assert result.total == len(result.hits)
    if not any(c.isalnum() for c in query):
        assert result.total == 0 and "Fant ingen ord" in result.error


def test_an_empty_query_finds_nothing_and_says_nothing(register):
    result = search("   ", drafts=True)
    assert (result.total, result.hits, result.error) == (0, [], "")


def test_the_snippet_is_escaped_and_marks_the_matched_words(body):
    held = meeting(body, date(2024, 2, 15), approved=True)
    case(held, 1, "Sikkerhet", summary="Et skjema med <script>alert(1)</script> og kjernejournalen & mer.")
    hit = search("kjernejournal", drafts=False).hits[0]
    assert hit.field == "Omtale"
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    assert "<mark>kjernejournalen</mark> &amp; mer." in hit.snippet
    assert hit.meta == "NUIT · Sak 1/24 · Drøfting · 15. februar 2024"
    assert hit.url == "/saker/nuit/2024/1/"


# --- Ranking --------------------------------------------------------------------------------

def test_a_match_in_the_title_ranks_above_one_in_the_text(body):
    older = meeting(body, date(2023, 1, 10), approved=True)
    newer = meeting(body, date(2024, 1, 10), approved=True)
    case(newer, 1, "Prioritering av tiltak", summary="Handler også om helsenett og mye annet i sektoren.")
    case(older, 1, "Helsenett", summary="Om nettet.")
    assert refs(search("helsenett", drafts=False)) == ["Helsenett", "Prioritering av tiltak"]


def test_equal_matches_come_newest_first(body):
    for year in (2021, 2023, 2022):
        case(meeting(body, date(year, 5, 5), approved=True), 1, "Digitalt helsenett", summary="Samme tekst.")
    hits = search("helsenett", drafts=False).hits
    assert [hit.date.year for hit in hits] == [2023, 2022, 2021]
    assert hits[0].score == hits[1].score == hits[2].score


def test_pages_of_hits(body):
    held = meeting(body, date(2024, 2, 15), approved=True)
    for number in range(1, 8):
        case(held, number, f"Sak om helsenett {number}")
    first, second = search("helsenett", drafts=False, limit=5), search("helsenett", drafts=False, limit=5, offset=5)
    assert (first.total, len(first.hits), second.total, len(second.hits)) == (7, 5, 7, 2)
    assert not {h.ref for h in first.hits} & {h.ref for h in second.hits}


# --- Facets and filters ---------------------------------------------------------------------

def test_facets_count_the_whole_match_set(register):
    result = search("legemiddelliste", drafts=False, limit=1)
    assert len(result.hits) == 1 and result.total == 2
    assert facet(result, "kind") == {"case": 2}
    assert facet(result, "body") == {"nuit": 2}
    assert facet(result, "type") == {"anbefaling": 1, "drofting": 1}
    assert facet(result, "outcome") == {"decided": 1, "postponed": 1}
    labels = {v.value: v.label for g in result.facets for v in g.values}
    assert (labels["nuit"], labels["anbefaling"], labels["postponed"], labels["case"]) == (
        "NUIT", "Anbefaling", "Utsatt", "Saker")


def test_filters_combine_and_across_facets_or_within_one(register, body):
    other = Body.objects.create(slug="fagut", name="Fagutvalget", short_name="FAGUT", level=2)
    case(meeting(other, date(2023, 4, 4), approved=True), 2, "Legemiddelliste i FAGUT")
    everything = search("legemiddelliste", drafts=False)
    assert everything.total == 3 and facet(everything, "year") == {"2024": 2, "2023": 1}
    only_fagut = search("legemiddelliste", drafts=False, filters={"body": ["fagut"]})
    assert refs(only_fagut) == ["Legemiddelliste i FAGUT"]
    # A facet's own values are counted as if it were not chosen, so a reader can add another.
    assert facet(only_fagut, "body") == {"nuit": 2, "fagut": 1}
    assert facet(only_fagut, "year") == {"2023": 1}
    assert [v.selected for g in only_fagut.facets if g.name == "body" for v in g.values if v.value == "fagut"] == [True]
    both = search("legemiddelliste", drafts=False, filters={"body": ["fagut", "nuit"], "year": ["2024"]})
    assert set(refs(both)) == {"Erfaringer fra utprøving", "Fordeling av kostnader"}
    narrowed = search("legemiddelliste", drafts=False, filters={"body": ["nuit"], "outcome": ["postponed"]})
    assert refs(narrowed) == ["Fordeling av kostnader"]
    assert search("legemiddelliste", drafts=False, filters={"kind": ["commission"]}).total == 0
    assert search("legemiddelliste", drafts=False, filters={"nonsense": ["x"]}).total == 3  # unknown facet ignored


def test_filters_alone_list_what_they_choose(register):
    result = search("", drafts=False, filters={"outcome": ["noted"]})
    assert refs(result) == ["Kjernejournal for alle"]


# --- Visibility -----------------------------------------------------------------------------

def test_the_public_does_not_find_a_case_of_an_unpublished_meeting(register):
    assert refs(search("hemmelig", drafts=False)) == []
    assert refs(search("hemmelig", drafts=True)) == ["Hemmelig kjernejournal"]
    assert facet(search("kjernejournal", drafts=False), "year") == {"2024": 1}
    assert facet(search("kjernejournal", drafts=True), "year") == {"2024": 1, "2025": 1}


def test_words_only_in_unapproved_minutes_are_for_members_until_approval(body):
    held = meeting(body, date(2024, 2, 15))
    found = case(held, 1, "Prismodell", summary="Om priser.", decision="Vedtatt med merknad om Ålesund.",
                 minutes_text="Diskusjon om tannhelse.")
    services.add_input(found, "Pilotering i Molde bør prioriteres.")
    for word in ("ålesund", "tannhelse", "molde"):
        assert refs(search(word, drafts=False)) == [], word
        assert refs(search(word, drafts=True)) == ["Prismodell"], word
    # The public counts the outcome as pending and sees only the notice's text in the snippet.
    assert facet(search("prismodell", drafts=False), "outcome") == {"pending": 1}
    assert facet(search("prismodell", drafts=True), "outcome") == {"decided": 1}
    assert search("prismodell", drafts=False).hits[0].field == "Omtale"
    held.minutes_status = Meeting.Minutes.APPROVED
    held.save()
    assert refs(search("ålesund", drafts=False)) == ["Prismodell"]
    assert search("ålesund", drafts=False).hits[0].field == "Vedtak"
    assert facet(search("prismodell", drafts=False), "outcome") == {"decided": 1}


def test_action_items_follow_the_minutes(body):
    held = meeting(body, date(2024, 2, 15))
    found = case(held, 1, "Prismodell")
    services.add_action_item(found, "Helsedirektoratet utreder kategoriene.", "Helsedirektoratet")
    assert refs(search("kategoriene", drafts=False), "action_item") == []
    hit = search("kategoriene", drafts=True).hits[0]
    assert (hit.kind, hit.kind_label, hit.field) == ("action_item", "Aksjonspunkter", "Aksjonspunkt")
    held.minutes_status = Meeting.Minutes.APPROVED
    held.save()
    assert refs(search("kategoriene", drafts=False), "action_item") == ["Helsedirektoratet utreder kategoriene."]


# --- The index follows every write ----------------------------------------------------------

def test_the_services_keep_the_index_in_step(body):
    held = services.plan_meeting(body, date(2024, 9, 12))
    found = services.add_case(held, "Ny sak om grunndata", "drofting")
    assert refs(search("grunndata", drafts=True)) == ["Ny sak om grunndata"]
    assert search("grunndata", drafts=False).total == 0  # not published
    services.update_memo(found, summary="Felles kodeverk for helsetjenesten.")
    assert refs(search("kodeverket", drafts=True)) == ["Ny sak om grunndata"]
    dropped = services.add_case(held, "Sak om arkitektur", "orientering")
    assert refs(search("arkitekturen", drafts=True)) == ["Sak om arkitektur"]
    services.remove_agenda_item(dropped.agenda_item)
    assert search("arkitektur", drafts=True).total == 0
    assert not SearchDocument.objects.filter(kind="case", ref=str(dropped.pk)).exists()
    services.publish_notice(held)
    assert refs(search("kodeverket", drafts=False)) == ["Ny sak om grunndata"]
    found = Case.objects.get(pk=found.pk)
    services.record_outcome(found, decision="NUIT tar saken til orientering.")
    assert facet(search("grunndata", drafts=True), "outcome") == {"noted": 1}
    item = services.add_input(found, "Husk tannhelsetjenesten.")
    assert refs(search("tannhelsetjenesten", drafts=True)) == ["Ny sak om grunndata"]
    services.remove_input(item)
    assert search("tannhelsetjenesten", drafts=True).total == 0


def test_a_write_rolled_back_leaves_the_index_as_it_was(register):
    found = register["kjernejournal"]
    with pytest.raises(RuntimeError), transaction.atomic():
        found.summary = "Et helt nytt kvanteord."
        found.save()
        assert refs(search("kvanteord", drafts=True)) == ["Kjernejournal for alle"]  # in the same transaction
        raise RuntimeError
    assert search("kvanteord", drafts=True).total == 0
    assert refs(search("utvidelse", drafts=True)) == ["Kjernejournal for alle"]


def test_deleting_a_meeting_takes_its_cases_out_of_the_index(register):
    Meeting.objects.get(date=date(2025, 3, 6)).delete()
    assert search("hemmelig", drafts=True).total == 0


def test_renaming_a_body_changes_the_line_under_the_title_and_the_facet(register, body):
    body.short_name = "NUITT"
    body.save()
    result = search("kjernejournalen", drafts=False)
    assert result.hits[0].meta.startswith("NUITT · Sak 3/24")
    assert [v.label for g in result.facets if g.name == "body" for v in g.values] == ["NUITT"]  # labels kept …
    BodyName.objects.create(body=body, name="Nasjonalt porteføljeråd", short_name="NPR", valid_from=date(2020, 1, 1))
    result = search("kjernejournalen", drafts=False)
    assert result.hits[0].meta.startswith("NPR · Sak 3/24")
    assert [v.label for g in result.facets if g.name == "body" for v in g.values] == ["NPR"]  # … and forgotten


def test_reindex_command_rebuilds_the_index(register):
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "Saker: 4" in out.getvalue() and "Søkeindeksen er bygget på nytt" in out.getvalue()
    assert refs(search("kjernejournalen", drafts=False)) == ["Kjernejournal for alle"]


# --- The demo data --------------------------------------------------------------------------

def test_the_seed_cases_are_searchable(demo):
    hits = search("tannhelsetjenesten", drafts=False, filters={"kind": ["case"]}).hits
    assert any(hit.meta.startswith("NUIT · Sak 22/24") for hit in hits)
    found = search("forvaltning nasjonale e-helseløsninger", drafts=False, filters={"kind": ["case"]})
    assert any("Sak 17/24" in hit.meta for hit in found.hits)
    kinds = facet(search("legemiddelliste", drafts=False), "kind")
    assert kinds.get("case") and kinds.get("initiative")


def test_the_index_built_while_loading_equals_a_rebuilt_one(demo):
    def snapshot():
        return {(d.kind, d.ref): (d.title, d.url, d.date, d.meta, d.public, d.fields, d.facet_keys,
                                  d.public_facet_keys) for d in SearchDocument.objects.all()}

    loaded = snapshot()
    assert len(loaded) == Case.objects.count() + ActionItem.objects.count() + Initiative.objects.count() + \
        len([k for k in loaded if k[0] == "commission"])
    reindex()
    assert snapshot() == loaded


def test_an_upgrade_writes_the_index_anew_in_the_new_form(demo):
    """Core migration 0008 empties the index; the handler after `migrate` builds it again."""
    def snapshot():
        return {(d.kind, d.ref): (d.title, d.fields, d.facet_keys) for d in SearchDocument.objects.all()}

    before = snapshot()
    migration = import_module("radsmodell.core.migrations.0008_search_index_anew")
    migration.empty_the_index(django_apps, SimpleNamespace(connection=connection,
                                                           execute=lambda sql: connection.cursor().execute(sql)))
    assert SearchDocument.objects.count() == 0 and search("tannhelsetjenesten", drafts=False).total == 0
    post_migrate.send(sender=django_apps.get_app_config("core"), app_config=django_apps.get_app_config("core"),
                      verbosity=0, interactive=False, using="default", apps=django_apps, plan=[])
    assert snapshot() == before
    assert search("tannhelsetjenesten", drafts=False).total >= 1


def test_a_link_to_an_initiative_is_a_facet_of_the_case(demo):
    pll = Initiative.objects.get(slug="pll")
    linked = search("", drafts=False, filters={"initiative": [str(pll.pk)], "kind": ["case"]}, limit=100)
    assert linked.total >= 1
    unlinked = Case.objects.filter(meeting__notice_published_at__isnull=False).exclude(
        pk__in=[int(hit.ref) for hit in linked.hits]).select_related("body").first()
    links.add_link(f"case:{unlinked.key}", "initiative:pll", source="test")
    relinked = search("", drafts=False, filters={"initiative": [str(pll.pk)], "kind": ["case"]}, limit=100)
    assert relinked.total == linked.total + 1 and str(unlinked.pk) in [hit.ref for hit in relinked.hits]
    group = next(g for g in relinked.facets if g.name == "initiative")
    assert [v.label for v in group.values if v.value == str(pll.pk)] == ["PLL"]


@pytest.mark.django_db
def test_loading_the_demo_leaves_a_correct_index():
    call_command("loaddemo", stdout=StringIO())
    assert SearchDocument.objects.filter(kind="case").count() == Case.objects.count()
    assert search("tannhelsetjenesten", drafts=False).total >= 1
