"""The pages core owns: the home page (made of the apps' panels), user accounts and the change log;
and the error pages' views (the templates 400, 403, 404 and 500.html, and the CSRF failure)."""
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db.models import Q
from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import defaults

from . import confirm, history, links, site
from . import link_graph as graphs
from .forms import LinkForm
from .models import Link
from .pagination import paginate
from .roles import GROUP_LABELS, SAFE_METHODS, public_page, secretariat_action, secretariat_page
from .uploads import too_large_page
from .users import NewUserForm, set_active


@public_page
def home(request):
    panels = [{"template": panel.template, **panel.context(request)} for panel in site.home_panels]
    return render(request, "core/home.html", {"panels": panels})


@secretariat_page
def users(request):
    """The secretariat lists accounts and creates new ones."""
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, gettext("Brukeren «%(name)s» er opprettet.") % {"name": user.username})
        return redirect("users")
    accounts = list(get_user_model().objects.order_by("username").prefetch_related("groups", "owner_accounts"))
    for account in accounts:
        account.roles = [GROUP_LABELS.get(group.name, group.name) for group in account.groups.all()]
    return render(request, "core/users.html", {"accounts": accounts, "form": form, "nav": "users"},
                  status=400 if form.errors else 200)


@secretariat_action
def user_active(request, pk: int):
    """Deactivate an account (its sessions end at once; asked first) or activate it again: POST active=0 or 1."""
    account = get_object_or_404(get_user_model(), pk=pk)
    active = request.POST.get("active") == "1"
    question = gettext("Deaktivere «%(name)s»? Brukeren logges ut med en gang og kan ikke logge inn.")
    if not active and (asked := confirm.ask(request, question % {"name": account.username},
                                            action=gettext("Deaktiver"))) is not None:
        return asked
    try:
        set_active(account, active, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = gettext("«%(name)s» er aktivert.") if active else gettext("«%(name)s» er deaktivert og logget ut.")
        messages.success(request, done % {"name": account.username})
    return redirect("users")


@secretariat_page
def change_log(request):
    """Every change in the register, newest first; by part of the register, user or object."""
    filters = history.Filters.from_query(request.GET)
    listing = paginate(request, history.change_keys(filters))
    app_labels = sorted({m._meta.app_label for m in history.tracked_models()})
    return render(request, "core/history.html", {
        **listing, "changes": history.describe_keys(list(listing["page"].object_list)), "filters": filters,
        "nav": "history", "app_choices": [(label, apps.get_app_config(label).verbose_name) for label in app_labels],
        "users": get_user_model().objects.filter(is_active=True).order_by("username"),
    })


@public_page
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to: send them to the site's SVG icon."""
    return redirect(static("core/favicon.svg"))


# --- error pages ----------------------------------------------------------------------------------

def permission_denied(request, exception):
    """403 on the site's own page; a visitor who is not signed in and followed a link logs in first,
    wherever the refusal came from (a declaration in roles.py or an object rule in a view)."""
    user = getattr(request, "user", None)
    if request.method in SAFE_METHODS and user is not None and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return defaults.permission_denied(request, exception)


def bad_request(request, exception):
    """400 in the site's look without the request's context: a request that is refused this early
    (a wrong host name, say) may not have passed the middleware that the menu and the user need.
    A post too large to read is 413, with its own page (core/uploads.py)."""
    if isinstance(exception, RequestDataTooBig):
        return too_large_page()
    return HttpResponseBadRequest(loader.get_template("400.html").render())


def server_error(request):
    """500 like Django's own (no context processors: the database may be what failed), with the
    request's id from core/logs.py, which the error log holds next to the traceback."""
    page = loader.get_template("500.html").render({"request_id": getattr(request, "request_id", "")})
    return HttpResponseServerError(page)


def csrf_failure(request, reason=""):
    """A form sent without a valid security token (CSRF_FAILURE_VIEW): said in the site's own page."""
    return render(request, "403_csrf.html", status=403)


@secretariat_page
def link_list(request):
    """The one place where the secretariat adds and removes links (?objekt=initiative:pll narrows
    the list to one object's links and fills in the form's first end)."""
    focus = request.GET.get("objekt", "").strip()
    form = LinkForm(request.POST or None, initial={"a": focus})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            links.add_link(data["a"], data["b"], source=data["source"], assumption=data["assumption"],
                           day=data["day"], user=request.user)
        except ValidationError as error:
            form.apply_error(error)
        else:
            messages.success(request, gettext("Koblingen er lagt inn."))
            return redirect(request.get_full_path())
    rows = Link.objects.select_related("created_by")
    error = ""
    if focus:
        try:
            kind, ref = links.parse(focus)
            rows = rows.filter(Q(a_kind=kind.name, a_ref=ref) | Q(b_kind=kind.name, b_ref=ref))
        except ValidationError as problem:
            error = " ".join(problem.messages)
    listing = paginate(request, rows)
    return render(request, "core/links.html", {
        **listing, "rows": links.describe(listing["page"].object_list), "form": form, "focus": focus,
        "focus_error": error, "kinds": links.kinds(), "nav": "links",
    }, status=400 if form.errors else 200)


@secretariat_action
def link_remove(request, pk: int):
    link = get_object_or_404(Link, pk=pk)
    if (question := confirm.ask(request, gettext("Fjerne koblingen?"), action=gettext("Fjern"))) is not None:
        return question
    links.remove_link(link)
    messages.success(request, gettext("Koblingen er fjernet."))
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(back if back and safe else "links")  # never to another site


GRAPH_EXAMPLES = ("initiative:pll", "case:nuit/2024/17", "goal:enklere-arbeidshverdag")


@public_page
def link_graph(request):
    """The connections around one object as a graph and as a table (?objekt=initiative:pll&steg=2
    &type=case): public, since the walk leaves out whatever the reader may not see."""
    focus = request.GET.get("objekt", "").strip()
    steps = 2 if request.GET.get("steg") == "2" else 1
    names = {k.name for k in links.kinds()}
    chosen = [name for name in request.GET.getlist("type") if name in names]
    graph, error = None, ""
    if focus:
        try:
            kind, ref = links.parse(focus)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            graph = graphs.walk(kind, ref, request.user, steps, chosen, limit=graphs.MAX_NODES)
            if graph is None:  # hidden from this reader: said as if it did not exist
                error = gettext("Fant ikke %(kind)s «%(key)s».") % {"kind": kind.name,
                                                                     "key": focus.partition(":")[2].strip()}
    examples = []
    if graph is None:
        for example in GRAPH_EXAMPLES:
            try:
                kind, ref = links.parse(example)
            except ValidationError:
                continue  # not in this register
            found = kind.show([ref]).get(ref)
            if found is not None and found.public:
                examples.append((found, graphs.graph_url(kind.name, found.key)))
    rows = []  # each link with both ends and, for each end, the graph centred there ("Sentrer her")
    if graph is not None:
        recentred = {n.id: graphs.graph_url(n.kind, n.key, steps, chosen) for n in graph.nodes}
        rows = [(e, [(e.a, recentred[e.a.id]), (e.b, recentred[e.b.id])]) for e in graph.edges]
    return render(request, "core/link_graph.html", {
        "focus": focus, "steps": steps, "chosen": chosen, "kinds": links.kinds(), "graph": graph,
        "error": error, "examples": examples, "limit": graphs.MAX_NODES, "rows": rows,
        "chart": graphs.chart_data(graph) if graph else None,
    }, status=400 if error else 200)
