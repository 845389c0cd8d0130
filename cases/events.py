"""The vocabulary of case history: every kind of event a case can record, with its description."""

EVENT_KINDS = {
    "case.opened": "Case opened",
    "case.updated": "Case details changed",
    "case.reassigned": "Fee earner changed",
    "case.closed": "Case closed",
    "case.reopened": "Case reopened",
    "note.added": "Note added",
    "document.uploaded": "Document uploaded",
    "document.viewed": "Document opened",
    "task.created": "Task created",
    "task.completed": "Task completed",
    "task.reopened": "Task reopened",
    "task.cancelled": "Task cancelled",
    "limitation.changed": "Limitation date changed",
    "drift.reviewed": "Drift report line reviewed",
    "portal.action": "Portal action",
    "portal.error": "Portal action failed",
    "portal.sync": "Portal changes received",
}
