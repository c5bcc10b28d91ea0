"""The ward board's filters: status, kind and search by GET parameters, applied to the
already-built board (checklists.board_filters), on the page without JavaScript."""

from __future__ import annotations

import pytest

from checklists import board, board_filters
from checklists.board_filters import BoardFilter, filter_board, parse_filter

from .board_scene import AFTERNOON, MORNING, at, board_clock_at, make_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(ward, nurse):
    return make_scene(ward, nurse)


def _shown(filtered) -> dict[str, list[str]]:
    """Patient name -> the kinds of her shown entries."""
    return {
        p.row.patient.full_name: [e.entry_point.kind for e in p.entries] for p in filtered.patients
    }


def _filtered(scene, hhmm: str = MORNING, mine=(), saved=None, **params):
    built = board.build_ward_board(scene.ward, at(hhmm))
    parsed = parse_filter(params)
    assert parsed.notes == []
    return filter_board(built, parsed.filter, mine, saved)


# --- The filter on the board's data ---------------------------------------------------


def test_no_filter_shows_every_patient_with_every_entry(scene):
    filtered = _filtered(scene)
    assert _shown(filtered) == {
        "Ann Smith": ["piv", "iuc"],
        "Bob Jones": ["cvc", "wound"],
        "Zoë Łukasz-Nguyễn": ["piv"],
        "Dan Brown": [],
    }
    assert (filtered.shown, filtered.total) == (4, 4)


def test_due_shows_only_the_unchecked_entries_before_they_turn_overdue(scene):
    assert _shown(_filtered(scene, MORNING, status="due")) == {
        "Ann Smith": ["iuc"],
        "Bob Jones": ["wound"],
    }
    assert _shown(_filtered(scene, AFTERNOON, status="due")) == {}


def test_overdue_shows_them_after_the_overdue_time(scene):
    assert _shown(_filtered(scene, MORNING, status="overdue")) == {}
    filtered = _filtered(scene, AFTERNOON, status="overdue")
    assert _shown(filtered) == {"Ann Smith": ["iuc"], "Bob Jones": ["wound"]}
    assert (filtered.shown, filtered.total) == (2, 4)


def test_flagged_is_an_open_infection_flag_or_a_check_not_compliant(scene):
    assert _shown(_filtered(scene, status="flagged")) == {
        "Bob Jones": ["cvc"],  # not compliant
        "Zoë Łukasz-Nguyễn": ["piv"],  # signs of infection: a flag is open
    }


def test_done_is_checked_today_compliant_or_not(scene):
    assert _shown(_filtered(scene, status="done")) == {
        "Ann Smith": ["piv"],
        "Bob Jones": ["cvc"],
        "Zoë Łukasz-Nguyễn": ["piv"],
    }


def test_kind_shows_the_patients_with_that_kind_only(scene):
    assert _shown(_filtered(scene, kind="piv")) == {
        "Ann Smith": ["piv"],
        "Zoë Łukasz-Nguyễn": ["piv"],
    }
    assert _shown(_filtered(scene, kind="piv", status="done")) == {
        "Ann Smith": ["piv"],
        "Zoë Łukasz-Nguyễn": ["piv"],
    }
    assert _shown(_filtered(scene, kind="airway")) == {}


@pytest.mark.parametrize(
    "q", ["ann", "ANN SMITH", "01", "ha1001", "  ann   smith ", "mit"], ids=repr
)
def test_a_search_matches_name_bed_or_hospital_number_in_any_case(scene, q):
    # With a search alone the patient shows with every entry.
    assert _shown(_filtered(scene, q=q)) == {"Ann Smith": ["piv", "iuc"]}


def test_a_search_matches_names_in_any_script(scene):
    assert list(_shown(_filtered(scene, q="łukasz-nguyễn"))) == ["Zoë Łukasz-Nguyễn"]
    assert list(_shown(_filtered(scene, q="ZOË"))) == ["Zoë Łukasz-Nguyễn"]


def test_a_search_finds_a_patient_with_nothing_in_place(scene):
    assert _shown(_filtered(scene, q="dan")) == {"Dan Brown": []}
    # ... but an entry filter leaves her out: she has no entry that matches.
    assert _shown(_filtered(scene, q="dan", status="due")) == {}


def test_search_and_status_together(scene):
    assert _shown(_filtered(scene, q="bob", status="due")) == {"Bob Jones": ["wound"]}
    assert _shown(_filtered(scene, q="nobody by this name")) == {}


def test_the_header_counts_agree_with_what_each_filter_shows(scene):
    built = board.build_ward_board(scene.ward, at(AFTERNOON))
    counts = {c.status: c.count for c in board_filters.summary(built)}
    assert counts == {"overdue": 2, "due": 0, "flagged": 2, "done": 3}
    for status, count in counts.items():
        shown = filter_board(built, BoardFilter(status=status))
        assert sum(len(p.entries) for p in shown.patients) == count
    (done,) = [c for c in board_filters.summary(built) if c.status == "done"]
    assert done.not_compliant == 2  # the central line, and the PIV with signs of infection


# --- Reading the query string -----------------------------------------------------------


def test_the_filter_is_normalised_into_one_query_string():
    parsed = parse_filter({"q": "  Ann   Smith ", "status": "DUE", "kind": "piv", "mine": "1"})
    assert parsed.notes == []
    assert parsed.filter.query_string() == "status=due&kind=piv&q=Ann+Smith&mine=1"
    assert parse_filter({}).filter == BoardFilter()
    assert not parse_filter({"mine": "0", "q": "   "}).filter.active


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"status": "sideways"}, "Unknown status “sideways” ignored"),
        ({"kind": "<script>"}, "Unknown entry point kind “<script>” ignored"),
        ({"mine": "yes"}, "Unknown value “yes” for my patients ignored"),
        ({"saved": "not-a-uuid"}, "The saved row named in the address is not one"),
        ({"q": "x" * 500}, "Search shortened to its first 100 characters"),
    ],
)
def test_a_value_not_understood_is_ignored_with_a_note(params, note):
    parsed = parse_filter(params)
    assert len(parsed.notes) == 1 and parsed.notes[0].startswith(note)
    assert parsed.filter.status == "" and parsed.filter.kind == "" and not parsed.filter.mine
    assert len(parsed.filter.q) <= board_filters.MAX_QUERY_LENGTH


# --- On the page ------------------------------------------------------------------------


def _page(client, scene, monkeypatch, query: str = "", hhmm: str = AFTERNOON) -> str:
    board_clock_at(monkeypatch, at(hhmm))
    response = client.get(f"/wards/{scene.ward.code}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _rows(html: str, scene) -> set[str]:
    names = {
        "ann_piv": scene.ann_piv,
        "ann_iuc": scene.ann_iuc,
        "bob_cvc": scene.bob_cvc,
        "bob_wound": scene.bob_wound,
        "cat_piv": scene.cat_piv,
    }
    return {name for name, p in names.items() if f'data-entry-point="{p.public_id}"' in html}


def test_the_page_filters_by_status_and_says_how_many_it_shows(nurse_client, scene, monkeypatch):
    html = _page(nurse_client, scene, monkeypatch, "?status=overdue")
    assert _rows(html, scene) == {"ann_iuc", "bob_wound"}
    assert "Showing 2 of 4 patients" in html
    assert 'data-summary="overdue" aria-current="true"' in html


def test_the_unfiltered_page_shows_everything_and_no_count_of_shown(
    nurse_client, scene, monkeypatch
):
    html = _page(nurse_client, scene, monkeypatch)
    assert _rows(html, scene) == {"ann_piv", "ann_iuc", "bob_cvc", "bob_wound", "cat_piv"}
    assert "Showing" not in html and "aria-current" not in html.split("<main", 1)[1]


def test_the_header_counts_link_to_their_filters(nurse_client, scene, monkeypatch):
    html = _page(nurse_client, scene, monkeypatch)
    board_url = f"/wards/{scene.ward.code}/"
    for status, label in (("overdue", "Overdue: 2"), ("flagged", "Flagged: 2")):
        assert f'href="{board_url}?status={status}" data-summary="{status}">{label}' in html
    assert "Done today: 3 (2 not compliant)" in html


def test_the_page_filters_by_kind_and_search(nurse_client, scene, monkeypatch):
    assert _rows(_page(nurse_client, scene, monkeypatch, "?kind=piv"), scene) == {
        "ann_piv",
        "cat_piv",
    }
    html = _page(nurse_client, scene, monkeypatch, "?q=hb2002")
    assert _rows(html, scene) == {"bob_cvc", "bob_wound"}
    assert "Showing 1 of 4 patients" in html
    # The form shows what was asked, for the nurse to change it.
    assert 'name="q" value="hb2002"' in html


def test_the_filter_form_works_without_javascript(nurse_client, scene, monkeypatch):
    html = _page(nurse_client, scene, monkeypatch)
    form = html.split('class="row g-2 align-items-end board-filter"', 1)[1].split("</form>")[0]
    assert 'method="get"' in html.split("board-filter", 1)[0].rsplit("<form", 1)[1]
    for name in ('name="status"', 'name="kind"', 'name="q"', 'name="mine"'):
        assert name in form
    assert ">Apply</button>" in form
    assert f'href="/wards/{scene.ward.code}/">Clear</a>' in form


def test_no_match_says_so_with_a_clear_link(nurse_client, scene, monkeypatch):
    html = _page(nurse_client, scene, monkeypatch, "?q=nobody&status=due")
    assert "No patients match this filter." in html
    assert f'<a href="/wards/{scene.ward.code}/">Clear the filter</a>' in html
    assert "Showing 0 of 4 patients" in html
    assert _rows(html, scene) == set()


@pytest.mark.parametrize(
    "query",
    [
        "?status=sideways",
        "?kind=%00",
        "?mine=%F0%9F%92%A9",
        "?saved=1%27%20OR%201=1",
        "?status=due&status=bogus",
        "?q=" + "%E2%80%AE" * 300,
        "?kind=piv&kind=",
    ],
)
def test_a_bad_value_is_a_note_never_an_error(nurse_client, scene, monkeypatch, query):
    html = _page(nurse_client, scene, monkeypatch, query)
    assert "board-table" in html or "No patients match this filter." in html
    if "bogus" in query or "sideways" in query:
        assert "ignored: showing every status" in html


def test_a_note_shows_what_was_typed_escaped(nurse_client, scene, monkeypatch):
    html = _page(nurse_client, scene, monkeypatch, "?kind=%3Cscript%3Ex")
    assert "Unknown entry point kind “&lt;script&gt;x” ignored" in html
    assert "<script>x" not in html
