"""Django settings of the host: xblock-sdk's workbench settings, with the host-side parts replaced.

Everything the XBlock itself reads comes from here as it would from an Open edX settings file:
Django's default file storage (MEDIA_ROOT, where the XBlock unpacks packages), the cache, and
XBLOCK_SETTINGS (left empty, so the XBlock runs with its defaults: assets proxied through the
LMS, tracking events on).
"""
import os
from pathlib import Path

from workbench.settings import *  # noqa: F401,F403 (the workbench's settings are the base)
from workbench.settings import INSTALLED_APPS as _WORKBENCH_APPS

DATA = Path(os.environ["OPENEDX_HOST_DATA"])  # one folder per test session, made by the test fixture

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "openedx_host.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA / "host.sqlite3"),
                         "OPTIONS": {"timeout": 20}}}
MEDIA_ROOT = str(DATA / "media")
MEDIA_URL = "/media/"
DJFS = {"type": "osfs", "directory_root": str(DATA / "djpyfs"), "url_root": "/static/djpyfs"}
# Only what the workbench's models, templates and static files need: no admin, no messages.
INSTALLED_APPS = [app for app in _WORKBENCH_APPS if app not in ("django.contrib.admin", "django.contrib.messages")]
INSTALLED_APPS.append("openedx_host")
TEMPLATES[0]["DIRS"] = []  # noqa: F405 (the workbench's sample-block templates are not used)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler", "level": "WARNING"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
WORKBENCH = {
    "reset_state_on_restart": False,
    "services": {
        "user": "openedx_host.runtime.LearnerService",
        "settings": "workbench.services.SettingsService",
    },
}
XBLOCK_SETTINGS = {}
