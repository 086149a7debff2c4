from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import health, mypage, search_views, tokens, views
from .roles import Role, access

# Anyone may sign in; signing out is a POST (a link must not sign anyone out).
sign_in = access(read=Role.PUBLIC, write=Role.PUBLIC)
sign_out = access(read=None, write=Role.PUBLIC)

urlpatterns = [
    path("", views.home, name="home"),
    path("brukere/", views.users, name="users"),
    path("brukere/<int:pk>/aktiv/", views.user_active, name="user_active"),
    path("brukere/api-nokler/", tokens.tokens, name="api_tokens"),
    path("brukere/api-nokler/<int:pk>/trekk-tilbake/", tokens.token_revoke, name="api_token_revoke"),
    path("endringslogg/", views.change_log, name="history"),
    path("min-side/", mypage.my_page, name="my_page"),
    path("profil/", mypage.profile, name="profile"),
    path("logg-inn/", sign_in(auth_views.LoginView.as_view()), name="login"),
    path("logg-ut/", sign_out(auth_views.LogoutView.as_view()), name="logout"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("helse/", health.health, name="health"),
    path("koblinger/", views.link_list, name="links"),
    path("koblinger/graf/", views.link_graph, name="link_graph"),
    path("koblinger/<int:pk>/fjern/", views.link_remove, name="link_remove"),
    path("sok/", search_views.search_page, name="search"),
]
if settings.OIDC_ENABLED:  # sign-in through HelseID/ID-porten (core/oidc.py): /oidc/authenticate/, /oidc/callback/
    urlpatterns.append(path("oidc/", include("radsmodell.core.oidc")))
