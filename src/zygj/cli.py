"""The command line: a thin layer that turns options into core calls.

Every rule lives in the core modules; this file parses options, calls them,
and turns :class:`ZygjError` into stderr messages and exit codes.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from zygj import __version__
from zygj.console import print_diagnostics, reset_consoles, write_stdout
from zygj.diagnostics import (
    EXIT_DATA,
    EXIT_INTERNAL,
    EXIT_USAGE,
    UsageError,
    ZygjError,
    exit_code_for,
)
from zygj.plan import Plan, load_checked_plan, load_plan, resolve_plan_dir
from zygj.render import OutputFormat

app = typer.Typer(
    name="zygj",
    help="zygj：责任分工方案的查询、校验与完成情况跟踪。\n\n"
    "方案文件夹依次取 --plan、环境变量 ZYGJ_PLAN、当前目录下的 plan/（含 measures.yaml）、"
    "随程序安装的方案。",
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
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="输出格式：table（终端表格）、plain、markdown、csv、json。"),
]


ForceOption = Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它。")]


def check_output(path: Path, force: bool, suffixes: tuple[str, ...] = ()) -> str:
    """A file we may write: right suffix, not a folder, never an existing file unless --force."""
    from zygj.sources import display_path

    shown = display_path(path)
    if suffixes and path.suffix.lower() not in suffixes:
        raise UsageError(f"输出文件应以 {' 或 '.join(suffixes)} 结尾", shown)
    if path.is_dir():
        raise UsageError("这是一个文件夹，请给出文件名", shown)
    if path.exists() and not force:
        # A report written over someone's progress.yaml would lose their data.
        raise UsageError("文件已存在，未覆盖：换一个文件名，或加 --force 覆盖", shown)
    return shown


def reports_errors(func: F) -> F:
    """Print a ZygjError's diagnostics on stderr and exit with its code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        reset_consoles()
        try:
            return func(*args, **kwargs)
        except ZygjError as exc:
            print_diagnostics(exc.diagnostics)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:  # `zygj … | head` closed the pipe: not an error
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def open_plan(plan_dir: Path | None) -> Plan:
    return load_checked_plan(resolve_plan_dir(plan_dir))


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


# Commands are defined in their own modules, each importing `app` from here.
from zygj import commands as _commands  # noqa: E402,F401

_CLICK_MESSAGES = (
    ("No such option", "没有这个选项"),
    ("No such command", "没有这个命令"),
    ("Missing argument", "缺少参数"),
    ("Missing option", "缺少选项"),
    ("Invalid value for", "参数值无效"),
    ("Got unexpected extra argument", "多余的参数"),
    ("requires an argument", "选项需要一个值"),
    ("is not one of", "不是可选值之一"),
    ("is not a valid integer", "不是有效的整数"),
    ("is not a valid float", "不是有效的数字"),
    ("does not match the format", "日期格式应为 YYYY-MM-DD"),
)


def _usage_message(message: str) -> str:
    hints = [chinese for english, chinese in _CLICK_MESSAGES if english in message]
    lead = "；".join(dict.fromkeys(hints)) if hints else "用法错误"
    return f"{lead}（{message}）"


_HELP_WORDS = (
    (r"^Usage: ", "用法："),
    (r"^Options:$", "选项："),
    (r"^Commands:$", "命令："),
    (r"^Arguments:$", "参数："),
    (r"Show this message and exit\.", "显示本帮助并退出。"),
    (r"Install completion for the\s+current shell\.", "为当前 shell 安装命令补全。"),
    (
        r"Show completion for the\s+current\s+shell,\s+to\s+copy\s+it\s+or\s+customize\s+the\s+installation\.",
        "显示当前 shell 的补全脚本，可复制或自行安装。",
    ),
    (r"\[default: ([^\]]*)\]", r"[默认：\1]"),
    (r"\[required\]", "[必填]"),
    (r"\[x>=(\d+)\]", r"[≥\1]"),
)


def translate_help(text: str) -> str:
    """Typer's own help labels in Chinese; our help texts are Chinese already."""
    import re

    for pattern, chinese in _HELP_WORDS:
        text = re.sub(pattern, chinese, text, flags=re.MULTILINE)
    return text


def _wants_help(args: list[str]) -> bool:
    return not args or any(arg in ("-h", "--help") for arg in args)


def main() -> None:
    """Entry point of the `zygj` script: Chinese usage errors, documented exit codes."""
    import gc

    # A short-lived process: the cyclic collector would sweep the 10^5 fresh YAML
    # nodes, records and results again and again (more than half of a big
    # report's time) to free nothing; reference counting frees them as usual.
    gc.disable()
    try:
        from typer._click import exceptions as click_exceptions
    except ImportError:  # pragma: no cover - older typer with click as a dependency
        import click.exceptions as click_exceptions  # type: ignore[import-not-found,no-redef]

    if _wants_help(sys.argv[1:]):
        import contextlib
        import io

        buffer = io.StringIO()
        try:
            with contextlib.redirect_stdout(buffer):
                code = app(standalone_mode=False)
        except click_exceptions.NoArgsIsHelpError as exc:
            buffer.write(exc.ctx.get_help() + "\n" if exc.ctx else "")
            code = 0
        except BaseException:
            write_stdout(buffer.getvalue())
            raise
        write_stdout(translate_help(buffer.getvalue()))
        sys.exit(code if isinstance(code, int) else 0)
    try:
        code = app(standalone_mode=False)
    except click_exceptions.NoArgsIsHelpError as exc:  # `zygj progress`: help, like --help
        write_stdout(translate_help(exc.ctx.get_help() + "\n") if exc.ctx else "")
        sys.exit(0)
    except click_exceptions.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "zygj"
        sys.stderr.write(f"{command}: error: {_usage_message(exc.format_message())}\n")
        sys.stderr.write(f"（运行 {command} --help 查看用法）\n")
        sys.exit(EXIT_USAGE)
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("已中止\n")
        sys.exit(130)
    except ZygjError as exc:  # raised outside a command (e.g. in a completion callback)
        print_diagnostics(exc.diagnostics)
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # `zygj … | head` closed the pipe early: not an error
        sys.exit(0)
    except Exception as exc:  # a bug in zygj: say so plainly instead of a traceback
        sys.stderr.write(
            f"zygj: error: 内部错误（这是 zygj 的缺陷，不是您的数据问题，请附上命令报告）："
            f"{type(exc).__name__}: {exc}\n"
        )
        sys.exit(EXIT_INTERNAL)
    # In non-standalone mode Typer returns the code of a typer.Exit; commands return None.
    sys.exit(code if isinstance(code, int) else 0)


__all__ = [
    "EXIT_DATA",
    "ForceOption",
    "FormatOption",
    "PlanOption",
    "UsageError",
    "app",
    "check_output",
    "exit_code_for",
    "load_plan",
    "main",
    "open_plan",
    "reports_errors",
]
