"""Rendering the draft as the plan folder's files and writing the folder atomically.

The folder is written complete into a temporary sibling folder and then renamed
into place: a run that fails never leaves a partial folder behind.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from zygj.core.diagnostics import UsageError, display_path
from zygj.drafting.model import Draft, DraftingError
from zygj.drafting.review import review_markdown


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists of plain names, Chinese kept as written, lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    """Lists of names on one line (``lead: [市财政局, 市商务局]``), lists of records as blocks."""
    flow = bool(value) and all(
        isinstance(v, str | int | float) and "\n" not in str(v) for v in value
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def _dump(data: Any) -> str:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
        indent=2,
    )
    return text


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _dates(data: Any) -> Any:
    """ISO date strings become dates, so YAML writes them unquoted (2018-12-24)."""
    if isinstance(data, dict):
        return {k: _dates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates(v) for v in data]
    if isinstance(data, str) and _ISO_DATE.fullmatch(data):
        return dt.date.fromisoformat(data)
    return data


def _impossible_date(data: Any) -> str | None:
    """The first date-shaped text that is no date (2020-02-30, 0000-01-01), if any."""
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        for value in data:
            found = _impossible_date(value)
            if found is not None:
                return found
        return None
    if isinstance(data, str) and _ISO_DATE.fullmatch(data):
        try:
            dt.date.fromisoformat(data)
        except ValueError:
            return data
    return None


def check_dates(draft: Draft) -> None:
    """Refuse a draft whose document has a date that does not exist, at the date's place.

    The date comes from a line such as 2020年2月30日; writing it as a date is
    impossible and writing it as text would only defer the error to ``validate``.
    """
    found = _impossible_date([draft.measures, draft.targets])
    if found is None:
        return
    where = next((item.where for item in draft.review if item.kind == "period"), draft.source)
    year, month, day = found.split("-")
    raise DraftingError(
        f"原文中的日期 {int(year)}年{int(month)}月{int(day)}日 不存在（{found}）：请核对原文（如成文日期）后重试",
        where,
    )


def render_units(draft: Draft) -> str:
    header = [
        f"# 由 zygj init 从 {draft.source} 起草的单位名录（按在原文中首次出现的顺序）。",
        "# kind 按名称推定（…局/…委/…办 → 市级部门，…区/…县 → 县（区）政府，总工会/团市委/妇联/残联 → 群团组织），",
        "# 标有“推定”的请逐一核对；aliases 请补常用简称。见 REVIEW.md。",
        "",
    ]
    body = _dump(draft.units)
    body = re.sub(r"^(\s+kind: .*)$", r"\1   # 推定", body, flags=re.M)
    if "groups" in draft.units:
        body = body.replace(
            "\ngroups:",
            "\n# 集合性单位（各区、县级市 等）：members 请按实际成员单位补齐。\ngroups:",
            1,
        )
    return "\n".join(header) + body


def render_measures(draft: Draft) -> str:
    header = [
        f"# 由 zygj init 从 {draft.source} 起草：措施文字逐字照录原文（包括疑似笔误，见 REVIEW.md）。",
        "# 单位照原文写法；更正笔误时措施中写规范名称，并在 errata 中记原文写法。",
        "# 注意：键名 no 须加引号（'no' 或 \"no\"），否则按 YAML 1.1 会被读成布尔值 false。",
    ]
    header.extend(f"# {line}" for line in draft.conventions)
    header.append("")
    body = _dump(_dates(draft.measures))
    for no, deadline in draft.unread_deadlines.items():
        body = _after_measure(
            body, no, f"# deadline: {deadline}  ← 原文的完成时限，不能识别，未写入：见 REVIEW.md"
        )
    return "\n".join(header) + body


def _after_measure(body: str, no: int, comment: str) -> str:
    """``body`` (measures.yaml) with ``comment`` as the last line of measure ``no``'s entry."""
    lines = body.split("\n")
    start = lines.index("measures:")
    at = lines.index(f"  - 'no': {no}", start) + 1
    # The entry's lines are indented past its dash (a block scalar's lines even further).
    while at < len(lines) and lines[at].startswith("    "):
        at += 1
    lines.insert(at, "    " + " ".join(comment.split("\n")))
    return "\n".join(lines)


def render_targets(draft: Draft) -> str:
    header = [
        f"# 由 zygj init 从 {draft.source} 的数量表述起草的目标；quote 为原文原话。",
        "# op：以上/不少于/至少/达到 → ge；超过/突破/余 → gt；左右/约 → approx（稳定在…左右 → two_sided）；",
        "#     X—Y个 → range；无数字的要求 → qualitative。每年 → annual: true；到20XX年 → deadline。",
        "# 金额（补贴、补助、经费）是政策标准或争取事项，不作目标。每条推定见 REVIEW.md。",
        "",
    ]
    return "\n".join(header) + _dump(_dates(draft.targets))


#: The files ``init`` writes: with --force exactly these are replaced, nothing else in the folder.
PLAN_FILES = ("units.yaml", "measures.yaml", "targets.yaml", "REVIEW.md")


def write_plan_folder(draft: Draft, out_dir: Path, force: bool = False) -> None:
    """Write units.yaml, measures.yaml, targets.yaml and REVIEW.md into ``out_dir``.

    ``out_dir`` must not exist or be empty, unless ``force``; then the four files
    are replaced and every other file in the folder (a progress ledger, the source
    document, ``.git``) stays as it was. A new folder is written complete into a
    temporary sibling and renamed into place; an existing one gets the four files
    written complete beside their targets first and renamed together. On any
    failure nothing is left behind and an existing folder is untouched.
    """
    out_dir = Path(out_dir)
    shown = display_path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{shown} 已存在且不是目录", shown)
    check_dates(draft)
    exists = _is_folder(out_dir)
    if exists and any(out_dir.iterdir()) and not force:
        raise UsageError(
            f"目录 {out_dir} 已存在且不为空：请换一个目录，或加 --force 覆盖", str(out_dir)
        )
    files = {
        "units.yaml": render_units(draft),
        "measures.yaml": render_measures(draft),
        "targets.yaml": render_targets(draft),
        "REVIEW.md": review_markdown(draft),
    }
    if exists:
        from zygj.files.atomic import atomic_write_all

        for filename in PLAN_FILES:
            target = out_dir / filename
            if (
                target.is_symlink()
            ):  # replacing what it points to would change a file outside the folder
                raise UsageError(
                    "这是一个符号链接，--force 也不经它改写别处的文件，未写入任何文件：请先删除它",
                    display_path(target),
                )
            if target.is_dir() or (target.exists() and not target.is_file()):
                raise UsageError(
                    "这不是普通文件（而是文件夹、设备或管道），--force 也不替换它，未写入任何文件",
                    display_path(target),
                )
        atomic_write_all([(out_dir / name, files[name].encode("utf-8")) for name in PLAN_FILES])
        return
    _write_new_folder(out_dir, files)


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError as exc:
        raise UsageError(f"无法访问：{exc.strerror or exc}", display_path(path)) from None


def _write_new_folder(out_dir: Path, files: dict[str, str]) -> None:
    """A folder that did not exist, written whole in a temporary sibling and renamed into place."""
    parent = out_dir.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name[:100]}.init-", dir=parent))
    except OSError as exc:
        raise UsageError(f"无法创建文件夹：{exc.strerror or exc}", display_path(out_dir)) from None
    try:
        for filename in PLAN_FILES:
            path = temp / filename
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(files[filename])
                handle.flush()
                os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o777 & ~umask)
        # rename() onto an existing empty folder would replace it; one made meanwhile is kept.
        if out_dir.exists():
            raise UsageError(
                "文件夹在起草期间被别人建立了，未写入：请重新运行", display_path(out_dir)
            )
        os.rename(temp, out_dir)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise UsageError(
            f"写入失败，未生成文件夹：{exc.strerror or exc}", display_path(out_dir)
        ) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
