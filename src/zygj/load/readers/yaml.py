"""Reading a YAML progress file: ``records:`` and the document that locates them."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from zygj.core.diagnostics import Diagnostic, ZygjError
from zygj.core.models import ProgressFile
from zygj.load.pydantic_errors import adapter, located_errors
from zygj.load.readers.columns import RawRecords
from zygj.load.yaml_doc import YamlDocument, load_yaml


def read_yaml(path: Path, shown: str) -> RawRecords:
    return records_of(load_yaml(path, shown))


def records_of(document: YamlDocument) -> RawRecords:
    """The records of a parsed YAML progress file (its other keys checked too)."""
    data = document.data
    if not isinstance(data, dict) or "records" not in data:
        raise ZygjError(
            [Diagnostic(document.path, 1, 1, "进度文件应以 records: 开头，下面每条记录以“- ”开头")]
        )
    try:
        adapter(ProgressFile).validate_python({k: v for k, v in data.items() if k != "records"})
    except ValidationError as exc:
        raise ZygjError(located_errors(exc, document)) from None
    return RawRecords(data["records"] or [], document)
