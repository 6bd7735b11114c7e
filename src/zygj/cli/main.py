"""The `zygj` script: registers every command, runs the app, Chinese usage errors and exit codes."""

from __future__ import annotations

import sys

import typer

from zygj.cli.app import app
from zygj.cli.commands import (  # noqa: F401  (importing a command module registers its commands)
    collect,
    evidence,
    export,
    history,
    init,
    measures,
    progress,
    remind,
    report,
    schema,
    score,
    targets,
    units,
    validate,
    verify,
)
from zygj.cli.console import print_diagnostics, printable, write_stdout
from zygj.core.diagnostics import EXIT_INTERNAL, EXIT_USAGE, ZygjError

__all__ = ["app", "main"]

#: The order `zygj --help` lists the commands in: who does what, then progress, then the
#: supervision office's cycle, then drafting a new plan (modules register in import order).
HELP_ORDER = (
    "measures", "measure", "units", "validate", "targets", "report", "export", "schema",
    "collect", "verify", "evidence", "remind", "score", "history", "init",
)  # fmt: skip
app.registered_commands.sort(
    key=lambda c: HELP_ORDER.index(c.name) if c.name in HELP_ORDER else len(HELP_ORDER)
)


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
    ("is not in the range", "超出允许的范围"),
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


_COMPLETION_WORDS = (
    (r"^(?:Shells\.)?(\w+) completion installed in (.+)$", r"已为 \1 安装命令补全：\2"),
    (r"^Completion will take effect once you restart the terminal$", "重新打开终端后生效。"),
    (
        r"^Shell (.*?) is not supported\.$",
        r"不支持 shell “\1”：可用 bash、zsh、fish、powershell、pwsh（如 zygj --install-completion bash）",
    ),
)


def translate_completion(text: str) -> str:
    """What Typer's --install-completion says, in Chinese."""
    import re

    for pattern, chinese in _COMPLETION_WORDS:
        text = re.sub(pattern, chinese, text, flags=re.MULTILINE)
    return text


def _install_completion() -> int:
    import contextlib
    import io

    buffer = io.StringIO()
    code: object = 0
    try:
        with contextlib.redirect_stdout(buffer):
            code = app(standalone_mode=False)
    except SystemExit as exc:
        code = exc.code
    finally:
        write_stdout(translate_completion(buffer.getvalue()))
    return code if isinstance(code, int) else 0


def _wants_help(args: list[str]) -> bool:
    return not args or any(arg in ("-h", "--help") for arg in args)


def _require_working_folder() -> None:
    """A working folder deleted under the shell: every relative path is meaningless, so stop."""
    import os

    try:
        os.getcwd()
    except OSError:
        sys.stderr.write(
            "zygj: error: 当前所在的文件夹已不存在（可能已被删除或移走）：请先 cd 到一个存在的文件夹再运行\n"
        )
        sys.exit(EXIT_USAGE)


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
    _require_working_folder()
    try:
        if "--install-completion" in sys.argv[1:]:
            code = _install_completion()
        else:
            code = app(standalone_mode=False)
    except click_exceptions.NoArgsIsHelpError as exc:  # `zygj progress`: help, like --help
        write_stdout(translate_help(exc.ctx.get_help() + "\n") if exc.ctx else "")
        sys.exit(0)
    except click_exceptions.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "zygj"
        sys.stderr.write(
            printable(f"{command}: error: {_usage_message(exc.format_message())}") + "\n"
        )
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
