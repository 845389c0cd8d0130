"""Each installed portal's statuses, grouped the way supervision counts them: by stage, by who acts
next, and by what they wait for. Read from the portal registry only (no status code is named here)."""

from dataclasses import dataclass
from functools import cache

from django.db.models import Case as When_
from django.db.models import CharField, Value, When

from cases.models import Portal
from portal.base import Actor
from portal.registry import installed_portals, rules_for

UNKNOWN_STAGE = "Not known"


@dataclass(frozen=True)
class PortalStatuses:
    portal: str
    label: str
    stages: tuple[str, ...]  # open stages, in process order
    stage_codes: dict[str, tuple[str, ...]]
    us: tuple[str, ...]  # open statuses where the firm acts next
    compensator: tuple[str, ...]  # open statuses where the compensator acts next
    awaiting_completion: tuple[str, ...]
    open: tuple[str, ...]

    @property
    def task_prefix(self) -> str:
        """The key prefix of the tasks the sync raises for this portal's actions."""
        return f"{self.portal}:assignment:"

    def stage_expression(self):
        """SQL that names a claim's stage from its status (unknown statuses: "Not known")."""
        whens = [When(status__in=codes, then=Value(stage)) for stage, codes in self.stage_codes.items()]
        return When_(*whens, default=Value(UNKNOWN_STAGE), output_field=CharField())

    def codes_of(self, stage: str) -> tuple[str, ...]:
        return self.stage_codes.get(stage, ())


@cache
def portal_statuses(portal: str) -> PortalStatuses:
    infos = [info for info in rules_for(portal).statuses() if not info.is_closed]
    stages: dict[str, list[str]] = {}
    for info in infos:
        stages.setdefault(info.stage, []).append(info.code)
    return PortalStatuses(
        portal=portal,
        label=Portal(portal).label,
        stages=tuple(stages),
        stage_codes={stage: tuple(codes) for stage, codes in stages.items()},
        us=tuple(i.code for i in infos if i.next_actor == Actor.US),
        compensator=tuple(i.code for i in infos if i.next_actor == Actor.COMPENSATOR),
        awaiting_completion=tuple(i.code for i in infos if i.awaits_completion),
        open=tuple(i.code for i in infos),
    )


def installed() -> list[PortalStatuses]:
    return [portal_statuses(portal) for portal in installed_portals()]
