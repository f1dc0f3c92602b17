"""What leaves the hall for the county, kind by kind (server/present/county.py)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta, timezone

import msgspec

from bianmin.domain import events as ev
from bianmin.domain import office_events as oe
from bianmin.domain.types import Outcome
from server.present.county import COUNTY, county_data
from server.store import dumps

AT = datetime(2026, 11, 30, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def leaves(event: ev.Event, *, personal: bool = False) -> dict[str, object]:
    out = county_data(event.kind, dumps(event), personal=personal)
    # The county decodes what it gets as the same event type: nothing is missing.
    msgspec.json.decode(out, type=ev.EVENT_TYPES[event.kind])
    result: dict[str, object] = json.loads(out)
    return result


def test_every_kind_of_event_is_listed() -> None:
    assert set(COUNTY) == set(ev.EVENT_TYPES)
    for kind, fields in COUNTY.items():
        names = {f.name for f in dataclasses.fields(ev.EVENT_TYPES[kind])}
        assert set(fields) <= names, kind


def test_personal_data_is_masked_and_codes_never_leave() -> None:
    booked = oe.AppointmentBooked(at=AT, code="K7Q2MX", matter="C", day=date(2026, 12, 1),
                                  slot="09:00-10:00", name="欧阳修", phone="13912345678",
                                  address="青溪镇东村三组28号", note="身份证 330102199001011234",
                                  by="9001")
    out = leaves(booked)
    assert (out["name"], out["phone"], out["code"]) == ("欧**", "139****5678", "")
    assert out["address"] == "青溪镇****" and "330102********1234" in str(out["note"])
    assert (out["matter"], out["slot"], out["by"]) == ("C", "09:00-10:00", "9001")
    unmasked = leaves(booked, personal=True)
    assert (unmasked["name"], unmasked["phone"], unmasked["code"]) == ("欧阳修", "13912345678",
                                                                       "")
    lodged = oe.ComplaintLodged(at=AT, number="TS20261130001", channel="kiosk", window=3,
                                clerk="1003", reason="态度差，回电13812345678", phone="13812345678",
                                request_id="r" * 12, code="ABCDEF")
    out = leaves(lodged, personal=True)
    assert (out["code"], out["request_id"], out["window"], out["clerk"]) == ("", "", 3, "1003")


def test_what_needs_no_mask_leaves_as_stored() -> None:
    called = ev.TicketCalled(at=AT, ticket="20261130-A001", window=1, clerk="1001")
    assert county_data(called.kind, dumps(called)) == dumps(called)
    finished = ev.TicketFinished(at=AT, ticket="20261130-A001", window=1, clerk="1001",
                                 outcome=Outcome.RETURNED, reason="材料不全，电话 0571-88881234",
                                 note="", overdue=True)
    out = leaves(finished)
    assert out["outcome"] == "returned" and out["overdue"] is True
    assert out["reason"] == "材料不全，电话 0571-****1234"
    issued = ev.TicketIssued(at=AT, ticket="20261130-A001", number="A001", matter="A",
                             day=date(2026, 11, 30), serial=1, priority="normal",  # type: ignore[arg-type]
                             request_id="abcdefgh1234", device="kiosk-1", appointment="K7Q2MX")
    out = leaves(issued)
    assert (out["request_id"], out["appointment"], out["number"]) == ("", "", "A001")
