"""`schema`: the JSON Schema of each file kind, for editors."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from zygj.cli.app import (
    ForceOption,
    app,
    check_output,
    reports_errors,
    write_file,
)
from zygj.cli.console import write_stdout
from zygj.core.diagnostics import display_path


class SchemaKind(StrEnum):
    units = "units"
    measures = "measures"
    targets = "targets"
    progress = "progress"
    workspace = "workspace"


@app.command("schema")
@reports_errors
def schema_command(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            help="哪种文件：units、measures、targets、progress 或 workspace（工作区的 workspace.yaml）。",
            show_default=False,
            metavar="KIND",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="写入文件（UTF-8；已存在时须加 --force），默认输出到屏幕。",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """输出某种文件的 JSON Schema，供编辑器（如 VS Code 的 YAML 扩展）补全和检查。"""
    import json

    from zygj.output.schemas import json_schema

    text = json.dumps(json_schema(kind.value), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        write_stdout(text)
        return
    check_output(output, force, (".json",))
    write_file(output, text.encode("utf-8"))
    write_stdout(f"已写入 {display_path(output)}\n")
