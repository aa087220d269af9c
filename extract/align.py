"""Align a document's cells to the template: which printed row is which template row, and its values.

The cells arrive in reading order from any format. A *leaf row* is a run of label text followed
by a run of value cells. Leaf rows are matched to the template rows in template order, by the
distinctive words of each label (tolerating typos and rewordings) and by the template's own
numbering (``8.`` under （三） is 行政查询事项 even when the label was misprinted). Value runs are
assigned to the template's columns; a run that lost a cell or lost its separators is repaired
only when the template's identities leave exactly one answer, and the repair is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from extract.digits import GroupCheck, parts_sum_to_last, split_digits
from extract.document import Cell
from extract.numbers import ParsedValue, compact_text, normalize_text, parse_value
from extract.solver import solve_jointly
from extract.template import (
    GROUP_TOTAL_KEYS,
    PROACTIVE_ROWS,
    REQUEST_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    Column,
    Identity,
    Row,
    TableKey,
    TemplateVersion,
    proactive_rows,
    request_identities,
    request_rows,
    review_identities,
)


class Method(StrEnum):
    """How a value was obtained: the quality layer trusts them differently."""

    READ = "read"
    SPLIT_BY_CONSTRAINT = "split_by_constraint"
    SPLIT_BREAKING_IDENTITY = (
        "split_breaking_identity"  # the document breaks an identity in the run
    )
    RECOVERED_BY_CONSTRAINT = "recovered_by_constraint"
    PLACED_BY_ORDER = "placed_by_order"  # a value row printed without its label
    REREAD_BY_IDENTITY = "reread_by_identity"  # a scan's cell read again, chosen by the identities
    AMBIGUOUS = "ambiguous"


@dataclass(slots=True)  # not frozen: a document makes hundreds, and a frozen dataclass takes
class TableValue:  # twice as long to build. Treat as immutable: change with dataclasses.replace
    table_key: TableKey
    row_key: str
    col_key: str
    raw_row_label: str
    col_label: str
    row_order: int
    col_order: int
    value_text: str
    source_text: str | None  # the fused run a value was split from, as printed
    value: float | None
    is_blank: bool
    unit: str | None
    position: str
    page: int | None
    method: Method
    label_score: float
    is_ocr: bool = False
    ocr_confidence: float | None = None
    box: tuple[float, float, float, float] | None = (
        None  # the printed cell on its page (PDF points)
    )


@dataclass
class Alignment:
    values: list[TableValue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_GROUP_MARK = re.compile(r"\(([一二三四五六七])\)")
_NUMBERING = re.compile(r"(?:^|\s)(\d{1,2})\s*[.、]")
_GROUP_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_MATCH_THRESHOLD = 0.6
_FUZZY_MIN = 0.75
_WINDOW = 6


@lru_cache(maxsize=65536)
def compact(text: str) -> str:
    """Normalised text without any space: the form labels are compared in."""
    return compact_text(text)


@dataclass
class _ValueCell:
    cell: Cell
    text: str
    value: float | None
    is_blank: bool
    unit: str | None


@dataclass
class _Leaf:
    """A printed row: its label pieces and the value cells that follow them."""

    labels: list[str]
    values: list[_ValueCell]
    first_index: int
    group: int | None
    # the label as printed, and compacted (all of it, its last piece) for matching: read so
    # often that they are made once, here
    label: str = field(init=False)
    full_label: str = field(init=False)
    last_label: str = field(init=False)

    def __post_init__(self) -> None:
        self.label = " ".join(self.labels)
        self.full_label = compact(self.label)
        self.last_label = compact(self.labels[-1]) if self.labels else ""

    @cached_property
    def number(self) -> int | None:
        return _label_number(self.labels[-1]) if self.labels else None

    @property
    def fused(self) -> bool:
        return any(v.cell.fused for v in self.values)


@lru_cache(maxsize=65536)
def _label_number(label: str) -> int | None:
    """The template's numbering printed in a label (``8.`` → 8)."""
    match = _NUMBERING.search(normalize_text(label))
    return int(match[1]) if match else None


def _value_cell(cell: Cell) -> _ValueCell | None:
    if cell.fused:
        return _ValueCell(cell, cell.text, None, False, None)
    parsed = _parse(cell.text)
    if not parsed.is_numeric:
        return None
    return _ValueCell(cell, cell.text, parsed.value, parsed.is_blank, parsed.unit)


@lru_cache(maxsize=65536)
def _parse(text: str) -> ParsedValue:  # memoised: cell texts repeat a lot
    return parse_value(text)


def _leaves(cells: Sequence[Cell], start: int, end: int) -> Iterator[_Leaf]:
    """Label runs followed by value runs; with known rows, neither crosses a row boundary."""
    labels: list[str] = []
    group: int | None = None
    row: int | None = None
    i = start
    while i < end:
        cell = cells[i]
        if cell.row is not None and cell.row != row:
            labels, row = [], cell.row
        value = _value_cell(cell)
        if value is None:
            labels.append(cell.text)
            marks = _GROUP_MARK.findall(compact(cell.text))
            if marks:
                group = _GROUP_NUMBERS[marks[-1]]
            i += 1
            continue
        run: list[_ValueCell] = []
        first = i
        while i < end:
            candidate = cells[i]
            if cell.row is not None and candidate.row != cell.row:
                break
            parsed = _value_cell(candidate)
            if parsed is None:
                break
            run.append(parsed)
            i += 1
        if labels or cell.row is not None:
            yield _Leaf(
                labels, run, first, group
            )  # unlabelled: a converter cut the row from its label
        labels = []


def _label_score(row: Row, leaf: _Leaf, is_next: bool) -> float:
    """Evidence that ``leaf`` prints ``row``: its words, the template's numbering, its place in order."""
    score = _word_score(row.keywords, leaf.last_label, leaf.full_label)
    if row.number is not None and leaf.number is not None:
        score += 0.3 if (leaf.number == row.number and leaf.group == row.group) else -0.3
    if row.group is not None and leaf.group == row.group:
        score += 0.1
    if is_next:
        score += 0.2
    return score


@lru_cache(maxsize=65536)  # memoised: reports print the template's labels, so they repeat
def _word_score(keywords: tuple[str, ...], last: str, full: str) -> float:
    """How well a printed label (its last piece, and all of it) carries a row's words."""
    if any(k in last for k in keywords):
        return 1.0
    if any(k in full for k in keywords):
        return 0.8
    similarity = max(_similarity(k, last) for k in keywords) / 100
    return 0.9 * similarity if similarity >= _FUZZY_MIN else 0.0


def _similarity(keyword: str, label: str) -> float:
    """How well ``keyword`` appears in ``label``; a label shorter than the keyword must match it whole."""
    if len(label) >= len(keyword):
        return float(fuzz.partial_ratio(keyword, label))
    return float(fuzz.ratio(keyword, label))


_REQUEST_HEADER_LABELS = frozenset({"法人或其他组织"} | {c.label for c in REQUEST_COLUMNS})
_REQUEST_HEADER_WORDS = ("申请人情况", "勾稽关系", "法人或其他组织")


def _is_placeholder(leaf: _Leaf, width: int) -> bool:
    """Header text followed by the empty cells of a merged header: not a data row."""
    if not all(v.is_blank for v in leaf.values):
        return False
    last = leaf.last_label
    return (
        len(leaf.values) < width - 1
        or last in _REQUEST_HEADER_LABELS
        or any(w in last for w in _REQUEST_HEADER_WORDS)
    )


def _match_rows(
    rows: Sequence[Row], leaves: Sequence[_Leaf]
) -> list[tuple[_Leaf, Row | None, float]]:
    """Greedy in template order: each leaf takes the best-scoring row not yet passed. The next
    few rows are tried first (printed rows rarely skip far); the rest only if none of them fits."""
    cursor = 0
    matched: list[tuple[_Leaf, Row | None, float]] = []
    for leaf in leaves:
        best = _best_row(rows, leaf, cursor, min(len(rows), cursor + _WINDOW))
        if best is None or best[0] < _MATCH_THRESHOLD:
            best = _best_row(rows, leaf, cursor, len(rows))
        if best is None or best[0] < _MATCH_THRESHOLD:
            matched.append((leaf, None, 0.0))
            continue
        matched.append((leaf, rows[best[1]], best[0]))
        cursor = best[1] + 1
    return matched


def _best_row(rows: Sequence[Row], leaf: _Leaf, start: int, stop: int) -> tuple[float, int] | None:
    best: tuple[float, int] | None = None
    for index in range(start, stop):
        score = _label_score(rows[index], leaf, index == start)
        if best is None or score > best[0] + 1e-9:
            best = (score, index)
    return best


def _fit_run(run: list[_ValueCell], width: int) -> list[_ValueCell]:
    """Drop blank cells at the edges of a run that is too long (merged-label placeholders)."""
    run = list(run)
    while len(run) > width and run[-1].is_blank:
        run.pop()
    while len(run) > width and run[0].is_blank:
        run.pop(0)
    return run


@dataclass(frozen=True)
class _Assigned:
    cells: list[_ValueCell | None]
    values: list[float | None]
    method: Method
    candidates: tuple[tuple[Decimal, ...], ...] = ()  # a fused run's readings still open
    reason: str = ""  # why they are still open


@dataclass
class _Run:
    """One printed run of values, the template cells it fills, and how it is emitted once settled."""

    assigned: _Assigned
    cells: list[tuple[str, str]]
    where: str
    emit: Callable[[_Assigned], None]


def _assign(
    run: list[_ValueCell],
    width: int,
    groups: list[tuple[int, GroupCheck | None]],
    warn: list[str],
    where: str,
) -> _Assigned:
    """Values of one leaf row, one per column, with how each was obtained. A fused run that its
    own row identities do not settle keeps its readings open for the table's other identities."""
    if any(v.cell.fused for v in run):
        text = " ".join(v.text for v in run)
        result = split_digits(text, groups)
        if result.unique is not None:
            return _Assigned(
                _split_cells(run[0].cell, result.unique),
                [float(x) for x in result.unique],
                Method.SPLIT_BY_CONSTRAINT,
            )
        constrained = any(check is not None for _, check in groups)
        reason = f"{len(result.candidates)} splits " + (
            "satisfy the row identities" if constrained else "and no identity to choose"
        )
        candidates = result.candidates
        if (
            not candidates and not result.exhausted
        ):  # the document breaks a row identity in this run
            relaxed = split_digits(text, [(n, None) for n, _ in groups])
            candidates = () if relaxed.exhausted else relaxed.candidates
            reason = "no split satisfies the row identities" + (
                " (search budget exhausted)" if relaxed.exhausted else ""
            )
        if result.exhausted:
            candidates, reason = (), "search budget exhausted"
        return _Assigned(
            [run[0]] + [None] * (width - 1), [None] * width, Method.AMBIGUOUS, candidates, reason
        )
    fitted = _fit_run(run, width)
    if len(fitted) == width:
        return _Assigned(list(fitted), [v.value for v in fitted], Method.READ)
    if len(fitted) > width and fitted[0].cell.is_ocr:  # never the first cells: null, or halves
        halves = _without_empty_halves(fitted, width, groups)
        outcome = (
            "the empty ones dropped" if halves else "which are extra cannot be told, left null"
        )
        warn.append(f"{where}: {len(fitted)} cells for {width} columns; {outcome}")
        if halves is None:
            return _Assigned([None] * width, [None] * width, Method.AMBIGUOUS)
        return _Assigned(list[_ValueCell | None](halves), [v.value for v in halves], Method.READ)
    if len(fitted) > width:
        warn.append(
            f"{where}: {len(fitted)} values for {width} columns; the first {width} are kept"
        )
        kept: list[_ValueCell | None] = list(fitted[:width])
        return _Assigned(kept, [v.value for v in fitted[:width]], Method.READ)
    return _recover_lost_cells(fitted, width, groups, warn, where)


def _holds(values: Sequence[float], groups: list[tuple[int, GroupCheck | None]]) -> bool:
    """Every group of the row has an identity, and it holds."""
    start = 0
    for size, check in groups:
        part = values[start : start + size]
        if check is None or not check([Decimal(str(v)) for v in part]):
            return False
        start += size
    return start == len(values)


def _without_empty_halves(
    run: list[_ValueCell], width: int, groups: list[tuple[int, GroupCheck | None]]
) -> list[_ValueCell] | None:
    """A scan's row with more cells than columns: a blurred stroke taken for a rule cut a cell in
    two, one half empty. The row without its empty cells, when that leaves one cell a column and
    the row's identities hold; None otherwise."""
    printed = [v for v in run if v.value is not None]
    values = [v.value for v in printed if v.value is not None]
    emptied = all(v.is_blank for v in run if v.value is None)
    return printed if len(values) == width and emptied and _holds(values, groups) else None


def _plain(number: Decimal) -> str:
    return format(number, "f")


def _split_cells(fused: Cell, values: Sequence[Decimal]) -> list[_ValueCell | None]:
    return [_ValueCell(fused, _plain(x), float(x), False, None) for x in values]


def _settle(runs: Sequence[_Run], identities: Sequence[Identity], warn: list[str]) -> None:
    """Choose among the open readings of fused runs with every identity of the table at once,
    then emit every run. A run with no single best reading stays ambiguous (null)."""
    open_runs = [run for run in runs if run.assigned.candidates]
    if open_runs:
        known = _known_cells([run for run in runs if not run.assigned.candidates])
        readings = [
            [dict(zip(run.cells, c, strict=True)) for c in run.assigned.candidates]
            for run in open_runs
        ]
        result = solve_jointly(readings, known, identities)
        for run, index in zip(open_runs, result.chosen or [None] * len(open_runs), strict=True):
            fused = run.assigned.cells[0]
            assert fused is not None
            text = fused.text
            if index is None:
                reason = run.assigned.reason + (
                    f"; the table's identities leave {result.reason}" if identities else ""
                )
                warn.append(
                    f"{run.where}: digits {text!r} cannot be split into {len(run.cells)} values "
                    f"unambiguously ({reason})"
                )
                run.assigned = _Assigned(run.assigned.cells, run.assigned.values, Method.AMBIGUOUS)
                continue
            values = run.assigned.candidates[index]
            method = Method.SPLIT_BREAKING_IDENTITY if result.broken else Method.SPLIT_BY_CONSTRAINT
            broken = ", ".join(f"{i.name} {i.scope}" for i in result.broken)
            note = f"; the document breaks {broken}" if broken else ""
            warn.append(
                f"{run.where}: digits {text!r} read as {', '.join(map(_plain, values))}: {result.reason}{note}"
            )
            run.assigned = _Assigned(
                _split_cells(fused.cell, values), [float(x) for x in values], method
            )
    for run in runs:
        run.emit(run.assigned)


def _known_cells(runs: Sequence[_Run]) -> dict[tuple[str, str], Decimal]:
    """The settled runs' values by template cell; blank counts as 0, as in the checks."""
    known: dict[tuple[str, str], Decimal] = {}
    for run in runs:
        for cell, vcell, value in zip(
            run.cells, run.assigned.cells, run.assigned.values, strict=True
        ):
            if value is not None or (vcell is not None and vcell.is_blank):
                known[cell] = Decimal(str(value or 0))
    return known


def _recover_lost_cells(
    run: list[_ValueCell],
    width: int,
    groups: list[tuple[int, GroupCheck | None]],
    warn: list[str],
    where: str,
) -> _Assigned:
    """A row that lost one cell: place the gap everywhere; keep the answer only if the identity makes it unique."""
    has_identity = len(groups) == 1 and groups[0][1] is parts_sum_to_last
    solutions: dict[tuple[float, ...], list[_ValueCell | None]] = {}
    if (
        has_identity
        and len(run) == width - 1
        and all(v.value is not None or v.is_blank for v in run)
    ):
        printed = [v.value or 0.0 for v in run]
        for gap in range(width):
            values = printed[:gap] + [0.0] + printed[gap:]
            missing = sum(values[:-1]) if gap == width - 1 else values[-1] - sum(values[:-1])
            if missing < 0:
                continue
            values[gap] = missing
            cells: list[_ValueCell | None] = list(run[:gap]) + [None] + list(run[gap:])
            solutions.setdefault(tuple(values), cells)
    if len(solutions) == 1:
        ((solved, cells),) = solutions.items()
        warn.append(
            f"{where}: {len(run)} values for {width} columns; the lost cell is fixed by the row total"
        )
        return _Assigned(cells, list(solved), Method.RECOVERED_BY_CONSTRAINT)
    warn.append(
        f"{where}: {len(run)} values for {width} columns; which cell was lost cannot be told"
    )
    padded: list[_ValueCell | None] = list(run) + [None] * (width - len(run))
    return _Assigned(padded, [None] * width, Method.AMBIGUOUS)


_KEEPS_BLANK = frozenset({Method.READ, Method.RECOVERED_BY_CONSTRAINT, Method.PLACED_BY_ORDER})


def _emit(
    out: Alignment,
    table: TableKey,
    row_key: str,
    row_order: int,
    label: str,
    columns: Sequence[Column],
    assigned: _Assigned,
    score: float,
    fallback: Cell,
) -> None:
    keeps_blank = assigned.method in _KEEPS_BLANK
    label_score = round(min(score, 1.0), 3)
    method = assigned.method
    append = out.values.append
    for c_i, (column, vcell, value) in enumerate(
        zip(columns, assigned.cells, assigned.values, strict=True), 1
    ):
        source = vcell.cell if vcell is not None else fallback
        is_blank = vcell.is_blank if (vcell is not None and keeps_blank) else False
        append(  # by position, in the fields' order: a third of the time of keywords, and
            TableValue(  # the aligner builds a value per cell it tries
                table,  # table_key
                row_key,
                column.key,  # col_key
                label,  # raw_row_label
                column.label,  # col_label
                row_order,
                c_i,  # col_order
                vcell.text if vcell is not None else "",  # value_text
                source.text if source.fused else None,  # source_text
                None if is_blank else value,  # value
                is_blank,
                vcell.unit if vcell is not None else None,  # unit
                source.position,
                source.page,
                method,
                label_score,
                source.is_ocr,
                source.ocr_confidence,
                source.box,
            )
        )


# --- regions -----------------------------------------------------------------------------

_PROACTIVE_ANCHOR = re.compile(r"第二十条第?\(?[一五六八九]")
_REQUESTS_ANCHORS = ("申请人情况", "勾稽关系", "本年新收")


def _find(cells: Sequence[Cell], start: int, predicate: object) -> int | None:
    for i in range(start, len(cells)):
        if predicate(compact(cells[i].text)):  # type: ignore[operator]
            return i
    return None


@dataclass(frozen=True)
class Regions:
    proactive: tuple[int, int] | None
    requests: tuple[int, int] | None
    review_start: int | None


def find_regions(cells: Sequence[Cell]) -> Regions:
    req = _find(cells, 0, lambda t: any(a in t for a in _REQUESTS_ANCHORS[:2]))
    if req is None:
        req = _find(cells, 0, lambda t: "本年新收" in t and len(t) < 40)
    # 信息内容 heads every sub-table of section 二: it finds the table when the 第二十条 row was
    # printed apart (a one-cell row at the foot of the previous page).
    prov = _find(cells, 0, lambda t: bool(_PROACTIVE_ANCHOR.search(t)) or t == "信息内容")
    if prov is not None and req is not None and prov > req:
        prov = None
    review = _find(cells, req if req is not None else 0, lambda t: "行政复议" in t)
    proactive_region = (
        (prov, req if req is not None else (review or len(cells))) if prov is not None else None
    )
    requests_region = (
        (req, review if review is not None else len(cells)) if req is not None else None
    )
    return Regions(proactive_region, requests_region, review)


# --- the three tables ----------------------------------------------------------------------


def align(cells: Sequence[Cell], version: TemplateVersion) -> Alignment:
    out = Alignment()
    regions = find_regions(cells)
    if regions.proactive:
        _align_proactive(cells, regions.proactive, version, out)
    else:
        out.warnings.append("section 二 table not found")
    if regions.requests:
        _align_requests(cells, regions.requests, version, out)
    else:
        out.warnings.append("section 三 table not found")
    if regions.review_start is not None:
        _align_review(cells, regions.review_start, out)
    else:
        out.warnings.append("section 四 table not found")
    split = sum(1 for v in out.values if v.method == Method.SPLIT_BY_CONSTRAINT)
    if split:
        out.warnings.append(
            f"{split} values split from digit runs that lost their separators (unique under the row identities)"
        )
    return out


def _align_requests(
    cells: Sequence[Cell], region: tuple[int, int], version: TemplateVersion, out: Alignment
) -> None:
    rows = request_rows(version)
    order = {row.key: i for i, row in enumerate(rows, 1)}
    width = len(REQUEST_COLUMNS)
    seen: set[str] = set()
    leaves = [
        leaf
        for leaf in _leaves(cells, *region)
        if not _is_placeholder(leaf, width) and _is_row_of(leaf, width)
    ]
    runs: list[_Run] = []
    for leaf, row, score, placed in _with_unlabelled(rows, leaves, out.warnings):
        covered = _rows_spanned(rows, row, leaf)
        where = f"section 三 row {row.key}"
        assigned = _assign(leaf.values, width, [(width, parts_sum_to_last)], out.warnings, where)
        if placed and assigned.method == Method.READ:
            assigned = _Assigned(assigned.cells, assigned.values, Method.PLACED_BY_ORDER)
        key = row.key
        if len(covered) > 1:  # one value cell over several rows: the value is the group's
            group = _group_of_spanned(covered, out.warnings)
            for spanned in covered:  # never copied into each row: left null, with the warning
                unread = _Assigned([None] * width, [None] * width, Method.AMBIGUOUS)
                _emit(
                    out,
                    TableKey.REQUESTS,
                    spanned.key,
                    order[spanned.key],
                    leaf.label,
                    REQUEST_COLUMNS,
                    unread,
                    score,
                    leaf.values[0].cell,
                )
                seen.add(spanned.key)
            if group is None:
                continue
            key = group

        def emit(
            settled: _Assigned,
            key: str = key,
            row: Row = row,
            leaf: _Leaf = leaf,
            score: float = score,
        ) -> None:
            _emit(
                out,
                TableKey.REQUESTS,
                key,
                order[row.key],
                leaf.label,
                REQUEST_COLUMNS,
                settled,
                score,
                leaf.values[0].cell,
            )

        runs.append(_Run(assigned, [(key, c.key) for c in REQUEST_COLUMNS], where, emit))
        seen.add(row.key)
    _settle(runs, request_identities(version), out.warnings)
    missing = [r.key for r in rows if r.key not in seen]
    if missing:
        out.warnings.append(f"section 三: template rows not found: {', '.join(missing)}")


def _is_row_of(leaf: _Leaf, width: int) -> bool:
    """A labelled row, or a row of values without a label that is a whole row (all blank is a
    row too when every cell is there: ``| - | - | … |``)."""
    return (
        bool(leaf.labels) or len(leaf.values) >= width or any(not v.is_blank for v in leaf.values)
    )


def _is_misread_row(leaf: _Leaf, width: int) -> bool:
    """A whole row of values, not all blank, whose label OCR misread: its place in the table's
    order still tells its row. (A label's stray line, or a row cut by a misread value, is not.)"""
    return (
        leaf.values[0].cell.is_ocr
        and len(leaf.values) >= width
        and any(not v.is_blank for v in leaf.values)
    )


def _position(rows: Sequence[Row], row: Row) -> int:
    """Where ``row`` stands in ``rows``, by identity (comparing Rows field by field is slow)."""
    return next(i for i, candidate in enumerate(rows) if candidate is row)


def _rows_spanned(rows: Sequence[Row], row: Row, leaf: _Leaf) -> Sequence[Row]:
    """The template rows a printed row's value cells span (HTML rowspan over sub-rows)."""
    span = min(v.cell.row_span for v in leaf.values)
    start = _position(rows, row)
    return rows[start : start + span]


def _group_of_spanned(covered: Sequence[Row], warn: list[str]) -> str | None:
    """The group row a value printed over ``covered`` belongs to, if the canonical keys have one."""
    group = covered[0].group
    key = (
        GROUP_TOTAL_KEYS.get(group)
        if group is not None and all(r.group == group for r in covered)
        else None
    )
    names = ", ".join(r.key for r in covered)
    kept = f"kept as the group's {key}" if key else "no canonical row for their sum: not loaded"
    warn.append(f"section 三: one value cell spans the rows {names}; {kept}; the rows left null")
    return key


def _with_unlabelled(
    rows: Sequence[Row], leaves: Sequence[_Leaf], warn: list[str]
) -> list[tuple[_Leaf, Row, float, bool]]:
    """Labelled rows matched by their words; value rows printed without a label (a converter cut
    them apart) or with one OCR could not read placed by the template's order: the k unlabelled
    rows between two matched rows are the k template rows between them, when exactly k are
    missing there. Otherwise they are not loaded, and the warning says so."""
    matches = iter(_match_rows(rows, [leaf for leaf in leaves if leaf.labels]))
    result: list[tuple[_Leaf, Row, float, bool]] = []
    pending: list[_Leaf] = []
    last_index = -1

    def place(next_index: int) -> None:
        gap = rows[last_index + 1 : next_index]
        if pending and len(gap) == len(pending):
            result.extend((leaf, row, 0.5, True) for leaf, row in zip(pending, gap, strict=True))
            names = ", ".join(row.key for row in gap)
            warn.append(
                f"section 三: {len(gap)} value rows printed without a label, placed by the template's order as {names}"
            )
        elif pending:
            between = f"between {rows[last_index].key if last_index >= 0 else 'the header'} and "
            between += rows[next_index].key if next_index < len(rows) else "the end"
            warn.append(
                f"section 三: {len(pending)} value rows without a label {between}, for "
                f"{len(gap)} template rows; not loaded"
            )
        pending.clear()

    for leaf in leaves:
        if not leaf.labels:
            pending.append(leaf)
            continue
        _, row, score = next(matches)
        if row is None and _is_misread_row(leaf, len(REQUEST_COLUMNS)):
            warn.append(f"section 三: OCR read row label {leaf.label!r} as no template row's")
            pending.append(leaf)
            continue
        if row is None:
            warn.append(f"section 三: row {leaf.label!r} matches no template row; not loaded")
            continue
        index = _position(rows, row)
        place(index)
        last_index = index
        result.append((leaf, row, score, False))
    place(len(rows))
    return result


def _align_proactive(
    cells: Sequence[Cell], region: tuple[int, int], version: TemplateVersion, out: Alignment
) -> None:
    specs = proactive_rows(version)
    rows = [p.row for p in specs]
    columns = {p.row.key: p.columns[version] for p in specs}
    order = {row.key: i for i, row in enumerate(rows, 1)}
    leaves = [
        leaf
        for leaf in map(_without_header, _leaves(cells, *region))
        if len(leaf.last_label) <= 30 and not _is_header(leaf)
    ]
    current: Sequence[Column] = columns[rows[0].key]
    runs: list[_Run] = []
    extra = 0
    seen: set[str] = set()
    for leaf, matched, matched_score in _match_rows(rows, leaves):
        row, score = matched, matched_score
        if (
            row is None or score < 1.0
        ):  # a converter may move a sub-table: an unseen row by its words
            row, score = _unseen_row_by_words(rows, leaf, seen) or (row, score)
        # the words must be the row's own, unless OCR misread them (the match is then fuzzy)
        if row is None or (score < 1.0 and not leaf.values[0].cell.is_ocr):
            extra += 1
            key, row_order, cols, label_score = f"extra_{extra}", len(rows) + extra, current, 0.0
            out.warnings.append(f"section 二: extra row {leaf.label!r} kept as {key}")
        else:
            key, row_order, cols, label_score = row.key, order[row.key], columns[row.key], score
            current = cols
            seen.add(row.key)
        where = f"section 二 row {key}"
        assigned = _assign(leaf.values, len(cols), [(len(cols), None)], out.warnings, where)

        def emit(
            settled: _Assigned,
            key: str = key,
            order: int = row_order,
            leaf: _Leaf = leaf,
            cols: Sequence[Column] = cols,
            score: float = label_score,
        ) -> None:
            _emit(
                out,
                TableKey.PROACTIVE,
                key,
                order,
                leaf.label,
                cols,
                settled,
                score,
                leaf.values[0].cell,
            )

        runs.append(_Run(assigned, [(key, c.key) for c in cols], where, emit))
    _settle(runs, (), out.warnings)  # section 二 has no identity: an open run stays ambiguous
    missing = [r.key for r in rows if r.key not in seen and not r.optional]
    if missing:
        out.warnings.append(f"section 二: template rows not found: {', '.join(missing)}")


def _unseen_row_by_words(
    rows: Sequence[Row], leaf: _Leaf, seen: set[str]
) -> tuple[Row, float] | None:
    """A row not matched yet whose own words the label prints, wherever it stands in the template."""
    hits = [
        row
        for row in rows
        if row.key not in seen and any(k in leaf.last_label for k in row.keywords)
    ]
    return (hits[0], 1.0) if len(hits) == 1 else None


_PROACTIVE_HEADER_WORDS = frozenset(
    compact(col.label) for p in PROACTIVE_ROWS for cols in p.columns.values() for col in cols
) | {
    "信息内容",
    "第二十条",
}


_ITEM_HEADING = re.compile(r"(?:第二十条)?第?\(?[一二三四五六七八九十]+\)?项")


def _without_header(leaf: _Leaf) -> _Leaf:
    """Flattened text runs a sub-header into the row label (``…对外公开总数量规章``): cut it off."""
    last = leaf.last_label
    cut = max((last.rfind(w) + len(w) for w in _PROACTIVE_HEADER_WORDS if w in last), default=0)
    if cut == 0 or cut == len(last):
        return leaf
    return _Leaf([*leaf.labels[:-1], last[cut:]], leaf.values, leaf.first_index, leaf.group)


def _is_header(leaf: _Leaf) -> bool:
    """Section 二's repeated sub-headers (第二十条第（五）项 / 信息内容 / column titles)."""
    last = leaf.last_label
    return (
        not last
        or bool(_ITEM_HEADING.fullmatch(last))
        or any(word in last for word in _PROACTIVE_HEADER_WORDS)
    )


def _align_review(cells: Sequence[Cell], start: int, out: Alignment) -> None:
    """Section 四 is one printed row of 15 values under a two-level header."""
    width = len(REVIEW_ROWS) * len(REVIEW_COLUMNS)
    run = _review_run(cells, start)
    if run is None:
        out.warnings.append("section 四: no row of values found")
        return
    groups: list[tuple[int, GroupCheck | None]] = [(len(REVIEW_COLUMNS), parts_sum_to_last)] * len(
        REVIEW_ROWS
    )
    assigned = _assign(run, width, groups, out.warnings, "section 四")
    per_row = len(REVIEW_COLUMNS)

    def emit(settled: _Assigned) -> None:
        for r_i, row in enumerate(REVIEW_ROWS):
            part = _Assigned(
                settled.cells[r_i * per_row : (r_i + 1) * per_row],
                settled.values[r_i * per_row : (r_i + 1) * per_row],
                settled.method,
            )
            _emit(
                out,
                TableKey.REVIEW_LITIGATION,
                row.key,
                r_i + 1,
                row.label,
                REVIEW_COLUMNS,
                part,
                1.0,
                run[0].cell,
            )

    cells_of_run = [(row.key, column.key) for row in REVIEW_ROWS for column in REVIEW_COLUMNS]
    _settle([_Run(assigned, cells_of_run, "section 四", emit)], review_identities(), out.warnings)


def _review_run(cells: Sequence[Cell], start: int) -> list[_ValueCell] | None:
    """The first run after the header with at least ten cells, or a fused run of ten digits or more."""
    i = start
    while i < len(cells):
        value = _value_cell(cells[i])
        if value is None:
            i += 1
            continue
        row = cells[i].row
        run: list[_ValueCell] = []
        while i < len(cells) and (row is None or cells[i].row == row):
            parsed = _value_cell(cells[i])
            if parsed is None:
                break
            run.append(parsed)
            i += 1
        digits = sum(ch.isdigit() for v in run for ch in v.text)
        if len(run) >= 10 or (any(v.cell.fused for v in run) and digits >= 10):
            return run
    return None
