"""Supervision's nightly work, run after the portal sync (portal.tasks.nightly_sync enqueues it) and by
``manage.py supervision_daily``: limitation dates and escalations, the drift report, the snapshots."""

import logging

from django.tasks import task

from supervision.services.daily import supervision_daily

logger = logging.getLogger(__name__)


@task()
def after_sync() -> dict:
    """The nightly supervision run; a failure is logged and never touches the sync that queued it."""
    try:
        return supervision_daily(trigger="nightly")
    except Exception:
        logger.exception("The nightly supervision run failed")
        return {}
