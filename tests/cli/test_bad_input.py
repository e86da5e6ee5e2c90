"""Bad values a probe gave the command line: each is a coded Dutch error with exit 2, never a traceback.

Dates in a catalogue given to any command, dates given to options, output places that are files or
cannot be made, numbers that overflow, and a dashboard port that is taken or a host that is not ours.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from zorgpad.app.listen import listening_socket
from zorgpad.catalog.bundled import bundled_versions
from zorgpad.errors import UserError

from .entry import Runner


@pytest.fixture(scope="module")
def bad_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bundled catalogue whose publication date does not exist (2025-13-45)."""
    source = Path(next(v for v in bundled_versions() if v.name == "rijnmond").path)
    text = source.read_text(encoding="utf-8")
    published = next(line for line in text.splitlines() if line.startswith("published:"))
    bad = tmp_path_factory.mktemp("catalogus") / "fout.yaml"
    bad.write_text(text.replace(published, "published: 2025-13-45", 1), encoding="utf-8")
    return bad


def _expect(outcome_code: int, err: str, code: str) -> None:
    assert outcome_code == 2, err
    assert err.startswith("Fout: ") and f"[{code}]" in err, err
    assert "Traceback" not in err


CATALOG_USES = [
    ("check", "--db", "{db}", "--catalog", "{cat}", "--out", "{tmp}/controle"),
    ("explain", "X", "--db", "{db}", "--catalog", "{cat}"),
    ("serve", "--db", "{db}", "--catalog", "{cat}"),
    ("synth", "--catalog", "{cat}", "--out", "{tmp}/synth", "--year", "2025"),
    ("triage", "--catalog", "{cat}"),
    ("catalog", "check", "{cat}"),
    ("catalog", "show", "{cat}"),
]


@pytest.mark.parametrize("template", CATALOG_USES, ids=lambda t: " ".join(t[:2]))
def test_a_catalogue_date_that_does_not_exist_is_located(
    zorgpad: Runner, bad_catalog: Path, tmp_path: Path, template: tuple[str, ...]
) -> None:
    db = tmp_path / "leeg.duckdb"
    args = [part.format(db=db, cat=bad_catalog, tmp=tmp_path) for part in template]
    outcome = zorgpad(*args)
    if "[DB-ONBEKEND]" in outcome.err:  # a command that opens the store before the catalogue
        pytest.fail(f"{template[0]} opened the store before reading the catalogue")
    if template[:2] == ("catalog", "check"):
        # `catalog check` lists a broken catalogue's errors as its output and exits 1, as for every
        # other catalogue error (docs/catalog.md).
        assert outcome.code == 1, outcome.err
        assert "[CAT-YAML]" in outcome.out and "Traceback" not in outcome.out + outcome.err
        assert f"{bad_catalog}:" in outcome.out and "2025-13-45" in outcome.out
        return
    _expect(outcome.code, outcome.err, "CAT-YAML")
    assert f"{bad_catalog}:" in outcome.err and "2025-13-45" in outcome.err


OUTPUT_OPTIONS = [
    ("check", "--db", "x.duckdb", "--out", "{out}"),
    ("report", "--db", "x.duckdb", "--out", "{out}/rapport.html"),
    ("synth", "--catalog", "rijnmond", "--year", "2025", "--out", "{out}"),
    ("answer", "--db", "x.duckdb", "--catalog", "rijnmond", "--out", "{out}"),
    ("demo", "--out", "{out}"),
    ("validate", "{tmp}", "--retour", "{out}"),
    ("scenario", "run", "--db", "x.duckdb", "--catalog", "rijnmond", "--out", "{out}"),
]


@pytest.mark.parametrize("template", OUTPUT_OPTIONS, ids=lambda t: " ".join(t[:2]))
def test_an_output_folder_that_is_a_file_is_refused(
    zorgpad: Runner, tmp_path: Path, template: tuple[str, ...]
) -> None:
    a_file = tmp_path / "bestand.txt"
    a_file.write_text("al bezet", encoding="utf-8")
    outcome = zorgpad(*(part.format(out=a_file, tmp=tmp_path) for part in template))
    _expect(outcome.code, outcome.err, "UITVOER-GEEN-MAP")
    assert a_file.read_text(encoding="utf-8") == "al bezet"


@pytest.mark.parametrize("template", OUTPUT_OPTIONS, ids=lambda t: " ".join(t[:2]))
def test_an_output_folder_that_cannot_be_made_is_refused(
    zorgpad: Runner, tmp_path: Path, template: tuple[str, ...]
) -> None:
    a_file = tmp_path / "bestand.txt"
    a_file.write_text("", encoding="utf-8")
    # A folder inside a file cannot be made, whoever runs the test (root ignores read-only folders).
    outcome = zorgpad(*(part.format(out=a_file / "uitvoer", tmp=tmp_path) for part in template))
    assert "[UITVOER-GEEN-MAP]" in outcome.err or "[UITVOER-NIET-SCHRIJFBAAR]" in outcome.err
    _expect(outcome.code, outcome.err, outcome.err.rsplit("[", 1)[1].rstrip("]\n"))
    assert "een deel van het pad is een bestand" in outcome.err or "is een bestand" in outcome.err


def test_a_report_into_a_folder_name_is_refused(zorgpad: Runner, tmp_path: Path) -> None:
    outcome = zorgpad("report", "--db", "x.duckdb", "--out", str(tmp_path))
    _expect(outcome.code, outcome.err, "UITVOER-IS-MAP")


@pytest.mark.parametrize("value", ["1e309", "nan", "-inf", "1e13"])
def test_a_reform_parameter_that_overflows_is_refused(zorgpad: Runner, tmp_path: Path, value: str) -> None:
    outcome = zorgpad(
        "scenario", "run", "--db", "x.duckdb", "--catalog", "rijnmond",
        "--reform", f"begrens_duur:maanden={value}", "--out", str(tmp_path / "scenario"),
    )  # fmt: skip
    _expect(outcome.code, outcome.err, "SCN-PARAMETER")


def test_a_taken_port_is_poort_bezet() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UserError) as raised:
            listening_socket("127.0.0.1", port)
    assert raised.value.code == "POORT-BEZET"
    assert str(port) in raised.value.message


def test_an_address_of_another_machine_is_host_ongeldig() -> None:
    # Binding is local: no packet leaves the machine.
    with pytest.raises(UserError) as raised:
        listening_socket("192.0.2.1", 0)
    assert raised.value.code == "HOST-ONGELDIG"


def test_a_free_port_is_bound_and_handed_over() -> None:
    with listening_socket("127.0.0.1", 0) as sock:
        assert sock.getsockname()[0] == "127.0.0.1"
        assert sock.get_inheritable()


def _dutch_only(outcome_code: int, err: str, code: str) -> None:
    _expect(outcome_code, err, code)
    for english in ("Error", "No such file", "Errno", "not a valid", "exists, but"):
        assert english not in err, err


def test_ingest_into_a_file_that_is_not_a_database(zorgpad: Runner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    text = tmp_path / "notities.duckdb"
    text.write_text("dit is geen database", encoding="utf-8")
    outcome = zorgpad("ingest", str(tmp_path / "in"), "--db", str(text))
    _dutch_only(outcome.code, outcome.err, "DB-GEEN-DATABASE")
    assert text.read_text(encoding="utf-8") == "dit is geen database"
    folder = zorgpad("ingest", str(tmp_path / "in"), "--db", str(tmp_path))
    _dutch_only(folder.code, folder.err, "DB-IS-MAP")


def test_a_reform_file_that_does_not_exist(zorgpad: Runner, tmp_path: Path) -> None:
    outcome = zorgpad(
        "scenario", "run", "--db", "x.duckdb", "--catalog", "rijnmond",
        "--reform-file", str(tmp_path / "weg.yaml"), "--out", str(tmp_path / "scenario"),
    )  # fmt: skip
    _dutch_only(outcome.code, outcome.err, "SCN-BESTAND")
    assert "het bestand bestaat niet" in outcome.err


def test_an_address_file_that_does_not_exist(zorgpad: Runner, tmp_path: Path) -> None:
    outcome = zorgpad(
        "answer", "--db", "x.duckdb", "--catalog", "rijnmond", "--out", str(tmp_path / "uit"),
        "--adressen", str(tmp_path / "weg.csv"),
    )  # fmt: skip
    _dutch_only(outcome.code, outcome.err, "ADRESSEN-BESTAND")
    assert "het bestand bestaat niet" in outcome.err


def test_serve_on_a_taken_port_says_so_in_dutch(zorgpad: Runner) -> None:
    """Issue 17 item 8: the command itself, not only its socket helper, never shows uvicorn's English."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        outcome = zorgpad("serve", "--db", "x.duckdb", "--port", port)
    _dutch_only(outcome.code, outcome.err, "POORT-BEZET")
    assert port in outcome.err and "address already in use" not in outcome.text.lower()


def test_serve_on_a_host_that_is_not_this_machine_says_so_in_dutch(zorgpad: Runner) -> None:
    outcome = zorgpad("serve", "--db", "x.duckdb", "--host", "192.0.2.1", "--port", "8765")
    _dutch_only(outcome.code, outcome.err, "HOST-ONGELDIG")
    assert "cannot assign" not in outcome.text.lower()
