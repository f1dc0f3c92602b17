"""Every link between the project's documents leads somewhere: the file exists, and so does
the heading an anchor names (as GitHub makes anchors from headings)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
DOCUMENTS = sorted([*ROOT.glob("*.md"), *(ROOT / "docs").glob("*.md")])
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def anchors(document: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.S)
    headings = re.findall(r"^#{1,6} +(.+?) *$", text, flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def broken_links(document: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto: go outside
            continue
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        missing_anchor = bool(anchor) and linked.suffix == ".md" and (
            not linked.exists() or anchor not in anchors(linked))
        if not linked.exists() or missing_anchor:
            broken.append(target)
    return broken


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_resolve(document: Path) -> None:
    assert broken_links(document) == []


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    (tmp_path / "there.md").write_text("# The office (中心办公室)\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("[a](there.md#the-office-中心办公室) [b](gone.md) [c](there.md#nowhere) "
                    "[d](https://example.org/x) [e](#here)\n## Here\n", encoding="utf-8")
    assert broken_links(page) == ["gone.md", "there.md#nowhere"]


def test_the_documents_are_found() -> None:
    names = {str(p.relative_to(ROOT)) for p in DOCUMENTS}
    assert {"README.md", "CHANGELOG.md", "CONTRIBUTING.md", "docs/deploy.md",
            "docs/backup.md", "docs/architecture.md", "docs/configuration.md",
            "docs/rules.md", "docs/api.md", "docs/protections.md", "docs/kiosk.md",
            "docs/counter.md", "docs/display.md", "docs/office.md", "docs/county.md",
            "docs/benchmarks.md"} <= names


def test_every_document_is_linked_from_the_readme() -> None:
    readme = ROOT / "README.md"
    linked = {(ROOT / target.partition("#")[0]).resolve()
              for target in LINK.findall(readme.read_text(encoding="utf-8"))}
    assert [str(d.relative_to(ROOT)) for d in DOCUMENTS
            if d != readme and d.resolve() not in linked] == []


def test_the_readme_reads_in_five_minutes() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150
