"""URLs of the host: one learner's pages and handlers under /learner/<name>/ (Open edX has a session)."""
from django.urls import path, re_path
from django.views.i18n import JavaScriptCatalog

from . import views

urlpatterns = [
    re_path(r"^$", views.index, name="workbench_index"),
    re_path(r"^learner/(?P<learner>[\w-]+)/unit/(?P<unit>[\w-]+)/(?P<view_name>[a-z_]+)/$", views.unit, name="unit"),
    re_path(r"^learner/(?P<learner>[\w-]+)/handler/(?P<usage>[^/]+)/(?P<handler_slug>[^/]*)(?:/(?P<suffix>.*))?$",
            views.handler, name="handler"),
    re_path(r"^learner/(?P<learner>[\w-]+)/report/(?P<unit>[\w-]+)/$", views.report, name="report"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
