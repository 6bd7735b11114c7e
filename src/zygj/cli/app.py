"""The Typer app and what every command shares: options, output checks, error reporting,
and :func:`show`, which renders a listing in the chosen format and writes it.

Each command lives in its own module of :mod:`zygj.cli.commands`, named after it
(``measures``, ``report``…), importing from here and never from another command;
:mod:`zygj.cli.main` registers them and runs the app.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from zygj import __version__
from zygj.cli.console import print_diagnostics, write_stdout
from zygj.core.diagnostics import UsageError, ZygjError, display_path
from zygj.core.plan import Plan
from zygj.load.plan import load_checked_plan, resolve_plan_dir
from zygj.output.formats import FORMATS, LISTING_FORMATS, Format, listing_help

if TYPE_CHECKING:
    from zygj.core.workspace import Workspace
    from zygj.output.listings import Grid, RenderOptions

app = typer.Typer(
    name="zygj",
    help="zygj：责任分工方案的查询、校验与完成情况跟踪。\n\n"
    "方案文件夹依次取 --plan、环境变量 ZYGJ_PLAN、当前目录下的 plan/（含 measures.yaml）、"
    "随程序安装的方案。几个方案一起跟踪时用工作区：--workspace（-w）、环境变量 ZYGJ_WORKSPACE "
    "或含 workspace.yaml 的当前目录。",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        help="方案文件夹（含 units.yaml、measures.yaml、targets.yaml）。"
        "未指定时依次取 $ZYGJ_PLAN、./plan/、随程序附带的方案。",
        show_default=False,
    ),
]
WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="工作区文件夹（含 workspace.yaml，列出多个方案）：在全部方案中查询，按方案分组。"
        "未指定时依次取 $ZYGJ_WORKSPACE、当前文件夹（含 workspace.yaml 时）；不能与 --plan 同用。",
        show_default=False,
    ),
]
PlanKeyOption = Annotated[
    str | None,
    typer.Option(
        "--plan-key",
        help="使用工作区时只看其中一个方案（workspace.yaml 中的简称 key）。",
        show_default=False,
    ),
]
# Typer takes choices from an Enum: these are made from the format registry.
if TYPE_CHECKING:
    ListFormat = StrEnum
    AnyFormat = StrEnum
else:
    ListFormat = StrEnum("ListFormat", [(f.name, f.name) for f in LISTING_FORMATS])
    AnyFormat = StrEnum("AnyFormat", [(name, name) for name in FORMATS])
#: The default of every listing's --format.
TABLE = ListFormat.__members__["table"]

FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help=listing_help())]


WideOption = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="终端表格显示全部列（窗口较窄时默认省略次要的列，并在表格下方说明）；可配合 less -S 左右查看。",
    ),
]

ForceOption = Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它。")]


def check_output(path: Path, force: bool, suffixes: tuple[str, ...]) -> str:
    """A file we may write: right suffix, not a folder, never an existing file unless --force.

    Every ``-o`` names the suffixes its format is written to: text in a file
    called .xlsx would open in Excel as an error, not as the table.
    """
    shown = display_path(path)
    if path.is_dir():
        raise UsageError("这是一个文件夹，请给出文件名", shown)
    if path.suffix.lower() not in suffixes:
        raise UsageError(f"输出文件应以 {' 或 '.join(suffixes)} 结尾", shown)
    if path.exists() and not force:
        # A report written over someone's progress.yaml would lose their data.
        raise UsageError("文件已存在，未覆盖：换一个文件名，或加 --force 覆盖", shown)
    from zygj.files.atomic import check_writable

    check_writable(path)  # a dangling link or a read-only file: refused before any work
    return shown


def reports_errors(func: F) -> F:
    """Print a ZygjError's diagnostics on stderr and exit with its code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ZygjError as exc:
            print_diagnostics(exc.diagnostics)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:  # `zygj … | head` closed the pipe: not an error
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def options_for(fmt: Format, wide: bool = False, to_file: bool = False) -> RenderOptions:
    """The terminal's width and colours when the format is the terminal table (stdout, or
    a file's defaults for -o); every other format renders the same anywhere."""
    from zygj.cli.console import file_options, render_options
    from zygj.output.listings import RenderOptions

    if not fmt.coloured:
        return RenderOptions(all_columns=wide)
    return file_options(wide) if to_file else render_options(all_columns=wide)


def show(fmt: StrEnum, grid: Grid, data: Any, wide: bool = False) -> None:
    """A listing on stdout in the chosen format (``data``: its JSON structure)."""
    chosen = FORMATS[fmt.value]
    assert chosen.listing is not None, chosen.name
    write_stdout(chosen.listing(grid, data, options_for(chosen, wide)))


def open_plan(plan_dir: Path | None) -> Plan:
    return load_checked_plan(resolve_plan_dir(plan_dir))


def open_workspace(workspace_dir: Path | None, plan_dir: Path | None) -> Workspace | None:
    """The workspace a command runs over, or None: one plan, exactly as without workspaces.

    An explicit --plan always means one plan; --workspace, $ZYGJ_WORKSPACE or a current
    folder holding workspace.yaml mean the workspace (see resolve_workspace_dir).
    """
    from zygj.load.workspace import load_checked_workspace, resolve_workspace_dir

    if plan_dir is not None:
        if workspace_dir is not None:
            raise UsageError(
                "--workspace 和 --plan 不能同时使用：查工作区的全部方案用 --workspace，只查一个方案用 --plan"
            )
        return None
    folder = resolve_workspace_dir(workspace_dir)
    return load_checked_workspace(folder) if folder is not None else None


def _version(value: bool) -> None:
    if value:
        write_stdout(f"zygj {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", help="显示版本号并退出。", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """zygj：责任分工方案的查询、校验与完成情况跟踪。"""


progress_app = typer.Typer(help="进度记录：追加填报、生成填报表。", no_args_is_help=True)
app.add_typer(progress_app, name="progress")

#: Same as zygj.load.ledger.DEFAULT_PROGRESS (the option's default is needed at import time).
DEFAULT_PROGRESS = Path("progress.yaml")

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="统计截止日期 YYYY-MM-DD，默认今天（北京时间）。", show_default=False
    ),
]
ProgressOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--progress",
        "-p",
        help="进度文件（.yaml、.csv 或 .xlsx）或文件夹（读其中全部进度文件），可重复给出；"
        "默认当前目录的 progress.yaml（存在时）。",
        show_default=False,
    ),
]


def parse_date(text: str, option: str) -> dt.date:
    from zygj.cli.bounds import check_day

    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} 应为日期 YYYY-MM-DD（如 2021-01-01），实际为“{text}”") from None
    return check_day(day, option)


def as_of_date(text: str | None) -> dt.date:
    """--as-of, else today in Beijing."""
    from zygj.core.clock import today

    return parse_date(text, "--as-of") if text else today()


def since_date(text: str | None, as_of: dt.date) -> dt.date | None:
    """--since (the date of the last 通报), which must come before the as-of date."""
    if text is None:
        return None
    day = parse_date(text, "--since")
    if day >= as_of:
        raise UsageError(f"--since（{day.isoformat()}）应早于统计截止日期（{as_of.isoformat()}）")
    return day


SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="上次通报的日期 YYYY-MM-DD：同时给出该日的实际数和状态、本期变化（新完成、新逾期、转为滞后）"
        "和期间报送的单位；未报送单位按此日之后计。",
        show_default=False,
    ),
]


def write_file(path: Path, data: bytes) -> None:
    """Write a command's output file atomically (the writer imported only when one is written)."""
    from zygj.files.atomic import atomic_write

    atomic_write(path, data)


LedgerOption = Annotated[
    Path,
    typer.Option(
        "--progress",
        "-p",
        help="汇总台账（zygj collect 写的 .yaml 或 .csv）；默认当前目录的 progress.yaml。",
    ),
]


def notice_files(folder: Path, units: Sequence[str], suffix: str, force: bool) -> dict[str, Path]:
    """Each unit's 催办通知 file in ``folder`` (one-plan and workspace `remind`): names checked
    before anything is written, files already there kept unless ``--force``."""
    from zygj.files.names import unit_files

    files = unit_files(
        folder,
        list(units),
        "催办通知-{}" + suffix,
        "请在 units.yaml 中改用可区分的较短名称，或用 --unit 逐个生成到不同的文件夹",
    )
    existing = [p for p in files.values() if p.exists()]
    if existing and not force:
        raise UsageError(
            f"文件已存在，未覆盖：{'、'.join(display_path(p) for p in existing)}；"
            "换一个文件夹，或加 --force 覆盖"
        )
    return files
