"""The reader's second line of defence and its file handling, below the command line."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from zorgpad.errors import UserError
from zorgpad.ijw import reader
from zorgpad.ijw.reader import MessageReadError, message_files, parse_bytes, parse_file

NS_301 = "http://www.istandaarden.nl/ijw/3_2/jw301/schema"


@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE Bericht [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/x">]>'
        '<Bericht xmlns="{ns}">&x;</Bericht>',
        '<!DOCTYPE Bericht SYSTEM "http://127.0.0.1:{port}/b.dtd"><Bericht xmlns="{ns}"/>',
    ],
)
def test_parser_options_alone_never_fetch_from_the_network(
    template: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Switch off the DOCTYPE pre-scan: the libxml2 options must still keep the network closed.
    monkeypatch.setattr(reader, "_refuse_doctype", lambda data, source: None)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    try:
        data = template.format(port=server.getsockname()[1], ns=NS_301).encode()
        with pytest.raises(MessageReadError) as caught:
            parse_bytes(data, "x.xml")
        assert caught.value.code in {"XML-DTD", "XML-ONLEESBAAR"}
        time.sleep(0.05)
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()


def test_a_doctype_in_a_comment_after_the_root_start_is_not_mistaken_for_a_dtd() -> None:
    data = f'<Bericht xmlns="{NS_301}"><!-- <!DOCTYPE x> --></Bericht>'.encode()
    assert parse_bytes(data, "x.xml").message_type.code == "JW301"


def test_a_file_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "groot.xml"
    path.write_bytes(b"<a/>" + b" " * 100)
    with pytest.raises(MessageReadError) as caught:
        parse_file(path, max_bytes=50)
    assert caught.value.code == "XML-TE-GROOT"


def test_a_folder_given_as_file_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(MessageReadError) as caught:
        parse_file(tmp_path)
    assert caught.value.code == "BESTAND-ONLEESBAAR"


def test_message_files_searches_folders_recursively_for_xml(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/1.xml", "a/b/2.XML", "a/b/notes.txt", "3.xml"):
        (tmp_path / name).write_text("<x/>", encoding="utf-8")
    explicit = tmp_path / "a" / "b" / "notes.txt"
    found = message_files([tmp_path / "a", tmp_path / "3.xml", explicit])
    assert found == [tmp_path / "a/1.xml", tmp_path / "a/b/2.XML", tmp_path / "3.xml", explicit]


def test_message_files_refuses_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        message_files([tmp_path / "weg"])
    assert caught.value.code == "PAD-ONBEKEND"
