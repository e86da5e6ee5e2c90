"""`zorgpad demo`: the bundled examples validated and summarised in Dutch; always exit 0."""

from __future__ import annotations

from pathlib import Path

from zorgpad.app.demo import bundled_examples, run_demo


def test_the_demo_uses_the_bundled_examples(examples_dir: Path) -> None:
    assert bundled_examples().resolve() == examples_dir.resolve()


def test_run_demo_reports_the_known_faults_of_the_examples() -> None:
    summary = run_demo()
    assert (summary.total, summary.valid, summary.invalid) == (14, 10, 4)
    faults = {line.code: line.rules for line in summary.lines if not line.valid}
    assert faults == {"JW315": ("XSD",), "JW317": ("CS003",), "JW318": ("XSD",), "JW323": ("TR101",)}
    names = {line.code: line.name_nl for line in summary.lines}
    assert names["JW323"] == "Declaratie"


def test_run_demo_on_a_folder_with_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "kapot.xml").write_bytes(b"<niet")
    (line,) = run_demo(tmp_path).lines
    assert (line.code, line.valid, line.rules) == ("?", False, ("XML",))
