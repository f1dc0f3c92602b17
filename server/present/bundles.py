"""Bundles and joint tickets as each audience sees them (`bianmin.wire.bundles`)."""

from __future__ import annotations

from bianmin.domain.bundles import BUNDLE_STATUS_NAMES, Bundle, BundleStatus, materials_for
from bianmin.domain.catalog import Catalog
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import OUTCOME_NAMES, TicketState
from bianmin.wire import bundles as wb

JOINED_NAME = "联办件"


def bundle_view(b: Bundle, catalog: Catalog) -> wb.BundleView:
    return wb.BundleView(
        id=b.id, name=b.name, name_en=b.name_en, summary=b.summary, matters=list(b.matters),
        matter_names=[_matter_name(catalog, m) for m in b.matters],
        any_order=list(b.any_order),
        materials=list(materials_for(b, lambda p: _materials(catalog, p))),
        time_limit_minutes=b.time_limit_minutes)


def progress(t: Ticket, catalog: Catalog) -> wb.BundleProgress | None:
    status = t.bundle_status
    if status is None:
        return None
    done = {s.matter: s for s in t.steps_done}
    taking = t.step if status is BundleStatus.GOING else ""
    ordered = [s.matter for s in t.steps_done] + [m for m in t.plan if m not in done]
    steps: list[wb.BundleStep] = []
    for m in ordered:
        if m in done:
            steps.append(wb.BundleStep(matter=m, matter_name=_matter_name(catalog, m),
                                       state="done", window=done[m].window))
        elif m == taking:
            at = t.window if t.state in (TicketState.CALLED, TicketState.SERVING) else None
            steps.append(wb.BundleStep(matter=m, matter_name=_matter_name(catalog, m),
                                       state="now", window=at))
        else:
            state: wb.StepState = "next" if status is BundleStatus.GOING else "left"
            steps.append(wb.BundleStep(matter=m, matter_name=_matter_name(catalog, m),
                                       state=state, window=None))
    bundle = catalog.bundle(t.bundle)
    current = len(t.steps_done) + (1 if taking else 0)
    return wb.BundleProgress(
        bundle=t.bundle, name=bundle.name if bundle else JOINED_NAME, status=status,
        status_name=BUNDLE_STATUS_NAMES[status], steps=steps, step=max(1, current),
        of=len(t.plan))


def records(t: Ticket, catalog: Catalog) -> list[wb.StepRecord]:
    return [wb.StepRecord(matter=s.matter, matter_name=_matter_name(catalog, s.matter),
                          window=s.window, clerk=s.clerk, clerk_name=catalog.clerk_name(s.clerk),
                          outcome=s.outcome, outcome_name=OUTCOME_NAMES[s.outcome],
                          received_at=s.received_at, finished_at=s.finished_at)
            for s in t.steps_done]


def _matter_name(catalog: Catalog, prefix: str) -> str:
    matter = catalog.matter(prefix)
    return matter.name if matter else prefix


def _materials(catalog: Catalog, prefix: str) -> tuple[str, ...]:
    matter = catalog.matter(prefix)
    return matter.materials if matter else ()
