"""The fuzz harness: mutants of a synthetic region's messages through validate -> ingest -> check, and
hostile HTTP requests against the dashboard. Shared by `tests/fuzz` (a CI-sized run) and
`benchmarks/fuzz.py` (a longer run that prints the figures).

Counted per run: tracebacks (any exception that is not a `UserError`), hangs (a step over its time
limit), values stored that differ from the XSD-validated value (JW323 prestatie fields, joined by
lxml's `itertext`, which skips comments and processing instructions, compared with `claim_lines`),
HTTP answers with status 5xx, and the process's peak memory.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import random
import resource
import signal
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lxml import etree

from zorgpad.catalog import load_catalog
from zorgpad.control.cli_support import load_policy
from zorgpad.control.run import answers, check
from zorgpad.errors import UserError
from zorgpad.ijw.validate import validate_path
from zorgpad.store import Store
from zorgpad.store.ingest import IngestOptions, ingest
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

CATALOG = "rijnmond"
# One process: SIGALRM (the hang detector) and the store's forked workers do not mix.
SINGLE_PROCESS = IngestOptions(workers=1)
CDATA_MARK = "\ue000"  # a private-use character marks where split_value wants a CDATA section
YEAR = 2025
JW323 = "http://www.istandaarden.nl/ijw/3_2/jw323/schema"
BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
# Prestatie fields compared with `claim_lines` (element local name -> column).
COMPARED = {
    "ReferentieNummer": "referentie_nummer",
    "ProductCode": "product_code",
    "ToewijzingNummer": "toewijzing_nummer",
    "Bedrag": "ingediend_bedrag",
}

HOSTILE_TEXT = [
    "", " ", "=1+1", '=HYPERLINK("//x")', "@SUM(A1)", "+31", "-1", "0", "-0", "+0042", "99999999999999999999",
    "1e309", "NaN", "10000-01-01", "-0001-05-01", "2025-02-30", "0000-01-01", "2025-13-45", "x" * 5000,
    "é" * 300, "\u202e", "<![CDATA[", "&amp;", "'; DROP TABLE claim_lines; --", "../../etc/passwd", "%00",
    "\t", "\u00a0", "999900006", "12345678X",
]  # fmt: skip


@dataclass
class Tally:
    """What one run counted."""

    mutants: int = 0
    validated: int = 0
    valid: int = 0
    stored_messages: int = 0
    compared_values: int = 0
    differing_values: int = 0
    answers: int = 0
    http_requests: int = 0
    http_5xx: int = 0
    tracebacks: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)

    def max_rss_mb(self) -> float:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return max(own, children) / 1024


class HangError(Exception):
    """A step ran past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise `HangError` in the main thread after `seconds` (SIGALRM)."""

    def alarm(_signum: int, _frame: Any) -> None:
        raise HangError

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def guarded(tally: Tally, what: str, seconds: int, step: Callable[[], Any]) -> Any:
    """Run one step; a `UserError` is an answer, any other exception a traceback, a timeout a hang."""
    try:
        with time_limit(seconds):
            return step()
    except UserError:
        return None
    except HangError:
        tally.hangs.append(what)
    except Exception:
        tally.tracebacks.append(f"{what}\n{traceback.format_exc(limit=8)}")
    return None


def corpus(folder: Path, scale: float = 0.004, seed: int = 11) -> list[Path]:
    """A small synthetic region-year under `folder`; its message files, sorted."""
    facts = region_facts(load_catalog(CATALOG), YEAR)
    generate(facts, folder, YEAR, seed=seed, scale=scale, rates=AnomalyRates.uniform(0.02))
    return sorted((folder / "berichten").rglob("*.xml"))


# --- mutations -------------------------------------------------------------------------------------


def _leaves(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str) and len(e) == 0 and e.text]


def split_value(root: etree._Element, rng: random.Random) -> str:
    """Split a leaf's text by a comment, a processing instruction or CDATA: the value must not change."""
    leaf = rng.choice(_leaves(root))
    text = leaf.text or ""
    cut = rng.randint(0, len(text))
    before, after = text[:cut], text[cut:]
    kind = rng.choice(["comment", "pi", "cdata"])
    if kind == "cdata":
        moved = after[:1] if after[:1].isalnum() else ""
        leaf.text = before + CDATA_MARK + moved + CDATA_MARK + after[len(moved) :]  # CDATA by `render`
        return "split_cdata"
    leaf.text = before
    node = etree.Comment(" x ") if kind == "comment" else etree.ProcessingInstruction("pi", "x")
    node.tail = after
    leaf.append(node)
    return f"split_{kind}"


def replace_value(root: etree._Element, rng: random.Random) -> str:
    leaf = rng.choice(_leaves(root))
    value = rng.choice(HOSTILE_TEXT)
    try:
        leaf.text = value
    except ValueError:  # text lxml cannot hold (a control character): leave the leaf alone
        return "replace_refused"
    return "replace_value"


def delete_element(root: etree._Element, rng: random.Random) -> str:
    element = rng.choice([e for e in root.iter() if isinstance(e.tag, str) and e.getparent() is not None])
    parent = element.getparent()
    assert parent is not None
    parent.remove(element)
    return "delete"


def duplicate_element(root: etree._Element, rng: random.Random) -> str:
    element = rng.choice([e for e in root.iter() if isinstance(e.tag, str) and e.getparent() is not None])
    element.addnext(copy.deepcopy(element))
    return "duplicate"


def swap_siblings(root: etree._Element, rng: random.Random) -> str:
    parents = [e for e in root.iter() if isinstance(e.tag, str) and len(e) >= 2]
    parent = rng.choice(parents)
    first, second = rng.sample(range(len(parent)), 2)
    children = list(parent)
    children[first], children[second] = children[second], children[first]
    parent[:] = children
    return "swap"


def nest_deep(root: etree._Element, rng: random.Random) -> str:
    leaf = rng.choice(_leaves(root))
    inner = leaf
    for _ in range(rng.choice([10, 300, 3000])):
        inner = etree.SubElement(inner, "diep")
    return "nest"


TREE_MUTATIONS = [split_value, split_value, replace_value, replace_value, delete_element, duplicate_element,
                  swap_siblings, nest_deep]  # fmt: skip


def render(root: etree._Element) -> bytes:
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    # CDATA marked by split_value: a real CDATA section (lxml cannot put one inside mixed text).
    mark = CDATA_MARK.encode()
    while mark in data:
        data = data.replace(mark, b"<![CDATA[", 1).replace(mark, b"]]>", 1)
    return data


def byte_mutation(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    kind = rng.choice(["truncate", "flip", "insert", "doctype", "bom", "encoding", "huge"])
    if kind == "truncate":
        return data[: rng.randint(0, len(data))], kind
    if kind == "flip":
        at = rng.randrange(len(data))
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :], kind
    if kind == "insert":
        at = rng.randrange(len(data))
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[at:], kind
    if kind == "doctype":
        head, _, rest = data.partition(b"?>")
        return head + b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + rest, kind
    if kind == "bom":
        return b"\xef\xbb\xbf" + data, kind
    if kind == "encoding":
        return data.replace(b"UTF-8", b"UTF-16", 1), kind
    return data.replace(b"</jw323:Bericht>", b"<!--" + b"x" * 1_000_000 + b"--></jw323:Bericht>"), kind


def mutants(sources: list[Path], count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """`count` mutants of the corpus: (kind, bytes); one to three tree mutations, or a byte mutation."""
    rng = random.Random(seed)
    originals = [path.read_bytes() for path in sources]
    for _ in range(count):
        data = rng.choice(originals)
        if rng.random() < 0.2:
            mutated, kind = byte_mutation(data, rng)
            yield kind, mutated
            continue
        root = etree.fromstring(data)
        kinds = [rng.choice(TREE_MUTATIONS)(root, rng) for _ in range(rng.randint(1, 3))]
        yield "+".join(sorted(set(kinds))), render(root)


# --- the pipeline ----------------------------------------------------------------------------------


def run_messages(
    sources: list[Path], count: int, seed: int, work: Path, tally: Tally, batch: int = 2000
) -> None:
    """`count` mutants through validate, ingest and check, in batches of `batch` per store."""
    policy = load_policy(CATALOG)
    produced = mutants(sources, count, seed)
    for number in range(0, count, batch):
        folder = work / f"partij{number // batch:03d}"
        (folder / "berichten").mkdir(parents=True)
        names: dict[str, bytes] = {}
        for index, (kind, data) in enumerate(_take(produced, batch)):
            tally.mutants += 1
            tally.kinds[kind.split("+")[0]] += 1
            path = folder / "berichten" / f"m{number + index:06d}.xml"
            path.write_bytes(data)
            names[hashlib.sha256(data).hexdigest()] = data
            result = guarded(tally, f"validate {path.name} ({kind})", 30, lambda p=path: validate_path(p))
            if result is not None:
                tally.validated += 1
                tally.valid += int(result.valid)
        db = folder / "zorg.duckdb"
        guarded(tally, f"ingest {folder.name}", 600, lambda f=folder, d=db: ingest(f, d, SINGLE_PROCESS))
        if db.exists():
            _compare_stored(db, names, tally)
            guarded(tally, f"check {folder.name}", 600, lambda d=db: _check(d, policy, tally))


def _take(iterator: Iterator[Any], n: int) -> Iterator[Any]:
    for _ in range(n):
        try:
            yield next(iterator)
        except StopIteration:
            return


def _check(db: Path, policy: Any, tally: Tally) -> None:
    with Store.open(db, read_only=True) as store:
        tables = store.present_tables()
        result = check(store.backend, tables, policy)
        tally.answers += len(answers(tables, result, dt.date(YEAR + 1, 1, 31)))


def _joined(element: etree._Element | None) -> str | None:
    """The value as the XSD sees it, computed apart from zorgpad: lxml's itertext skips comments and PIs."""
    if element is None:
        return None
    return "".join(element.itertext()).strip()


def _compare_stored(db: Path, originals: dict[str, bytes], tally: Tally) -> None:
    """Every stored prestatie field of a valid JW323 equals its validated (joined) value."""
    with Store.open(db, read_only=True) as store:
        stored = store.connection.execute(
            "SELECT message_id, position, " + ", ".join(COMPARED.values()) + " FROM claim_lines ORDER BY 1, 2"
        ).fetchall()
        tally.stored_messages += store.connection.execute(
            "SELECT count(*) FROM messages WHERE valid"
        ).fetchall()[0][0]
    lines: dict[str, list[tuple[Any, ...]]] = {}
    for row in stored:
        lines.setdefault(row[0], []).append(row[2:])
    for message_id, rows in lines.items():
        root = etree.fromstring(
            originals[message_id], etree.XMLParser(resolve_entities=False, huge_tree=False)
        )
        prestaties = list(root.iter(f"{{{JW323}}}Prestatie"))
        for row, prestatie in zip(rows, prestaties, strict=False):
            for (name, _column), value in zip(COMPARED.items(), row, strict=True):
                namespace = BASIS if name in ("ReferentieNummer", "Bedrag") else JW323
                found = next(prestatie.iter(f"{{{namespace}}}{name}"), None)
                expected = _joined(found)
                tally.compared_values += 1
                if not _same(value, expected):
                    tally.differing_values += 1
                    tally.tracebacks.append(
                        f"stored {name}={value!r}, validated {expected!r} in {message_id[:12]}"
                    )


def _same(stored: Any, validated: str | None) -> bool:
    # Whitespace around a value is not what this compares (string types keep it, the oracle strips it).
    if validated is None or validated == "":
        return stored is None or str(stored).strip() == ""
    if isinstance(stored, int):
        try:
            return stored == int(validated)
        except ValueError:
            return False
    return str(stored).strip() == validated


# --- HTTP ------------------------------------------------------------------------------------------

HOSTILE_PARAMS = ["van", "tot", "gemeente", "product", "aanbieder", "s1", "s2", "s3", "op", "q", "id"]
HOSTILE_VALUES = [*HOSTILE_TEXT, "9" * 7000, "2025-01-01", "0384", "45A03", "12345678",
                  "indexeer_tarieven:procent=1e309", "begrens_duur:producten=45A03,maanden=1e30",
                  "nieuw_product:code=X,van=45A03,tarief=-1", "identiek;" * 50]  # fmt: skip
HOSTILE_HOSTS = ["localhost", "127.0.0.1:8000", "evil.example", "", "[::1]", "localhost:abc", "x" * 300]


def http_requests(paths: list[str], count: int, seed: int) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(method, url, headers) of `count` hostile requests over the app's paths."""
    rng = random.Random(seed)
    for _ in range(count):
        path = rng.choice(paths)
        path = path.replace("{", "").replace("}", "")
        if "/" in path.strip("/") and rng.random() < 0.5:
            head, _, _ = path.rstrip("/").rpartition("/")
            path = f"{head}/{quote(rng.choice(HOSTILE_VALUES)[:300], safe='')}"
        params = "&".join(
            f"{rng.choice(HOSTILE_PARAMS)}={quote(rng.choice(HOSTILE_VALUES), safe='')}"
            for _ in range(rng.randint(0, 3))
        )
        url = f"{path}?{params}" if params else path
        method = rng.choice(["GET"] * 8 + ["POST", "PUT", "DELETE", "HEAD", "OPTIONS"])
        headers = {"host": rng.choice(HOSTILE_HOSTS[:3]) if rng.random() < 0.9 else rng.choice(HOSTILE_HOSTS)}
        if rng.random() < 0.5:
            headers["accept"] = rng.choice(["text/html", "application/json", "*/*", "x" * 200])
        yield method, url, headers


def run_http(db: Path, count: int, seed: int, tally: Tally) -> None:
    from zorgpad.app.web import create_app
    from zorgpad.app.web.auth.testing import bearer_headers
    from zorgpad.app.web.routes import all_routes

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    app = create_app(db, CATALOG, warm=False)
    paths = sorted({getattr(route, "path", "/") for route in all_routes(app)} | {"/", "/nergens"})
    with TestClient(app, raise_server_exceptions=False, base_url="http://localhost") as client:
        signed_in = bearer_headers(app)
        rng = random.Random(seed)
        for method, url, headers in http_requests(paths, count, seed):
            if rng.random() < 0.9:  # most requests signed in, so that the routes behind the login are fuzzed
                headers = {**headers, **signed_in}
            tally.http_requests += 1
            answer = guarded(
                tally,
                f"{method} {url[:120]}",
                60,
                lambda m=method, u=url, h=headers: client.request(m, u, headers=h),
            )
            if answer is None:
                continue
            tally.statuses[answer.status_code] += 1
            if answer.status_code >= 500:
                tally.http_5xx += 1
                tally.tracebacks.append(f"HTTP {answer.status_code}: {method} {url[:200]}")
