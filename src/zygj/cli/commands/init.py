"""`init`: a plan folder drafted from the document itself, every guess listed for review."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from pathlib import Path
from typing import Annotated

import typer

from zygj.cli.app import ForceOption, app, parse_date, reports_errors
from zygj.cli.console import printable, write_stdout
from zygj.core.diagnostics import display_path


@app.command("init")
@reports_errors
def init_command(
    source: Annotated[
        Path,
        typer.Argument(
            help="分工方案原文：.docx（表格或正文），或网页正文另存的 .txt / .html。",
            show_default=False,
            metavar="SOURCE",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="要生成的方案文件夹（须不存在或为空；加 --force 时只替换 units.yaml、measures.yaml、"
            "targets.yaml、REVIEW.md，文件夹中的其他文件不动）。",
            show_default=False,
        ),
    ],
    force: ForceOption = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="成文日期 YYYY-MM-DD：原文没有写成文日期时（如网页上的节选）用它；原文写了的以原文为准。",
            show_default=False,
        ),
    ] = None,
) -> None:
    """从方案原文起草方案文件夹，并列出每一处推测供人核对。

    原文可以是 .docx（表格或正文）或网页正文另存的 .txt、.html；生成 units.yaml、measures.yaml、
    targets.yaml 和待核对清单 REVIEW.md。
    """
    from zygj.drafting import draft_plan, review_markdown, write_plan_folder

    draft = draft_plan(source, parse_date(date, "--date") if date else None)
    write_plan_folder(draft, output, force=force)
    # The review quotes the source and the path is typed: escapes in either are shown, never run.
    shown = printable(display_path(output))
    write_stdout(printable(review_markdown(draft)))
    errors = sum(1 for p in draft.problems if p.severity == "error")
    write_stdout(
        "\n草稿按原样通过 zygj validate"
        if not errors
        else f"\n草稿未通过 zygj validate：{errors} 个错误，已列在 REVIEW.md 的“校验结果”"
    )
    write_stdout(
        f"\n已起草 {shown}（units.yaml、measures.yaml、targets.yaml、REVIEW.md）："
        f"{len(draft.units['units'])} 个单位、{len(draft.measures['measures'])} 项措施、"
        f"{len(draft.targets['targets'])} 个目标，{len(draft.review)} 条待核对\n"
        f"请逐条核对 {shown}/REVIEW.md，再运行：zygj validate --plan {shown}\n"
    )
