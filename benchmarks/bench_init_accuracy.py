"""Accuracy of `zygj init` on the corpus of real documents (issue 20, item 6).

    .venv/bin/python benchmarks/bench_init_accuracy.py            # the table, plain text
    .venv/bin/python benchmarks/bench_init_accuracy.py --markdown # the table for the docs

Each document in ``tests/corpus/corpus.yaml`` has its source and a plan folder written by
hand from the document (not from init's output). The script drafts the source in memory
(``draft_plan``, the same code as ``zygj init``) and compares the draft to the hand plan.

Matching rules (the hand plan is the truth; "right / wrong / missing" per kind):

* **tasks** — a hand measure is matched to the draft measure with the same number; it is
  *right* when their texts are at least 90 % alike (difflib ratio, whitespace removed),
  *wrong* when the number exists but the text is not alike, *missing* when no draft measure
  has that number. Draft measures beyond the hand plan's numbers count as *wrong*.
* **units** — the unit names used in the hand plan's measures (name or any alias in the hand
  units.yaml); *right* when the draft names the unit in some measure, *missing* otherwise;
  draft names that are no hand unit (nor alias) count as *wrong*.
* **roles** — (task, unit, role) triples, role one of lead / responsible / cooperating, units
  resolved to the hand names through the hand aliases; *right* when the draft has the same
  triple, *wrong* when the draft puts the unit on that task in another role (or names a unit
  the hand plan does not have on that task), *missing* when the draft lacks the unit there.
  A task whose hand plan lists only ``addressees`` counts one triple (task, addressees, —),
  right when the draft also gives the task no units.
* **deadlines** — per task, the set of days it is due: the measure's 完成时限 read with
  core's grammar, plus the deadline of each of its targets; compared only on tasks where
  the hand plan or the draft has one: *right* when the sets are equal, *wrong* when both are
  non-empty and differ or the draft dates a task the hand plan does not, *missing* when the
  draft has none.
* **targets** — quantified targets only (not ``qualitative``), as (task, op, value) with the
  document's magnitude (万, 亿, 万亿) multiplied out; *right* when the draft has the triple,
  *missing* otherwise; draft quantified targets that match no hand target are *wrong*.

A rate is right / (hand count); for deadlines right / (tasks compared). The goals of the
issue: tasks ≥ 95 %, roles and deadlines ≥ 90 %, targets ≥ 80 %, and a draft that validates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus"
MAGNITUDES = {"亿": 100_000_000, "万": 10_000}
TEXT_ALIKE = 0.9
GOALS = {"tasks": 0.95, "roles": 0.90, "deadlines": 0.90, "targets": 0.80}
KINDS = ("tasks", "units", "roles", "deadlines", "targets")
ROLES = ("lead", "responsible", "cooperating")


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    missing: int = 0
    total: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0

    def cell(self) -> str:
        if not self.total and not self.wrong:
            return "—"
        return f"{self.right}/{self.total} ({self.rate:.0%}) ✗{self.wrong} ∅{self.missing}"


@dataclass
class Result:
    name: str
    validates: bool
    tallies: dict[str, Tally]
    errors: list[str]

    def goals_met(self) -> dict[str, bool]:
        met = {kind: self.tallies[kind].rate >= goal for kind, goal in GOALS.items()}
        met["validates"] = self.validates
        return met


def _load(folder: Path, name: str) -> Any:
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


def _squash(text: str) -> str:
    return "".join(text.split())


def _resolver(units: dict[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in [*(units.get("units") or []), *(units.get("groups") or [])]:
        names[entry["name"]] = entry["name"]
        for alias in entry.get("aliases") or []:
            names[alias] = entry["name"]
    return names


def _magnitude(target: dict[str, Any], key: str) -> Any:
    value, unit = target.get(key), str(target.get("unit_of_measure") or "")
    while isinstance(value, (int, float)) and unit[:1] in MAGNITUDES:  # 万亿元: both
        value, unit = value * MAGNITUDES[unit[0]], unit[1:]
    return round(float(value), 6) if isinstance(value, (int, float)) else value


def _target_key(target: dict[str, Any]) -> tuple[Any, ...]:
    if target["op"] == "range":
        value: Any = (_magnitude(target, "min"), _magnitude(target, "max"))
    else:
        value = _magnitude(target, "value")
    return (int(target["measure"]), target["op"], value)


def _deadlines(measures: dict[str, Any], targets: dict[str, Any]) -> dict[int, frozenset[str]]:
    from zygj.core.deadlines import parse_deadline

    period = measures.get("period") or {}
    start, end = (_date(period.get(k)) for k in ("start", "end"))
    due: dict[int, set[str]] = {}
    for measure in measures.get("measures") or []:
        days = due.setdefault(int(measure["no"]), set())
        if measure.get("deadline"):
            try:
                read = parse_deadline(str(measure["deadline"]), start, end)
                days.add(str(read.date) if read.date else read.kind)
            except ValueError:
                days.add(str(measure["deadline"]))
    for target in targets.get("targets") or []:
        if target.get("deadline") and target.get("measure") is not None:
            due.setdefault(int(target["measure"]), set()).add(str(target["deadline"]))
    return {no: frozenset(days) for no, days in due.items()}


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return dt.date(2000, 1, 1)


def _role_triples(measures: dict[str, Any], names: dict[str, str]) -> dict[tuple[int, str], str]:
    triples: dict[tuple[int, str], str] = {}
    for measure in measures.get("measures") or []:
        no = int(measure["no"])
        for role in ROLES:
            for unit in measure.get(role) or []:
                triples.setdefault((no, names.get(unit, unit)), role)
    return triples


def compare(
    hand_folder: Path, draft_units: Any, draft_measures: Any, draft_targets: Any
) -> dict[str, Tally]:
    """The five tallies of a draft (plain dicts, as the files hold them) against a hand plan."""
    hand_units, hand_measures = (
        _load(hand_folder, "units.yaml"),
        _load(hand_folder, "measures.yaml"),
    )
    hand_targets = _load(hand_folder, "targets.yaml")
    names = _resolver(hand_units)
    tallies = {kind: Tally() for kind in KINDS}

    # tasks
    tasks = tallies["tasks"]
    drafted = {int(m["no"]): m for m in draft_measures.get("measures") or []}
    hand_nos = set()
    for measure in hand_measures["measures"]:
        no = int(measure["no"])
        hand_nos.add(no)
        tasks.total += 1
        other = drafted.get(no)
        if other is None:
            tasks.missing += 1
            tasks.notes.append(f"第{no}项：草稿没有")
            continue
        alike = difflib.SequenceMatcher(
            None, _squash(measure["text"]), _squash(other["text"])
        ).ratio()
        if alike >= TEXT_ALIKE:
            tasks.right += 1
        else:
            tasks.wrong += 1
            tasks.notes.append(f"第{no}项：文字只有 {alike:.0%} 相同")
    for no in sorted(set(drafted) - hand_nos):
        tasks.wrong += 1
        tasks.notes.append(f"第{no}项：手工方案没有这一项")

    # units
    used_hand = {unit for (_no, unit) in _role_triples(hand_measures, names)}
    used_draft = {unit for (_no, unit) in _role_triples(draft_measures, names)}
    units = tallies["units"]
    units.total = len(used_hand)
    units.right = len(used_hand & used_draft)
    units.missing = len(used_hand - used_draft)
    units.wrong = len(used_draft - used_hand)
    units.notes += [f"缺：{u}" for u in sorted(used_hand - used_draft)]
    units.notes += [f"多：{u}" for u in sorted(used_draft - used_hand)]

    # roles
    roles = tallies["roles"]
    hand_triples = _role_triples(hand_measures, names)
    draft_triples = _role_triples(draft_measures, names)
    for (no, unit), role in hand_triples.items():
        roles.total += 1
        got = draft_triples.get((no, unit))
        if got == role:
            roles.right += 1
        elif got is None:
            roles.missing += 1
            roles.notes.append(f"第{no}项 {unit}（{role}）：草稿没有")
        else:
            roles.wrong += 1
            roles.notes.append(f"第{no}项 {unit}：应为 {role}，草稿为 {got}")
    hand_with_units = {no for (no, _u) in hand_triples}
    draft_with_units = {no for (no, _u) in draft_triples}
    for measure in hand_measures["measures"]:
        no = int(measure["no"])
        if no not in hand_with_units:
            roles.total += 1
            if no in drafted and no not in draft_with_units:
                roles.right += 1
            else:
                roles.wrong += 1
                roles.notes.append(f"第{no}项：原文不列单位，草稿列了")
    for (no, unit), role in draft_triples.items():
        if (no, unit) not in hand_triples and no in hand_nos:
            roles.wrong += 1
            roles.notes.append(f"第{no}项 {unit}（{role}）：手工方案没有")

    # deadlines
    deadlines = tallies["deadlines"]
    hand_due = _deadlines(hand_measures, hand_targets)
    draft_due = _deadlines(draft_measures, draft_targets)
    for no in sorted(hand_nos):
        want, got = hand_due.get(no, frozenset()), draft_due.get(no, frozenset())
        if not want and not got:
            continue
        deadlines.total += 1
        if want == got:
            deadlines.right += 1
        elif not got:
            deadlines.missing += 1
            deadlines.notes.append(f"第{no}项：应为 {sorted(want)}，草稿没有")
        else:
            deadlines.wrong += 1
            deadlines.notes.append(f"第{no}项：应为 {sorted(want)}，草稿为 {sorted(got)}")

    # targets
    targets = tallies["targets"]
    hand_keys = [
        _target_key(t) for t in hand_targets.get("targets") or [] if t["op"] != "qualitative"
    ]
    draft_keys = [
        _target_key(t) for t in draft_targets.get("targets") or [] if t["op"] != "qualitative"
    ]
    remaining = list(draft_keys)
    for key in hand_keys:
        targets.total += 1
        if key in remaining:
            remaining.remove(key)
            targets.right += 1
        else:
            targets.missing += 1
            targets.notes.append(f"第{key[0]}项 {key[1]} {key[2]}：草稿没有")
    targets.wrong = len(remaining)
    targets.notes += [f"第{k[0]}项 {k[1]} {k[2]}：手工方案没有" for k in remaining]
    return tallies


def documents() -> list[dict[str, Any]]:
    """The corpus manifest: name, source, plan, shape, provenance (paths relative to the repo),
    and ``init_date`` for a document whose text states no 成文日期."""
    manifest = yaml.safe_load((CORPUS / "corpus.yaml").read_text(encoding="utf-8"))
    return list(manifest["documents"])


def measure(entry: dict[str, Any]) -> Result:
    """Draft one corpus document and compare it to its hand plan."""
    from zygj.drafting import draft_plan
    from zygj.drafting.writing import render_measures, render_targets, render_units

    # A document whose text states no 成文日期 is drafted as a clerk would: `init --date`.
    draft = draft_plan(REPO / entry["source"], entry.get("init_date"))
    # Compare what would be written, read back as YAML: exactly what a user would check.
    files = [
        yaml.safe_load(render(draft)) for render in (render_units, render_measures, render_targets)
    ]
    tallies = compare(REPO / entry["plan"], *files)
    errors = [p.message for p in draft.problems if p.severity == "error"]
    return Result(entry["name"], draft.validates, tallies, errors)


def table(results: list[Result], markdown: bool) -> str:
    head = ["文件", *KINDS, "validate"]
    rows = [
        [r.name, *(r.tallies[k].cell() for k in KINDS), "通过" if r.validates else "不通过"]
        for r in results
    ]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    return "\n".join("  ".join(row) for row in [head, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--details", action="store_true", help="list every miss under the table")
    args = parser.parse_args(argv)
    results = [measure(entry) for entry in documents()]
    print(table(results, args.markdown))
    print()
    for result in results:
        unmet = [k for k, ok in result.goals_met().items() if not ok]
        print(f"{result.name}: " + ("目标全部达到" if not unmet else "未达到：" + "、".join(unmet)))
        if args.details:
            for kind in KINDS:
                for note in result.tallies[kind].notes:
                    print(f"    {kind}: {note}")
            for error in result.errors:
                print(f"    validate: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
