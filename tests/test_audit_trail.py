"""Everything audited: every service function that writes leaves a history row naming who, when and
what; the API names a key's user, the console the account in RADSMODELL_USER.

The walk finds the functions itself (every public function of the modules in WALKED). Each one is
either a write with an entry in WRITES (how to call it on the demo data, and the row it must leave),
or in READS or UNRECORDED with the reason. A new function in none of them fails the walk by name.
"""
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from radsmodell.core import history

WALKED = (
    "radsmodell.council.services", "radsmodell.portfolio.services", "radsmodell.priority.services",
    "radsmodell.strategy.services", "radsmodell.strategy.importing", "radsmodell.costs.services",
    "radsmodell.costs.gate_services", "radsmodell.core.users", "radsmodell.core.links", "radsmodell.core.tokens",
    "radsmodell.council.notice_mail", "radsmodell.council.attendance", "radsmodell.council.action_items",
    "radsmodell.council.commission_services", "radsmodell.council.reminders", "radsmodell.council.addresses",
    "radsmodell.council.importing.apply",
)

NO_WRITE = "reads only"
CHECK = "checks and refuses; writes nothing"
READS = {
    "council.services.approving_cases": NO_WRITE, "council.services.minutes_gaps": NO_WRITE,
    "council.services.notice_changes": NO_WRITE, "council.services.proposed_approving_case": NO_WRITE,
    "council.services.validate_attachment": CHECK, "council.services.ensure_agenda_open": CHECK,
    "council.services.ensure_attendance_open": CHECK, "council.services.ensure_case_open": CHECK,
    "council.services.ensure_minutes_not_approved": CHECK, "council.services.ensure_minutes_open": CHECK,
    "council.services.ensure_outcome_open": CHECK,
    "portfolio.services.can_report": NO_WRITE, "portfolio.services.ensure_round_open": CHECK,
    "portfolio.services.initiatives_to_report": NO_WRITE, "portfolio.services.owners_of": NO_WRITE,
    "portfolio.services.report_overview": NO_WRITE,
    "priority.services.ensure_session_open": CHECK, "priority.services.field_name": "names a form field",
    "strategy.services.ambitions_for": NO_WRITE, "strategy.services.main_measure": NO_WRITE,
    "strategy.services.parse_interim_ambitions": "parses text", "strategy.services.series_values": NO_WRITE,
    "strategy.importing.parse_observations": "parses and checks a file; import_observations saves it",
    "costs.services.cost_base": NO_WRITE, "costs.services.cost_for": NO_WRITE,
    "costs.services.gate_warnings": NO_WRITE, "costs.services.price_model": NO_WRITE,
    "costs.services.read_organisation_file": "parses a file; replace_register saves it",
    "costs.services.register": NO_WRITE, "costs.services.run": "allocates without storing (scenarios)",
    "costs.services.solution_of": NO_WRITE,
    "costs.gate_services.facts": NO_WRITE, "costs.gate_services.listed": NO_WRITE,
    "core.links.as_api": NO_WRITE, "core.links.describe": NO_WRITE, "core.links.find_by_slug": NO_WRITE,
    "core.links.grouped": NO_WRITE, "core.links.kind_of": NO_WRITE, "core.links.kinds": NO_WRITE,
    "core.links.links_of": NO_WRITE, "core.links.links_of_object": NO_WRITE, "core.links.links_to": NO_WRITE,
    "core.links.pairs_between": NO_WRITE, "core.links.pairs_for": NO_WRITE, "core.links.parse": NO_WRITE,
    "core.links.pks": NO_WRITE, "core.links.register_kind": "fills an in-memory registry at start-up",
    "core.tokens.bearer_key": NO_WRITE, "core.tokens.digest": NO_WRITE,
    "core.tokens.tokens": "the secretariat's page: its write is create_token, walked here",
    "core.tokens.token_revoke": "the secretariat's page: its write is revoke_token, walked here",
    "priority.services.rater_name": "names a rater after the account",
    "council.notice_mail.about": NO_WRITE, "council.notice_mail.body_text": "words a message",
    "council.notice_mail.build_message": "builds a message; the senders below store it",
    "council.notice_mail.details_before": NO_WRITE, "council.notice_mail.mail_log": NO_WRITE,
    "council.notice_mail.notice_pdf": "renders the notice PDF", "council.notice_mail.parse_addresses": "parses text",
    "council.notice_mail.recipients": NO_WRITE, "council.notice_mail.subject": "words a message",
    "council.attendance.conflict_candidates": NO_WRITE, "council.attendance.conflict_line": "words the minutes",
    "council.attendance.conflicts_by_case": NO_WRITE, "council.attendance.ensure_attendance_open": CHECK,
    "council.attendance.ensure_conflicts_open": CHECK, "council.attendance.guest_field": "names a form field",
    "council.attendance.guest_line": "words the minutes", "council.attendance.guest_lines": "words the minutes",
    "council.attendance.has_started": NO_WRITE, "council.attendance.known_people": NO_WRITE,
    "council.attendance.member_field": "names a form field", "council.attendance.membership_on": NO_WRITE,
    "council.attendance.minutes_attendance": "words the minutes", "council.attendance.person_of": NO_WRITE,
    "council.attendance.recorded_from_roster": NO_WRITE, "council.attendance.reported_absences": NO_WRITE,
    "council.attendance.roster": NO_WRITE, "council.attendance.roster_members": NO_WRITE,
    "council.attendance.starts_at": NO_WRITE, "council.attendance.substitute_for": NO_WRITE,
    "council.action_items.events_prefetch": NO_WRITE, "council.action_items.get_item": NO_WRITE,
    "council.action_items.is_owner": NO_WRITE, "council.action_items.is_reopening": NO_WRITE,
    "council.action_items.items_for": NO_WRITE, "council.action_items.matching_owner": NO_WRITE,
    "council.action_items.next_statuses": NO_WRITE, "council.action_items.overview": NO_WRITE,
    "council.action_items.status_filter_choices": NO_WRITE, "council.action_items.statuses_for": NO_WRITE,
    "council.action_items.visible_events": NO_WRITE,
    "council.addresses.address_book": NO_WRITE, "council.addresses.person_field": "names a form field",
    "council.addresses.organisation_field": "names a form field",
    "council.commission_services.check": CHECK, "council.commission_services.check_commission": CHECK,
    "council.reminders.already_sent": NO_WRITE, "council.reminders.digest_key": NO_WRITE,
    "council.reminders.message": "words a message; send stores it", "council.reminders.plan": NO_WRITE,
    "council.reminders.secretariat_recipients": NO_WRITE,
    "council.importing.apply.plan": "says what confirming would do; confirm writes it",
    "council.importing.apply.same": "compares two texts",
}
DERIVED = "writes only what is computed from recorded data, into fields left out of the history"
MAIL = "only stores and sends e-mail: the outgoing-mail log is its record"
UNRECORDED = {
    "priority.services.refresh_sensitivity": DERIVED + " (the Monte Carlo result; its settings are recorded)",
    "priority.services.current_sensitivity": DERIVED + " (through refresh_sensitivity)",
    "strategy.services.refresh_status": DERIVED + " (the indicator's judgement)",
    "core.users.end_sessions": "ends login sessions, which are not the register; set_active records the account",
    "core.users.update_last_login_unrecorded": "a login is not a change of the account",
    "core.tokens.authenticate": "a use of a key is not a change (only last_used, left out of the history)",
    # E-mail changes nothing in the register; each message is kept in the outgoing-mail log with who and when.
    "council.notice_mail.send_notice": MAIL, "council.notice_mail.notice_published": MAIL + " (publish_notice's)",
    "council.notice_mail.retry": MAIL + " (a failed message sent again)",
    "council.notice_mail.meeting_changed": MAIL + "; update_meeting records the change of time or place (the "
                                                  "calendar's sequence number it raises is bookkeeping, not recorded)",
    "council.reminders.send": MAIL + " (the digests)",
    "council.action_items.record_opened": "the first step of an item's status log (which is its own who and when), "
                                          "in add_action_item, whose new item is recorded",
}


# --- the demo data each write is called on ------------------------------------------------------------

class Scene:
    """Objects from the demo data, and a few made for the test (before the write is measured)."""

    def __init__(self, user: User):
        self.user = user

    # council
    @property
    def nuit(self):
        from radsmodell.council.models import Body

        return Body.objects.get(slug="nuit")

    def draft_meeting(self, day=date(2024, 9, 12)):
        from radsmodell.council import services

        return services.plan_meeting(self.nuit, day, time(9, 0))

    def draft_case(self):
        from radsmodell.council import services

        return services.add_case(self.draft_meeting(), "Status for porteføljen", "drofting")

    def held_meeting(self, day=date(2024, 9, 12)):
        """Published and held (in the past), with no outcomes yet."""
        from radsmodell.council import services

        meeting = self.draft_meeting(day)
        services.publish_notice(meeting)
        return meeting

    def held_case(self):
        from radsmodell.council import services

        meeting = self.held_meeting()
        return services.add_case(meeting, "Orientering om veikartet", "orientering")

    def complete_minutes(self):
        """A held meeting whose minutes lack only their approval, and a case of a later meeting to approve them."""
        from radsmodell.council import services

        meeting = self.held_meeting()
        services.record_attendance(meeting, "Kari Nordmann", "Helse Nord RHF", "present")
        for case in meeting.cases.exclude(is_eventuelt=True):
            services.record_standard_outcome(case, services.NOTED)
        later = self.held_meeting(date(2024, 10, 10))
        return meeting, later.cases.order_by("number").first()

    def coming_meeting(self):
        """Published, two weeks ahead: the notice has gone out and members may still send apologies."""
        from radsmodell.council import services

        meeting = self.draft_meeting(timezone.localdate() + timedelta(days=14))
        services.publish_notice(meeting)
        return meeting

    @staticmethod
    def roster_person(meeting):
        """A member of the body on the meeting day."""
        from radsmodell.council import attendance

        return attendance.roster_members(meeting)[0].person

    def action_item(self):
        from radsmodell.council import services

        return services.add_action_item(self.held_case(), "Følge opp", "Sekretariatet")

    def commission(self):
        from radsmodell.council.models import Commission, Organisation

        return Commission(reference="TB2027-1", title="Utrede felles timebestilling", giver=Commission.Giver.MINISTRY,
                          receiver=Organisation.objects.order_by("name").first(), given=date(2027, 1, 15),
                          deadline=date(2027, 6, 1))

    def approved_case(self):
        from radsmodell.council.models import Case, Meeting

        return Case.objects.filter(meeting__minutes_status=Meeting.Minutes.APPROVED).exclude(decision="").first()

    # portfolio
    def open_round(self):
        from radsmodell.portfolio import services

        return services.open_round("Revisjonsrunde", None)

    @property
    def initiative(self):
        from radsmodell.portfolio.models import Initiative

        return Initiative.objects.exclude(owner="").order_by("slug").first()

    def report(self, submit=True):
        from radsmodell.portfolio import services

        return services.save_report(self.open_round(), self.initiative, self.user,
                                    {"overall": "amber", "text": "Forsinket levering."}, [], submit=submit)

    # priority
    def session(self, measures=("A", "B"), self_scoring=False):
        from radsmodell.priority import services
        from radsmodell.priority.models import ScoringModel

        return services.create_session("Revisjon", ScoringModel.objects.get(slug="ehelseraad-2022"), list(measures),
                                       self_scoring=self_scoring)

    # strategy
    @property
    def indicator(self):
        from radsmodell.strategy.models import Indicator

        return Indicator.objects.get(slug="pll-andel-befolkning")

    def observation_rows(self):
        from radsmodell.strategy.models import Area

        return [{"indicator": self.indicator, "area": Area.objects.get(slug="norge"), "period": "2026-01",
                 "value": Decimal("12.5")}]

    def latest_activity(self):
        from radsmodell.strategy.models import RoadmapVersion

        return RoadmapVersion.objects.order_by("-position", "-key").first().activities.order_by("key").first()

    # costs
    @property
    def register_year(self) -> int:
        from radsmodell.costs.models import PayingOrganisation

        return PayingOrganisation.objects.order_by("-year").values_list("year", flat=True).first()

    def gate(self):
        from radsmodell.costs import gate_services

        return gate_services.create_gate("Revisjonstjenesten")

    def gate_ready(self):
        """Legally national, every requirement met: ready to approve."""
        from radsmodell.costs import gate_services

        gate = self.gate()
        gate_services.record_legal_assessment(gate, "nasjonal", decided_by="Helse- og omsorgsdepartementet",
                                              decided_on=date(2024, 6, 1))
        for requirement in gate.requirements.all():
            gate_services.update_requirement(gate, requirement.number, met=True, evidence="Rapport fra utprøvingen")
        return gate

    def approved_gate(self):
        from radsmodell.costs import gate_services

        return gate_services.approve(self.gate_ready(), approved_by="Eier", approved_on=date(2024, 12, 1),
                                     target_groups="Fastleger", epj_systems="Infodoc")

    # core
    def account(self, username="revisor"):
        return User.objects.create_user(username, password="et-langt-passord-1")


@dataclass
class Write:
    given: Callable  # Scene -> the write to measure, as a function without arguments
    records: str  # the history row it must leave: "council.meeting+" (+ created, ~ changed, - deleted)
    fields: tuple[str, ...] = ()  # for a change: fields that must differ from the row before


def _c(name):
    return getattr(import_module("radsmodell.council.services"), name)


def _p(name):
    return getattr(import_module("radsmodell.portfolio.services"), name)


def _pr(name):
    return getattr(import_module("radsmodell.priority.services"), name)


def _s(name):
    return getattr(import_module("radsmodell.strategy.services"), name)


def _g(name):
    return getattr(import_module("radsmodell.costs.gate_services"), name)


def _co(name):
    return getattr(import_module("radsmodell.costs.services"), name)


def _n(name):
    return getattr(import_module("radsmodell.council.notice_mail"), name)


def _a(name):
    return getattr(import_module("radsmodell.council.attendance"), name)


def _ai(name):
    return getattr(import_module("radsmodell.council.action_items"), name)


def _cs(name):
    return getattr(import_module("radsmodell.council.commission_services"), name)


def _addresses(scene):
    from radsmodell.council.models import Person
    person = Person.objects.filter(memberships__body=scene.nuit, memberships__end__isnull=True,
                                   memberships__ended=False, user__isnull=True).first()
    return lambda: import_module("radsmodell.council.addresses").save_addresses(
        scene.nuit, {f"p{person.pk}-email": "ny@example.org"})


def _first_item(meeting):
    return meeting.agenda.order_by("position").first()


def _moved(s):
    meeting = s.draft_meeting()
    _c("add_case")(meeting, "A", "drofting")
    b = _c("add_case")(meeting, "B", "drofting")
    return lambda: _c("move_agenda_item")(b.agenda_item, -1)


def _renumbered(s):
    case = s.draft_case()
    _c("set_case_number")(case, "99/24")  # out of the agenda's order, which renumbering restores
    return lambda: _c("renumber_year")(s.nuit, 2024)


def _removed_input(s):
    item = _c("add_input")(s.held_case(), "Et innspill", "Helse Vest")
    return lambda: _c("remove_input")(item)


def _closed_action_item(s):
    item = _c("add_action_item")(s.held_case(), "Følge opp", "Sekretariatet")
    return lambda: _c("close_action_item")(item, None, "Fulgt opp i e-post")


def _approved_minutes(s):
    meeting, approving = s.complete_minutes()
    return lambda: _c("approve_minutes")(meeting, approving)


def _roster(s):
    meeting = s.held_meeting()
    present = s.roster_person(meeting)
    return lambda: _a("record_roster")(meeting, [_a("MemberEntry")(present.pk, "present")], [])


def _roster_guest(s):
    case = s.held_case()
    guest = _a("GuestEntry")(0, "Gjest Gjestesen", "Helse Vest RHF", [str(case.pk)])
    return lambda: _a("record_roster")(case.meeting, [], [guest])


def _absence(s):
    meeting = s.coming_meeting()
    person = s.roster_person(meeting)
    return lambda: _a("report_absence")(meeting, person, s.user)


def _withdrawn_absence(s):
    meeting = s.coming_meeting()
    person = s.roster_person(meeting)
    _a("report_absence")(meeting, person, s.user)
    return lambda: _a("withdraw_absence")(meeting, person, s.user)


def _conflict(s):
    case = s.held_case()
    person = s.roster_person(case.meeting)
    return lambda: _a("declare_conflict")(case, person, "Styremedlem hos leverandøren", s.user)


def _withdrawn_conflict(s):
    case = s.held_case()
    conflict = _a("declare_conflict")(case, s.roster_person(case.meeting), "Styremedlem hos leverandøren", s.user)
    return lambda: _a("withdraw_conflict")(conflict, s.user)


def _owned(s):
    from radsmodell.council.models import Organisation

    item = s.action_item()
    organisation = Organisation.objects.exclude(pk=item.owner_organisation_id).order_by("name").first()
    return lambda: _ai("update_owner")(item, organisation=organisation, person=None,
                                       due=item.created + timedelta(days=30))


def _commission_delivered(s):
    commission = _cs("save_commission")(s.commission(), partners=[], cases=[])
    commission.status, commission.delivered = "delivered", date(2027, 5, 20)
    return lambda: _cs("save_commission")(commission, partners=[], cases=[])


def _invited(s):
    session = s.session(self_scoring=True)
    return lambda: _pr("invite_raters")(session, [User.objects.get(username="medlem")])


def _own_sheet(s):
    session = s.session(self_scoring=True)
    [rater] = _pr("invite_raters")(session, [User.objects.get(username="medlem")])
    question = session.scoring_model.engine.leaf_keys()[0]
    return lambda: _pr("save_own_sheet")(rater, {(session.measures.first().pk, question): ("3", "")}, deliver=True)


def _returned(s):
    report = s.report()
    return lambda: _p("return_report")(report, "Mangler milepæler")


def _closed_round(s):
    report = s.report()
    return lambda: _p("close_round")(report.round)


def _granted(s):
    member = User.objects.get(username="medlem")
    return lambda: _p("add_owner_account")(member, s.initiative.owner)


def _revoked_reporter(s):
    from radsmodell.portfolio.models import OwnerAccount

    account = OwnerAccount.objects.get(user__username="tiltakseier")
    return lambda: _p("remove_owner_account")(str(account.pk))


def _builtin_changed(s):
    from radsmodell.priority.models import ScoringModel

    model = ScoringModel.objects.get(slug="ehelseraad-2022")
    model.definition = {**model.definition, "name": "Utdatert"}  # as a database from an older release has it
    model.save()
    return _pr("ensure_builtin_models")


MODEL_YAML = """
root:
  key: score
  label: Score
  combine: sum
  children:
    - {key: G, label: Gevinst, combine: mean, children: [{key: G1, label: Gevinst for pasienten}]}
"""


def _scores(s):
    session = s.session()
    rater = _pr("add_rater")(session, "Kari")
    question = session.scoring_model.engine.leaf_keys()[0]
    return lambda: _pr("record_scores")(rater, {(session.measures.first().pk, question): ("3", "")})


def _imported_scores(s):
    session = s.session()
    question = session.scoring_model.engine.leaf_keys()[0]
    return lambda: _pr("import_scores")(session, "Ola", {"A": [{question: 2.0}]})


def _figures(s):
    session = s.session()
    figure = SimpleNamespace(sheet="Oppsummering", measure="A", what="sum", printed="3,5", cell="B2")
    return lambda: _pr("record_printed_figures")(session, [figure])


def _removed_measure(s):
    session = s.session()
    return lambda: _pr("remove_measure")(session, session.measures.get(name="B"))


def _removed_rater(s):
    session = s.session()
    rater = _pr("add_rater")(session, "Kari")
    return lambda: _pr("remove_rater")(session, rater)


def _saved_indicator(s):
    indicator = s.indicator
    goals = list(indicator.goals.all()[:1])
    indicator.name = "Andel av befolkningen med legemiddelliste"
    return lambda: _s("save_indicator")(indicator, goals, [(2027, Decimal("40"), None)])


def _saved_activity(s):
    from radsmodell.portfolio.models import Initiative

    activity = s.latest_activity()
    activity.name = "Ny retning for aktiviteten"
    chosen = list(Initiative.objects.order_by("slug")[:1])
    return lambda: _s("save_activity")(activity, chosen, "Etter styringsmøtet")


def _observations_file(s):
    content = "\ufeffindicator;area;period;value\r\npll-andel-befolkning;norge;2026-02;13,5\r\n".encode()
    return lambda: import_module("radsmodell.strategy.importing").import_observations(content, "pll.csv")


def _imported_minutes(s):
    from radsmodell.council.importing.parse import read_document

    data = ("Referat fra møte i NUIT\nDato: 12. september 2024\nSted: Oslo\n\n"
            "Sak 28/24: Status for kjernejournal (Orientering)\n"
            "Vedtak: NUIT tar saken til orientering.\n").encode()
    document = read_document("referat.txt", data)
    apply = import_module("radsmodell.council.importing.apply")
    return lambda: apply.confirm([document], s.user, files={document.sha256: data})


def _replaced_register(s):
    year = s.register_year
    organisations = _co("register")(year)
    return lambda: _co("replace_register")(year, organisations)


def _allocated(s):
    year = s.register_year
    return lambda: _co("allocate")("helsenettet-2025", year, 12_000_000_00, user=s.user, label="Revisjon")


def _cost_base(s):
    from radsmodell.portfolio.models import NationalSolution

    solution = NationalSolution.objects.get(slug="helsenettet")
    return lambda: _co("record_cost_base")(solution, 2031, 99_000_00, source="Budsjett 2031")


def _gate_call(call, *args, given=None, **kwargs):
    def prepare(s):
        gate = (given or Scene.gate)(s)
        return lambda: _g(call)(gate, *args, **kwargs)
    return prepare


def _restored(s):
    gate = s.gate()
    _g("drop_requirement")(gate, 6, reason="Gjelder ikke tjenesten")
    return lambda: _g("restore_requirement")(gate, 6)


def _deactivated(s):
    account = s.account()
    return lambda: import_module("radsmodell.core.users").set_active(account, False, by=s.user)


def _activated(s):
    account = s.account()
    account.is_active = False
    account.save()
    return lambda: import_module("radsmodell.core.users").set_active(account, True, by=s.user)


def _role(s):
    account = s.account()
    return lambda: import_module("radsmodell.core.users").set_role(account, "medlem", by=s.user)


def _unlinked_initiative() -> str:
    """An initiative the demo does not link to the goal the tests link."""
    from radsmodell.core.models import Link
    from radsmodell.portfolio.models import Initiative

    linked = set(Link.objects.filter(b_kind="goal").values_list("a_ref", flat=True)) | set(
        Link.objects.filter(a_kind="goal").values_list("b_ref", flat=True))
    return next(f"initiative:{i.slug}" for i in Initiative.objects.order_by("slug") if str(i.pk) not in linked)


def _link(s):
    links = import_module("radsmodell.core.links")
    initiative = _unlinked_initiative()
    return lambda: links.add_link(initiative, "goal:enklere-arbeidshverdag", source="Revisjon", user=s.user)


def _unlinked(s):
    links = import_module("radsmodell.core.links")
    link = links.add_link(_unlinked_initiative(), "goal:enklere-arbeidshverdag", source="Revisjon", user=s.user)
    return lambda: links.remove_link(link)


def _token(s):
    tokens = import_module("radsmodell.core.tokens")
    return lambda: tokens.create_token(s.user, "Sakssystemet", "read-write", by=s.user)


def _revoked_token(s):
    tokens = import_module("radsmodell.core.tokens")
    token, _key = tokens.create_token(s.user, "Sakssystemet", "read-write", by=s.user)
    return lambda: tokens.revoke_token(token, by=s.user)


WRITES = {
    # council
    "council.services.plan_meeting": Write(lambda s: lambda: _c("plan_meeting")(s.nuit, date(2024, 9, 12), time(9)),
                                           "council.meeting+"),
    "council.services.add_case": Write(lambda s: (lambda m: lambda: _c("add_case")(m, "Ny sak", "drofting"))(
        s.draft_meeting()), "council.case+"),
    "council.services.add_agenda_break": Write(lambda s: (lambda m: lambda: _c("add_agenda_break")(
        m, "break", time(10, 30)))(s.draft_meeting()), "council.agendaitem+"),
    "council.services.move_agenda_item": Write(_moved, "council.agendaitem~", ("position",)),
    "council.services.set_agenda_time": Write(lambda s: (lambda i: lambda: _c("set_agenda_time")(i, time(11)))(
        _first_item(s.draft_meeting())), "council.agendaitem~", ("start_time",)),
    "council.services.remove_agenda_item": Write(lambda s: (lambda c: lambda: _c("remove_agenda_item")(
        c.agenda_item))(s.draft_case()), "council.case-"),
    "council.services.renumber_year": Write(_renumbered, "council.case~", ("number",)),
    "council.services.set_case_number": Write(lambda s: (lambda c: lambda: _c("set_case_number")(c, "99/24"))(
        s.draft_case()), "council.case~", ("number",)),
    "council.services.update_meeting": Write(lambda s: (lambda m: lambda: _c("update_meeting")(
        m, time(9), time(15), "Møterom Akersgata", ""))(s.draft_meeting()), "council.meeting~", ("location",)),
    "council.services.publish_notice": Write(lambda s: (lambda m: lambda: _c("publish_notice")(m))(
        s.draft_meeting()), "council.meeting~", ("notice_published_at",)),
    "council.services.update_memo": Write(lambda s: (lambda c: lambda: _c("update_memo")(
        c, summary="Saken gjelder porteføljen."))(s.draft_case()), "council.case~", ("summary",)),
    "council.services.record_outcome": Write(lambda s: (lambda c: lambda: _c("record_outcome")(
        c, decision="NUIT tar saken til orientering."))(s.held_case()), "council.case~", ("decision",)),
    "council.services.record_standard_outcome": Write(lambda s: (lambda c: lambda: _c("record_standard_outcome")(
        c, "orientering"))(s.held_case()), "council.case~", ("decision",)),
    "council.services.add_input": Write(lambda s: (lambda c: lambda: _c("add_input")(c, "Innspill", "Helse Vest"))(
        s.held_case()), "council.input+"),
    "council.services.remove_input": Write(_removed_input, "council.input-"),
    "council.services.add_action_item": Write(lambda s: (lambda c: lambda: _c("add_action_item")(
        c, "Følge opp", "Sekretariatet"))(s.held_case()), "council.actionitem+"),
    "council.services.close_action_item": Write(_closed_action_item, "council.actionitem~", ("closed",)),
    "council.services.record_attendance": Write(lambda s: (lambda m: lambda: _c("record_attendance")(
        m, "Kari Nordmann", "Helse Nord RHF", "present"))(s.held_meeting()), "council.attendance+"),
    "council.services.approve_minutes": Write(_approved_minutes, "council.meeting~", ("minutes_status",)),
    "council.services.correct_minutes": Write(lambda s: (lambda c: lambda: _c("correct_minutes")(
        c, "decision", c.decision + " (rettet)", "Skrivefeil", s.user))(s.approved_case()),
        "council.minutescorrection+"),
    "council.services.add_memo_comment": Write(lambda s: (lambda c: lambda: _c("add_memo_comment")(
        c, s.user, "Bør nevne kostnadene."))(s.draft_case()), "council.memocomment+"),
    "council.services.link_previous_cases": Write(lambda s: (lambda c: lambda: _c("link_previous_cases")(
        c, ["nuit/2024/17"]))(s.draft_case()), "council.case~", ("previous_cases",)),
    "council.services.add_other_forum": Write(lambda s: (lambda c: lambda: _c("add_other_forum")(
        c, "mai 2024", "Styringsgruppen", "Tatt til orientering"))(s.draft_case()), "council.otherforumtreatment+"),
    "council.services.add_attachment": Write(lambda s: (lambda c: lambda: _c("add_attachment")(c, "Vedlegg 1"))(
        s.draft_case()), "council.attachment+"),
    "council.services.organisation": Write(lambda s: lambda: _c("organisation")("Revisjonen AS"),
                                           "council.organisation+"),
    "council.services.person": Write(lambda s: lambda: _c("person")("Revi Sor", "Revisjonen AS"), "council.person+"),
    "council.notice_mail.cancel_meeting": Write(lambda s: (lambda m: lambda: _n("cancel_meeting")(
        m, "Lederen er syk"))(s.coming_meeting()), "council.meeting~", ("cancelled_at", "cancel_reason")),
    "council.notice_mail.set_notice_guests": Write(lambda s: (lambda m: lambda: _n("set_notice_guests")(
        m, "Gjest Gjestesen <gjest@example.org>"))(s.draft_meeting()), "council.meeting~", ("notice_guests",)),
    "council.attendance.record_roster": Write(_roster, "council.attendance+"),
    "council.attendance.report_absence": Write(_absence, "council.attendance+"),
    "council.attendance.withdraw_absence": Write(_withdrawn_absence, "council.attendance-"),
    "council.attendance.declare_conflict": Write(_conflict, "council.conflictofinterest+"),
    "council.attendance.withdraw_conflict": Write(_withdrawn_conflict, "council.conflictofinterest-"),
    # The item's own status log (ActionItemEvent) is not history-tracked; the item's change is.
    "council.action_items.change_status": Write(lambda s: (lambda i: lambda: _ai("change_status")(
        i, "in_progress", by=s.user))(s.action_item()), "council.actionitem~", ("status",)),
    "council.action_items.update_owner": Write(_owned, "council.actionitem~", ("owner_organisation", "due")),
    "council.addresses.save_addresses": Write(_addresses, "council.person~", ("email",)),
    "council.commission_services.save_commission": Write(lambda s: (lambda c: lambda: _cs("save_commission")(
        c, partners=[], cases=[]))(s.commission()), "council.commission+"),
    # portfolio
    "portfolio.services.open_round": Write(lambda s: lambda: _p("open_round")("Ny runde", None), "portfolio.round+"),
    "portfolio.services.save_report": Write(lambda s: (lambda r: lambda: _p("save_report")(
        r, s.initiative, s.user, {"overall": "green", "text": "I rute."},
        [{"description": "Kapasitet", "probability": 3, "impact": 2, "mitigation": "Innleie"}], submit=True))(
        s.open_round()), "portfolio.reportedrisk+"),
    "portfolio.services.accept_report": Write(lambda s: (lambda r: lambda: _p("accept_report")(r))(s.report()),
                                              "portfolio.statusreport~", ("state",)),
    "portfolio.services.return_report": Write(_returned, "portfolio.statusreport~", ("state", "returned_reason")),
    "portfolio.services.close_round": Write(_closed_round, "portfolio.round~", ("status",)),
    "portfolio.services.add_owner_account": Write(_granted, "portfolio.owneraccount+"),
    "portfolio.services.remove_owner_account": Write(_revoked_reporter, "portfolio.owneraccount-"),
    # priority
    "priority.services.ensure_builtin_models": Write(_builtin_changed, "priority.scoringmodel~", ("definition",)),
    "priority.services.create_scoring_model": Write(lambda s: lambda: _pr("create_scoring_model")(
        "revisjon", "Revisjon", "", MODEL_YAML), "priority.scoringmodel+"),
    "priority.services.create_session": Write(lambda s: lambda: s.session(), "priority.scoringsession+"),
    "priority.services.add_rater": Write(lambda s: (lambda x: lambda: _pr("add_rater")(x, "Kari"))(s.session()),
                                         "priority.rater+"),
    "priority.services.add_measure": Write(lambda s: (lambda x: lambda: _pr("add_measure")(x, "C"))(s.session()),
                                           "priority.measure+"),
    "priority.services.remove_measure": Write(_removed_measure, "priority.measure-"),
    "priority.services.remove_rater": Write(_removed_rater, "priority.rater-"),
    "priority.services.record_scores": Write(_scores, "priority.score+"),
    "priority.services.import_scores": Write(_imported_scores, "priority.score+"),
    "priority.services.record_printed_figures": Write(_figures, "priority.printedfigure+"),
    "priority.services.set_self_scoring": Write(lambda s: (lambda x: lambda: _pr("set_self_scoring")(x, True))(
        s.session()), "priority.scoringsession~", ("self_scoring",)),
    "priority.services.invite_raters": Write(_invited, "priority.rater+"),
    "priority.services.save_own_sheet": Write(_own_sheet, "priority.rater~", ("submitted_at",)),
    "priority.services.set_status": Write(lambda s: (lambda x: lambda: _pr("set_status")(x, "closed"))(s.session()),
                                          "priority.scoringsession~", ("status",)),
    # The settings the sensitivity is drawn with are the user's choice, recorded; the result is derived.
    "priority.services.update_sensitivity_settings": Write(lambda s: (lambda x: lambda: _pr(
        "update_sensitivity_settings")(x, 50.0, 1))(s.session()), "priority.scoringsession~",
        ("concentration", "top_k")),
    # strategy
    "strategy.services.save_observations": Write(lambda s: (lambda rows: lambda: _s("save_observations")(rows))(
        s.observation_rows()), "strategy.observation+"),
    "strategy.services.add_assessment": Write(lambda s: (lambda i: lambda: _s("add_assessment")(
        i, "2026", "Går i riktig retning."))(s.indicator), "strategy.assessment+"),
    "strategy.services.save_indicator": Write(_saved_indicator, "strategy.indicator~", ("name",)),
    "strategy.services.new_roadmap_version": Write(lambda s: lambda: _s("new_roadmap_version")(
        "2030", "Veikart 2030"), "strategy.roadmapversion+"),
    "strategy.services.save_activity": Write(_saved_activity, "strategy.activity~", ("name",)),
    "strategy.importing.import_observations": Write(_observations_file, "strategy.observation+"),
    "council.importing.apply.confirm": Write(_imported_minutes, "council.meetingdocument+"),
    # costs
    "costs.services.replace_register": Write(_replaced_register, "costs.payingorganisation+"),
    "costs.services.allocate": Write(_allocated, "costs.allocation+"),
    "costs.services.record_cost_base": Write(_cost_base, "costs.costbase+"),
    "costs.gate_services.create_gate": Write(lambda s: lambda: s.gate(), "costs.gaterequirement+"),
    "costs.gate_services.update_service": Write(_gate_call("update_service", note="Ny merknad"),
                                                "costs.paymentgate~", ("note",)),
    "costs.gate_services.update_requirement": Write(_gate_call("update_requirement", 1, met=True, evidence="Rapport"),
                                                    "costs.gaterequirement~", ("met", "evidence")),
    "costs.gate_services.add_requirement": Write(_gate_call("add_requirement", title="Eget krav"),
                                                 "costs.gaterequirement+"),
    "costs.gate_services.reword_requirement": Write(_gate_call("reword_requirement", 1, title="Omformulert",
                                                               detail=""), "costs.gaterequirement~", ("title",)),
    "costs.gate_services.drop_requirement": Write(_gate_call("drop_requirement", 6, reason="Gjelder ikke"),
                                                  "costs.gaterequirement~", ("dropped_reason",)),
    "costs.gate_services.restore_requirement": Write(_restored, "costs.gaterequirement~", ("dropped_reason",)),
    "costs.gate_services.record_legal_assessment": Write(_gate_call(
        "record_legal_assessment", "pågår"), "costs.paymentgate~", ("legal_status",)),
    "costs.gate_services.approve": Write(_gate_call(
        "approve", given=Scene.gate_ready, approved_by="Eier", approved_on=date(2024, 12, 1),
        target_groups="Fastleger", epj_systems="Infodoc"), "costs.paymentgate~", ("approved_on",)),
    "costs.gate_services.withdraw_approval": Write(_gate_call("withdraw_approval", given=Scene.approved_gate),
                                                   "costs.paymentgate~", ("approved_on",)),
    # core: accounts, roles, links, API keys
    "core.users.set_active": Write(_deactivated, "auth.user~", ("is_active",)),
    "core.users.set_role": Write(_role, "auth.user~", ("groups",)),
    "core.links.add_link": Write(_link, "core.link+"),
    "core.links.remove_link": Write(_unlinked, "core.link-"),
    "core.tokens.create_token": Write(_token, "core.apitoken+"),
    "core.tokens.revoke_token": Write(_revoked_token, "core.apitoken~", ("revoked",)),
}
# More ways to call the same functions, measured the same way.
MORE = {
    "set_active: activate again": Write(_activated, "auth.user~", ("is_active",)),
    "plan_meeting: the first item's start time": Write(
        lambda s: lambda: _c("plan_meeting")(s.nuit, date(2024, 9, 12), time(9)), "council.agendaitem~",
        ("start_time",)),
    "record_roster: a guest with the cases they attended": Write(_roster_guest, "council.attendance~", ("cases",)),
    "save_commission: delivered": Write(_commission_delivered, "council.commission~", ("status", "delivered")),
}


# --- the walk ------------------------------------------------------------------------------------------

def walked_functions() -> list[str]:
    """"council.services.plan_meeting": every public function defined in the walked modules."""
    found = []
    for module_name in WALKED:
        module = import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module_name and not name.startswith("_"):
                found.append(f"{module_name.removeprefix('radsmodell.')}.{name}")
    return sorted(found)


def test_every_service_function_is_a_walked_write_or_a_read_with_a_reason():
    functions = set(walked_functions())
    unknown = sorted(functions - set(WRITES) - set(READS) - set(UNRECORDED))
    assert unknown == [], (
        f"New service functions the audit walk does not know: {', '.join(unknown)}. A write gets an entry in "
        "WRITES (how to call it and the history row it leaves); a function that does not write goes in READS, "
        "with the reason.")
    listed = {**WRITES, **READS, **UNRECORDED}
    assert sorted(set(listed) - functions) == [], "entries for functions that no longer exist"
    assert not set(WRITES) & (set(READS) | set(UNRECORDED)) and not set(READS) & set(UNRECORDED)
    assert all(reason.strip() for reason in {**READS, **UNRECORDED}.values())


def _marks() -> dict[str, int]:
    """The newest history row of each tracked model, to find the rows a write adds."""
    return {model._meta.label_lower: model.history.order_by("-history_id").values_list("history_id", flat=True)
            .first() or 0 for model in history.tracked_models()}


def _rows_since(marks: dict[str, int]) -> dict[str, list]:
    rows = {}
    for model in history.tracked_models():
        label = model._meta.label_lower
        new = list(model.history.filter(history_id__gt=marks[label]).order_by("history_id"))
        if new:
            rows[label] = new
    return rows


def _measure(write: Write, user: User) -> None:
    scene = Scene(user)
    call = write.given(scene)  # what the write needs is made first, and not measured
    marks = _marks()
    started = timezone.now()
    with history.acting_as(user):
        call()
    rows = _rows_since(marks)
    everything = [row for found in rows.values() for row in found]
    assert everything, "no history row: the write is not in the change log"
    anonymous = [f"{row._meta.label_lower} {row.history_type}" for row in everything if row.history_user_id != user.pk]
    assert anonymous == [], f"history rows that do not name who made the change: {anonymous}"
    assert all(started - timedelta(seconds=1) <= row.history_date <= timezone.now() for row in everything)
    label, kind = write.records[:-1], write.records[-1]
    matching = [row for row in rows.get(label, []) if row.history_type == kind]
    found = sorted({f"{row._meta.label_lower}{row.history_type}" for row in everything})
    assert matching, f"no «{kind}» row for {label}; rows: {found}"
    if write.fields:
        changed = set()
        for row in matching:
            if row.prev_record is not None:
                changed |= set(row.diff_against(row.prev_record).changed_fields)
        assert set(write.fields) <= changed, f"{label}: {sorted(changed)} changed, not {write.fields}"


@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_write_leaves_a_history_row_with_who_when_and_what(name, secretariat):
    _measure(WRITES[name], secretariat)


@pytest.mark.parametrize("name", sorted(MORE))
def test_each_other_way_to_call_a_write_is_recorded_too(name, secretariat):
    _measure(MORE[name], secretariat)


def test_a_new_account_and_its_role_are_recorded_with_who_created_them(secretariat):
    from radsmodell.core.users import NewUserForm

    form = NewUserForm({"username": "ny-bruker", "first_name": "Ny", "last_name": "Bruker", "email": "",
                        "role": "medlem", "password1": "et-langt-passord-1", "password2": "et-langt-passord-1"})
    assert form.is_valid(), form.errors
    with history.acting_as(secretariat):
        account = form.save()
    rows = list(User.history.filter(id=account.pk).order_by("history_id"))
    assert [row.history_type for row in rows] == ["+", "~"] and {row.history_user for row in rows} == {secretariat}
    assert [group.group.name for group in rows[-1].groups.all()] == ["medlem"]
    assert "password" not in [field.name for field in User.history.model._meta.fields]


def test_a_role_that_does_not_exist_or_the_secretariat_demoting_itself_is_refused_with_a_message(secretariat):
    from django.core.exceptions import ValidationError

    from radsmodell.core.users import set_role

    account = Scene(secretariat).account()
    with pytest.raises(ValidationError) as refused:
        set_role(account, "admin", by=secretariat)
    assert refused.value.message_dict == {"role": ["Ukjent rolle «admin»."]}
    with pytest.raises(ValidationError) as refused:
        set_role(secretariat, "medlem", by=secretariat)
    assert refused.value.message_dict == {"role": ["Du kan ikke ta fra deg selv rollen som sekretariat."]}
    assert list(secretariat.groups.values_list("name", flat=True)) == ["sekretariat"]


# --- the register import: inserts as well as deletes -----------------------------------------------------

def test_a_register_import_records_each_removed_and_each_added_organisation_with_the_user(client, secretariat, costs):
    from radsmodell.costs import services
    from radsmodell.costs.models import PayingOrganisation

    year = Scene(secretariat).register_year
    organisations = services.register(year)
    count = len(organisations)
    removed = PayingOrganisation.objects.get(year=year, org_number=organisations[0].org_number)
    marks = _marks()
    with history.acting_as(secretariat):
        services.replace_register(year, organisations[1:])
    rows = PayingOrganisation.history.filter(history_id__gt=marks["costs.payingorganisation"])
    assert rows.filter(history_type="-").count() == count
    assert rows.filter(history_type="+").count() == count - 1
    assert set(rows.values_list("history_user", flat=True)) == {secretariat.pk}
    client.force_login(secretariat)
    page = client.get("/endringslogg/?app=costs").content.decode()
    added = organisations[-1]  # the newest row: first on the page
    assert f"Opprettet: Betalende virksomhet «{added.name} ({added.org_number}), {year}»" in page
    page = client.get(f"/endringslogg/?modell=costs.payingorganisation&objekt={removed.pk}").content.decode()
    assert f"Slettet: Betalende virksomhet «{removed.name} ({removed.org_number}), {year}»" in page


# --- who: the web, the API, the console -----------------------------------------------------------------

def test_a_reporter_grant_and_removal_on_the_page_are_in_the_change_log_with_who(client, secretariat, portfolio):
    from radsmodell.portfolio.models import OwnerAccount

    client.force_login(secretariat)
    member = User.objects.get(username="medlem")
    owner = Scene(secretariat).initiative.owner
    assert client.post("/portefolje/rapportorer/", {"user": member.pk, "owner": owner}).status_code == 302
    account = OwnerAccount.objects.get(user=member, owner=owner)
    assert client.post("/portefolje/rapportorer/", {"remove": account.pk}).status_code == 302
    rows = OwnerAccount.history.filter(id=account.pk).order_by("history_id")
    assert [(row.history_type, row.history_user) for row in rows] == [("+", secretariat), ("-", secretariat)]
    page = client.get("/endringslogg/?app=portfolio").content.decode()
    assert f"Opprettet: Rapportør «medlem – {owner}»" in page and f"Slettet: Rapportør «medlem – {owner}»" in page


@pytest.mark.parametrize("wrong", ["abc", "", "12abc", "99999999999999999999999"])
def test_removing_a_reporter_with_a_wrong_reference_says_so_and_removes_nothing(client, secretariat, wrong):
    from radsmodell.portfolio.models import OwnerAccount

    client.force_login(secretariat)
    before = OwnerAccount.objects.count()
    response = client.post("/portefolje/rapportorer/", {"remove": wrong})
    assert response.status_code == 400
    assert "Fant ikke rapportøren som skulle fjernes." in response.content.decode()
    assert OwnerAccount.objects.count() == before


def test_an_initiatives_dependencies_edited_in_the_form_are_in_the_change_log(client, secretariat, portfolio):
    from radsmodell.portfolio.models import Initiative, NationalSolution

    initiative = Initiative.objects.get(slug="pll")
    client.force_login(secretariat)
    form = client.get(f"/portefolje/tiltak/{initiative.slug}/endre/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data = {name: ([item.pk if hasattr(item, "pk") else item for item in value] if isinstance(value, list | tuple)
                   else value) for name, value in data.items()}
    added = NationalSolution.objects.exclude(initiatives=initiative).order_by("slug").first()
    data["national_solutions"] = [s.pk for s in initiative.national_solutions.all()] + [added.pk]
    response = client.post(f"/portefolje/tiltak/{initiative.slug}/endre/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = initiative.history.order_by("-history_id").first()
    assert latest.history_user == secretariat
    assert added.pk in set(latest.national_solutions.values_list("nationalsolution_id", flat=True))
    change = history.changes_for(initiative, limit=1)[0]
    assert change.summary.endswith("nasjonale e-helseløsninger endret") and change.who == "Sekretariatet (demo)"


def test_the_change_log_of_earlier_cases_takes_the_same_queries_however_many_changes(client, secretariat):
    """The many-to-many relations are read for the whole page at once, not per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from radsmodell.council.models import Case

    case = Case.objects.get(body__slug="nuit", year=2024, number=17)
    earlier = list(Case.objects.filter(year=2024).exclude(pk=case.pk).order_by("number")[:6])

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/endringslogg/?modell=council.case&objekt={case.pk}").status_code == 200
        return len(queries)

    client.force_login(secretariat)
    with history.acting_as(secretariat):
        case.previous_cases.set(earlier[:1])
    few = page_queries()
    with history.acting_as(secretariat):
        for n in range(2, 7):
            case.previous_cases.set(earlier[:n])
    assert page_queries() == few
    assert "Tidligere behandlinger endret" in client.get(
        f"/endringslogg/?modell=council.case&objekt={case.pk}").content.decode()


def test_an_api_write_with_a_key_is_recorded_as_the_keys_user(client, secretariat):
    from radsmodell.core import tokens
    from radsmodell.council.models import Meeting

    _token, key = tokens.create_token(secretariat, "Sakssystemet", "read-write", by=secretariat)
    response = client.post("/api/meetings", {"body": "nuit", "date": "2024-09-12"}, content_type="application/json",
                           headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get(body__slug="nuit", date=date(2024, 9, 12))
    assert meeting.history.get().history_user == secretariat


def test_a_console_import_names_the_user_in_radsmodell_user(monkeypatch, tmp_path, secretariat, strategy):
    from radsmodell import cli
    from radsmodell.strategy.models import Observation

    upload = tmp_path / "pll.csv"
    upload.write_bytes("\ufeffindicator;area;period;value\r\npll-andel-befolkning;norge;2026-03;14\r\n".encode())
    monkeypatch.setenv("RADSMODELL_USER", "sekretariat")
    with cli._acting_user():
        call_command("import_observations", str(upload))
    observation = Observation.objects.get(indicator__slug="pll-andel-befolkning", area__slug="norge", period="2026-03")
    assert observation.history.get().history_user == secretariat

    monkeypatch.setenv("RADSMODELL_USER", "finnes-ikke")
    with pytest.raises(SystemExit) as stopped, cli._acting_user():
        pass
    assert str(stopped.value) == "RADSMODELL_USER=finnes-ikke: det finnes ingen bruker med det brukernavnet."


def test_a_console_command_without_a_user_reads_as_the_console_in_the_change_log(client, secretariat, strategy):
    from radsmodell.strategy.models import Observation

    with history.acting_as(None):
        import_module("radsmodell.strategy.services").save_observations(Scene(secretariat).observation_rows())
    observation = Observation.objects.get(indicator__slug="pll-andel-befolkning", period="2026-01")
    assert history.changes_for(observation, limit=1)[0].who == "system (konsoll)"


def test_acting_as_ends_with_its_block_and_restores_the_request_it_interrupted(secretariat, member):
    from simple_history.models import HistoricalRecords

    from radsmodell.council.models import Organisation

    request = SimpleNamespace(user=member)
    HistoricalRecords.context.request = request
    try:
        with history.acting_as(secretariat):
            made = Organisation.objects.create(name="Innenfor")
        assert HistoricalRecords.context.request is request
    finally:
        del HistoricalRecords.context.request
    assert made.history.get().history_user == secretariat
    outside = Organisation.objects.create(name="Utenfor")
    assert outside.history.get().history_user is None


# --- the change log reads them ---------------------------------------------------------------------------

def test_the_change_log_shows_comments_allocations_roles_and_accounts_readably(client, secretariat):
    from radsmodell.core.users import set_active, set_role

    scene = Scene(secretariat)
    case = scene.draft_case()
    account = scene.account("kari")
    with history.acting_as(secretariat):
        _c("add_memo_comment")(case, secretariat, "Bør nevne kostnadene.")
        _co("allocate")("helsenettet-2025", scene.register_year, 12_000_000_00, user=secretariat, label="Revisjon")
        set_role(account, "medlem", by=secretariat)
        set_active(account, False, by=secretariat)
    client.force_login(secretariat)
    page = client.get(f"/endringslogg/?bruker={secretariat.pk}").content.decode()
    for shown in (f"Opprettet: Kommentar til notatet «{case.case_number}: Bør nevne kostnadene.»",
                  "Opprettet: Fordeling «Revisjon»", "Endret: Bruker «kari»", "<li>Grupper endret</li>",
                  "<li>Aktiv: «Ja» → «Nei»</li>"):
        assert shown in page, shown
