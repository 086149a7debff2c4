"""What waits for a user in the prioritisation (their own page, core/mypage.py): their own sheet in
every open session where the raters score themselves, until they deliver it; for the secretariat,
each such session with how many sheets are delivered. Two queries whatever the sessions hold."""
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core import site
from radsmodell.core.roles import is_secretariat

from .models import Rater, ScoringSession

SCORING = site.WorkGroup(gettext_lazy("Til scoring"), 40)


def tasks(user, today: date) -> list[site.WorkItem]:
    own = Rater.objects.filter(
        user=user, submitted_at__isnull=True, session__self_scoring=True, session__status=ScoringSession.Status.OPEN,
    ).select_related("session").order_by("session__created", "session_id")
    items = [site.WorkItem(SCORING, _("Scoringsark"), rater.session.title,
                           reverse("priority:own_sheet", args=[rater.session_id]),
                           detail=_("Ikke levert. Resultatet vises når sekretariatet avslutter scoringen."))
             for rater in own]
    if is_secretariat(user):
        sheets = Q(raters__user__isnull=False)
        sessions = ScoringSession.objects.filter(self_scoring=True, status=ScoringSession.Status.OPEN).annotate(
            sheets=Count("raters", filter=sheets),
            delivered=Count("raters", filter=sheets & Q(raters__submitted_at__isnull=False)),
        ).order_by("created", "pk")
        items += [site.WorkItem(SCORING, _("Scoringsrunde åpen"), session.title, session.get_absolute_url(),
                                detail=_("%(delivered)s av %(sheets)s ark levert") % {
                                    "delivered": session.delivered, "sheets": session.sheets})
                  for session in sessions]
    return items
