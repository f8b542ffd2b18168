"""The Celery application; its configuration is the CELERY_* settings."""

import os

from celery import Celery

from uppfoljning import broker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppfoljning.settings")

broker.install()
app = Celery("uppfoljning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
