"""Hostile and broken input through the command line: a Dutch message, exit 1, nothing else.

No traceback, no entity expansion, no network access and no memory blow-up.
"""

from __future__ import annotations

import random
import socket
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zorgpad.app.cli import app

NS_301 = "http://www.istandaarden.nl/ijw/3_2/jw301/schema"


def _validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _write(tmp_path: Path, data: bytes, name: str = "bericht.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP port that records whether anybody connected (it must stay silent)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def _nobody_connected(server: socket.socket) -> bool:
    time.sleep(0.05)
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def test_external_file_entity_is_refused_and_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text("ZEER-GEHEIME-INHOUD", encoding="utf-8")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE Bericht [<!ENTITY x SYSTEM "file://{secret}">]>'
        f'<Bericht xmlns="{NS_301}">&x;</Bericht>'
    )
    code, output = _validate(_write(tmp_path, data.encode()))
    assert code == 1
    assert "DOCTYPE" in output
    assert "XML-DTD" in output
    assert "ZEER-GEHEIME-INHOUD" not in output


def test_etc_passwd_entity_is_refused(tmp_path: Path) -> None:
    data = (
        '<?xml version="1.0"?><!DOCTYPE Bericht [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<Bericht xmlns="{NS_301}">&x;</Bericht>'
    )
    code, output = _validate(_write(tmp_path, data.encode()))
    assert code == 1
    assert "XML-DTD" in output
    assert "root:" not in output


@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE Bericht [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/x">]>'
        '<Bericht xmlns="{ns}">&x;</Bericht>',
        '<!DOCTYPE Bericht SYSTEM "http://127.0.0.1:{port}/bericht.dtd"><Bericht xmlns="{ns}"/>',
        '<!DOCTYPE Bericht [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p">%p;]><Bericht xmlns="{ns}"/>',
    ],
)
def test_network_entities_are_never_fetched(tmp_path: Path, listener: socket.socket, template: str) -> None:
    port = listener.getsockname()[1]
    data = '<?xml version="1.0"?>' + template.format(port=port, ns=NS_301)
    code, output = _validate(_write(tmp_path, data.encode()))
    assert code == 1
    assert "XML-DTD" in output
    assert _nobody_connected(listener)


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    data = (
        f'<?xml version="1.0"?><!DOCTYPE Bericht [{"".join(entities)}]>'
        f'<Bericht xmlns="{NS_301}">&lol9;</Bericht>'
    )
    started = time.perf_counter()
    code, output = _validate(_write(tmp_path, data.encode()))
    assert time.perf_counter() - started < 2
    assert code == 1
    assert "XML-DTD" in output
    assert "lollol" not in output


def test_a_plain_dtd_is_refused(tmp_path: Path) -> None:
    data = f'<?xml version="1.0"?><!DOCTYPE Bericht [<!ELEMENT Bericht ANY>]><Bericht xmlns="{NS_301}"/>'
    code, output = _validate(_write(tmp_path, data.encode()))
    assert code == 1
    assert "XML-DTD" in output
    assert "DTD" in output


def test_a_utf16_dtd_is_refused(tmp_path: Path) -> None:
    data = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE Bericht [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<Bericht xmlns="{NS_301}">&x;</Bericht>'
    )
    code, output = _validate(_write(tmp_path, data.encode("utf-16")))
    assert code == 1
    assert "XML-DTD" in output


def test_a_200_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "enorm.xml"
    with path.open("wb") as stream:
        stream.write(f'<Bericht xmlns="{NS_301}">'.encode())
        stream.truncate(200 * 1024 * 1024)  # sparse: no disk or memory spent on the 200 MB
    tracemalloc.start()
    try:
        code, output = _validate(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1
    assert "XML-TE-GROOT" in output
    assert "200.0 MB" in output
    assert "OP179" in output
    assert peak < 20 * 1024 * 1024


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    code, output = _validate(_write(tmp_path, random.Random(7).randbytes(4096)))
    assert code == 1
    assert "XML-ONLEESBAAR" in output
    assert "geen geldige XML" in output


def test_a_wrong_namespace_is_refused(tmp_path: Path) -> None:
    data = b'<Bericht xmlns="http://www.istandaarden.nl/iwmo/3_2/wmo301/schema"><Header/></Bericht>'
    code, output = _validate(_write(tmp_path, data))
    assert code == 1
    assert "XML-ONBEKEND-BERICHT" in output
    assert "geen iJw 3.2-bericht" in output


def test_truncated_xml_is_refused(examples_dir: Path, tmp_path: Path) -> None:
    whole = (examples_dir / "JW323.xml").read_bytes()
    code, output = _validate(_write(tmp_path, whole[: len(whole) // 2]))
    assert code == 1
    assert "XML-ONLEESBAAR" in output
    assert "afgekapt" in output


@pytest.mark.parametrize("data", [b"", b"  \n\t  "])
def test_an_empty_file_is_refused(tmp_path: Path, data: bytes) -> None:
    code, output = _validate(_write(tmp_path, data))
    assert code == 1
    assert "XML-LEEG" in output
    assert "leeg" in output


def test_json_reports_an_unreadable_file_with_rule_xml_and_no_message_type(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\x00\xff\x00 niet xml")
    result = CliRunner().invoke(app, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    assert '"message": null' in result.output
    assert '"rule": "XML"' in result.output
