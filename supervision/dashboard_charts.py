"""The dashboard's four charts, drawn from its (cached) figures: stage funnel, ageing, workload per
fee earner, and time to the liability decision per compensator."""

from supervision.charts import Bar, Series, bar_chart
from supervision.urls_helpers import list_url

CLAIMS = Series("Claims", "#2f6db5")
MEDIAN = Series("Median days", "#1d3a5f")
WORST = Series("Worst days", "#9cc3f0", "hatch")
OVERDUE = Series("Overdue", "#b3261e", "hatch")
THIS_WEEK = Series("Due this week", "#a15c00", "dots")
LATER = Series("Later", "#c9d2dd")


def _funnel(portal: dict):
    bars = [
        Bar(
            "Not submitted",
            (portal["not_submitted"],),
            (list_url("not_submitted", portal=portal["portal"]),),
        )
    ]
    bars += [
        Bar(s["stage"], (s["claims"],), (list_url("stage", portal=portal["portal"], stage=s["stage"]),))
        for s in portal["stages"]
    ]
    return bar_chart(
        chart_id=f"funnel-{portal['portal']}",
        title=f"{portal['label']}: claims by stage",
        series=[CLAIMS],
        bars=bars,
    )


def _ageing(portal: dict):
    bars = []
    for s in portal["stages"]:
        if not s["claims"] or s["median_days"] is None:
            continue  # no claim of this stage has a known start: nothing to chart
        href = list_url("stage", portal=portal["portal"], stage=s["stage"])
        median = s["median_days"]
        text = f"median {median:.1f} · worst {s['worst_days']} days".replace(".0 ", " ")
        bars.append(Bar(s["stage"], (median, s["worst_days"]), (href, href), text=text))
    return bar_chart(
        chart_id=f"ageing-{portal['portal']}",
        title=f"{portal['label']}: days in the current stage",
        series=[MEDIAN, WORST],
        bars=bars,
        stacked=False,
    )


def _workload(tasks: list[dict]):
    bars = [
        Bar(
            t["name"],
            (t["overdue"], t["due_this_week"], t["later"]),
            (
                list_url("tasks_overdue", fee_earner=t["assignee_id"]),
                list_url("tasks_week", fee_earner=t["assignee_id"]),
                "",
            ),
            text=f"{t['overdue']} overdue, {t['due_this_week']} this week",
        )
        for t in tasks
    ]
    return bar_chart(
        chart_id="workload", title="Open tasks per fee earner", series=[OVERDUE, THIS_WEEK, LATER], bars=bars
    )


def _liability(rows: list[dict]):
    bars = [
        Bar(
            r["compensator"],
            (r["median_days"], r["worst_days"]),
            (list_url("liability_time", compensator=r["compensator"]),) * 2,
            text=f"median {r['median_days']:.1f} · worst {r['worst_days']} · {r['claims']} claims".replace(
                ".0 ", " "
            ),
        )
        for r in rows
    ]
    return bar_chart(
        chart_id="liability-time",
        title="Business days to the liability decision, per compensator (last 12 months)",
        series=[MEDIAN, WORST],
        bars=bars,
        stacked=False,
    )


def dashboard_charts(data: dict) -> dict:
    return {
        "portals": [{"data": p, "funnel": _funnel(p), "ageing": _ageing(p)} for p in data["portals"]],
        "workload": _workload(data["tasks"]),
        "liability": _liability(data["liability_times"]),
    }
