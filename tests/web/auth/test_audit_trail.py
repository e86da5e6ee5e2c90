"""The audit trail is append-only from the app's side and a change made outside zorgpad is detected;
the table with BSNs in clear is read by the answer code only."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from zorgpad.app.cli import app as cli
from zorgpad.app.web.auth.audit import AuditLog
from zorgpad.app.web.auth.principal import Principal
from zorgpad.errors import UserError
from zorgpad.store import Store

SOURCE = Path(__file__).resolve().parents[3] / "src" / "zorgpad"


def test_a_row_changed_or_removed_outside_zorgpad_is_detected(tmp_path: Path) -> None:
    db = tmp_path / "audit.duckdb"
    reader = Principal("lezer", "gemeente", gemeenten=frozenset({"0202"}))
    with Store.open(db, create=True) as store:
        log = AuditLog(store.connection)
        for number in range(3):
            log.record(reader, "GET", f"/portaal?pagina={number}", [f"{number:032x}"])
    assert not [name for name in dir(AuditLog) if re.search("delete|update|remove|clear", name, re.I)]
    runner = CliRunner()
    intact = runner.invoke(cli, ["audit", "--db", str(db)])
    assert intact.exit_code == 0 and intact.output.count("lezer (gemeente, gemeente:0202)") == 3

    tampers = (
        "UPDATE audit_log SET gebruiker = 'iemand-anders' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 2",
    )
    for tamper in tampers:
        copy = tmp_path / f"{tamper.split()[0].lower()}.duckdb"
        copy.write_bytes(db.read_bytes())
        with duckdb.connect(str(copy)) as con:
            con.execute(tamper)
        broken = runner.invoke(cli, ["audit", "--db", str(copy)])
        assert isinstance(broken.exception, UserError), tamper
        assert broken.exception.code == "AUDITLOG-GEWIJZIGD" and "na regel" in broken.exception.message


def test_only_the_answer_code_and_the_store_read_the_bsns_in_clear() -> None:
    """`clients_clear` is named only where the store writes it and where answer messages are built
    (`zorgpad check`'s JW325s, the portal's JW325 rebuilt from a stored run) or redacted."""
    naming = {
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if "clients_clear" in path.read_text(encoding="utf-8")
    }
    assert naming == {
        "control/run.py",
        "control/stored_answers.py",
        "ijw/redact.py",
        "store/database.py",
        "store/pseudonym.py",
        "store/schema.py",
    }
    assert not [name for name in naming if name.startswith(("app/", "insights/", "report/"))]
