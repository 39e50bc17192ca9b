"""Equipment manuals into sections: a title, numbered or bulleted steps, and notes (paragraphs, tables).

Markdown (and .txt, read as Markdown) goes through markdown-it-py: a heading at any level starts its own
section (a ### subsection is no longer swallowed by its ## parent; its parents' titles are kept for
search), list items are steps, a paragraph's wrapped lines are joined, a table is kept as text, one row
per line. PDF text comes out of pypdf as lines; `pdf_lines_to_markdown` recovers numbered steps, bullets
and headings from them, and the result goes through the same parser. Every problem that would make an
answer worse is a `ParseWarning` naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANUAL_SUFFIXES = (".md", ".markdown", ".txt", ".pdf")


@dataclass(frozen=True)
class Section:
    manual: str
    """The manual's file name, e.g. 'hp200_hydraulic_press.md'."""
    title: str
    """The heading, with the heading above it for a subsection ('Die change, Remove the old die')."""
    level: int
    line: int
    """1-based line of the heading in the Markdown (for a PDF: in the text recovered from it)."""
    steps: tuple[str, ...]
    notes: tuple[str, ...] = ()
    """Paragraphs and table rows: searched, but never read out as steps."""


@dataclass(frozen=True)
class ParseWarning:
    manual: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.manual}:{self.line}: {self.message}"


@dataclass
class _Open:
    title: str
    level: int
    line: int
    steps: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _inline_text(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def parse_markdown(text: str, manual: str) -> tuple[list[Section], list[ParseWarning]]:
    tokens = _markdown().parse(text)
    sections: list[Section] = []
    warnings: list[ParseWarning] = []
    parents: dict[int, str] = {}
    current: _Open | None = None
    list_depth = 0
    item_depth = 0
    item_parts: list[str] = []
    item_line = 0
    row: list[str] = []
    document_title = ""

    def close(section: _Open | None) -> None:
        if section is None:
            return
        if not (section.steps or section.paragraphs or section.tables):
            return  # a heading with only subsections under it
        steps, notes = section.steps, section.paragraphs + section.tables
        if not steps:
            steps, notes = section.paragraphs, section.tables
            read = f"its {len(steps)} paragraph(s) are read out as steps" if steps else "nothing can be read out"
            warnings.append(
                ParseWarning(
                    manual, section.line, f"section '{section.title}' has no numbered or bulleted steps; {read}"
                )
            )
        sections.append(Section(manual, section.title, section.level, section.line, tuple(steps), tuple(notes)))

    for n, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        if token.type == "heading_open":
            close(current)
            level = int(token.tag[1:])
            title = _inline_text(tokens[n + 1])
            parents = {k: v for k, v in parents.items() if k < level}
            parent = parents.get(max(parents), "") if parents and level > 2 else ""
            parents[level] = title
            if level == 1 and not document_title:
                document_title = title
            current = _Open(f"{parent}, {title}" if parent else title, level, line)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "list_item_open":
            item_depth += 1
            if item_depth == 1:
                item_parts = []
                item_line = line
        elif token.type == "list_item_close":
            item_depth -= 1
            if item_depth == 0 and item_parts:
                current = current or _headless(manual, item_line, document_title, warnings)
                current.steps.append(" ".join(item_parts))
        elif token.type == "inline" and tokens[n - 1].type == "paragraph_open":
            content = _inline_text(token)
            if not content:
                continue
            if item_depth:
                item_parts.append(content)
            else:
                current = current or _headless(manual, line, document_title, warnings)
                current.paragraphs.append(content)
        elif token.type in ("th_open", "td_open"):
            row.append(_inline_text(tokens[n + 1]))
        elif token.type == "tr_close":
            current = current or _headless(manual, line, document_title, warnings)
            current.tables.append(" | ".join(row))
            row = []
        elif token.type in ("fence", "code_block") and token.content.strip():
            current = current or _headless(manual, line, document_title, warnings)
            current.paragraphs.extend(x.strip() for x in token.content.splitlines() if x.strip())
    close(current)
    warnings.extend(_duplicates(sections))
    if not sections:
        warnings.append(ParseWarning(manual, 1, "no sections found (nothing to answer from)"))
    return sections, warnings


def _headless(manual: str, line: int, document_title: str, warnings: list[ParseWarning]) -> _Open:
    title = document_title or Path(manual).stem.replace("_", " ")
    warnings.append(ParseWarning(manual, line, f"text with no heading above it; kept as section '{title}'"))
    return _Open(title, 1, line)


def _duplicates(sections: list[Section]) -> list[ParseWarning]:
    found: list[ParseWarning] = []
    titles: dict[str, Section] = {}
    bodies: dict[tuple[str, ...], Section] = {}
    for section in sections:
        earlier = titles.get(section.title.lower())
        if earlier is not None:
            found.append(
                ParseWarning(
                    section.manual,
                    section.line,
                    f"section '{section.title}' appears twice (also line {earlier.line}); "
                    "the answer cannot tell them apart",
                )
            )
        titles.setdefault(section.title.lower(), section)
        same = bodies.get(section.steps)
        if same is not None and section.steps:
            found.append(
                ParseWarning(
                    section.manual,
                    section.line,
                    f"section '{section.title}' has the same steps as '{same.title}' (line {same.line})",
                )
            )
        bodies.setdefault(section.steps, section)
    return found


# --- PDF -------------------------------------------------------------------------------------------------

_STEP = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^[•●▪◦‣∙*\-–]\s+(\S.*)$")
_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)*)\s+([A-Z].{0,70})$")  # "3 Die change", "3.1 Removing the die"
_PAGE_FURNITURE = re.compile(r"^(page\s+)?\d+(\s*(/|of)\s*\d+)?$", re.I)
_BLOCK_END = (".", ":", "!", "?")


def pdf_lines_to_markdown(lines: list[str]) -> str:
    """Markdown from the lines of a PDF's text: numbered steps, bullets and headings recovered.

    '3 Die change' and '3.1 Removing the die' are headings (levels 2 and 3); '1. Lower the ram' is a step.
    Another line is a heading when it is short, starts with a capital, does not end in punctuation, follows
    the end of a block (a full stop, a heading or a page break) and the next line does not continue it in
    lower case; the first such line of the document is its title. Any other line continues the step or
    paragraph before it (wrapped lines are joined) or, after a full stop, starts a paragraph.
    """
    out: list[str] = []
    block_ended = True
    titled = False
    cleaned = [line.strip() for line in lines]
    for n, line in enumerate(cleaned):
        if not line or _PAGE_FURNITURE.match(line):
            block_ended = True
            continue
        following = next((x for x in cleaned[n + 1 :] if x and not _PAGE_FURNITURE.match(x)), "")
        numbered = _NUMBERED_HEADING.match(line)
        step = _STEP.match(line)
        bullet = _BULLET.match(line)
        if numbered and not line.endswith(_BLOCK_END):
            level = min(6, numbered.group(1).count(".") + 2)
            out += ["", "#" * level + " " + numbered.group(2).strip(), ""]
            titled = True
        elif step:  # a blank line first: in CommonMark only "1." may interrupt a paragraph
            out += ["", f"{step.group(1)}. {step.group(2)}"]
        elif bullet:
            out += ["", f"- {bullet.group(1)}"]
        elif block_ended and _looks_like_heading(line) and not following[:1].islower():
            out += ["", ("## " if titled else "# ") + line, ""]
            titled = True
        elif block_ended and out and out[-1]:
            out += ["", line]  # a new paragraph after a finished one
        else:
            out.append(line)  # a wrapped line: Markdown joins it to the step or paragraph above
        block_ended = out[-1] == "" or line.endswith(_BLOCK_END)
    return "\n".join(out).strip() + "\n"


def _looks_like_heading(line: str) -> bool:
    return len(line) <= 60 and line[:1].isupper() and not line.endswith((*_BLOCK_END, ",", ";"))


def pdf_lines(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    lines: list[str] = []
    for page in reader.pages:
        lines.extend((page.extract_text() or "").splitlines())
        lines.append("")  # a page break ends a block
    return lines


def parse_manual(path: Path) -> tuple[list[Section], list[ParseWarning]]:
    """Sections and warnings of one manual file (.md, .markdown, .txt or .pdf)."""
    if path.suffix.lower() == ".pdf":
        try:
            lines = pdf_lines(path)
        except Exception as exc:  # pypdf raises many kinds for a damaged file; the message says which
            return [], [ParseWarning(path.name, 0, f"cannot read this PDF: {exc}")]
        if not any(line.strip() for line in lines):
            return [], [ParseWarning(path.name, 0, "the PDF has no text layer (a scan?); nothing to answer from")]
        return parse_markdown(pdf_lines_to_markdown(lines), path.name)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [], [ParseWarning(path.name, 0, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    return parse_markdown(text, path.name)


def manual_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in MANUAL_SUFFIXES)
