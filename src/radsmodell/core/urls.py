from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .roles import Role, access

# Anyone may sign in; signing out is a POST (a link must not sign anyone out).
sign_in = access(read=Role.PUBLIC, write=Role.PUBLIC)
sign_out = access(read=None, write=Role.PUBLIC)

urlpatterns = [
    path("", views.home, name="home"),
    path("brukere/", views.users, name="users"),
    path("endringslogg/", views.change_log, name="history"),
    path("logg-inn/", sign_in(auth_views.LoginView.as_view()), name="login"),
    path("logg-ut/", sign_out(auth_views.LogoutView.as_view()), name="logout"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("koblinger/", views.link_list, name="links"),
    path("koblinger/graf/", views.link_graph, name="link_graph"),
    path("koblinger/<int:pk>/fjern/", views.link_remove, name="link_remove"),
]
