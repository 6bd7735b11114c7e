"""JSON Schemas of the plan files and the progress file, for editors that check YAML.

The schemas come from the Pydantic models in :mod:`zygj.core.models`, so they cannot
drift from what zygj itself accepts. They catch what a schema can express (field
names, types, required fields, allowed words); rules across records (a lead unit
must be declared, a target's measure must exist) stay with ``zygj validate``.
"""

from __future__ import annotations

from typing import Any

from zygj.core.models import STATUS_ALIASES, MeasuresFile, ProgressFile, TargetsFile, UnitsFile
from zygj.core.workspace import WorkspaceFile

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: kind → (model, title, description of the whole file)
SCHEMAS: dict[str, tuple[type[Any], str, str]] = {
    "units": (
        UnitsFile,
        "zygj 单位文件（units.yaml）",
        "方案涉及的全部单位：规范名称、类别和常用简称。",
    ),
    "measures": (
        MeasuresFile,
        "zygj 措施文件（measures.yaml）",
        "文件信息、方案期、各部分和每项工作措施的原文、牵头单位与责任单位。",
    ),
    "targets": (
        TargetsFile,
        "zygj 目标文件（targets.yaml）",
        "从措施原文中提取的量化目标和定性目标：指标、截止日期、责任单位。",
    ),
    "progress": (
        ProgressFile,
        "zygj 进度文件（progress.yaml）",
        "各单位填报的进度记录：某目标截至某日的累计数或状态。",
    ),
    "workspace": (
        WorkspaceFile,
        "zygj 工作区文件（workspace.yaml）",
        "工作区中的各方案：简称、方案文件夹、标题、考评权重、进度台账，以及共用的督查机构设置。",
    ),
}

#: Chinese descriptions of the models (their docstrings are written for developers).
_DEFINITIONS: dict[str, str] = {
    "Unit": "一个单位：规范名称须与文件原文一致。",
    "Document": "方案所依据的文件：文号（可不写）、发文机关、成文日期、标题；partial 表示部分转录。",
    "Period": "方案期；annual_years 列出“每年”目标需要考核的年份。",
    "Section": "方案的一个部分，如（一）；可含下级部分 sections。",
    "Erratum": "原文的笔误及其更正；原文本身保持不变。",
    "Measure": "一项工作措施：原文、原文编号、牵头单位、责任单位、配合单位、完成时限。",
    "Group": "单位集合（如 各区人民政府）：措施点名集合，即给每个成员同样的角色。",
    "TargetDefaults": "目标的默认设置。",
    "Lights": "红黄绿灯的阈值：滞后 = 序时进度 − 完成率。",
    "Target": "一个目标：编号“措施号.序号”、指标、截止日期或 annual: true。",
    "ProgressRecord": "一条进度记录：某单位某目标截至某日的累计数或状态。",
    "WorkspaceInfo": "工作区的名称。",
    "PlanEntry": "工作区中的一个方案：简称 key、方案文件夹 path（相对于工作区）、标题、考评权重、进度台账。",
}


def kinds() -> list[str]:
    return list(SCHEMAS)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file: units, measures, targets, progress."""
    model, title, description = SCHEMAS[kind]
    from zygj.load.pydantic_errors import adapter

    schema = adapter(model).json_schema(mode="validation")
    definitions: dict[str, Any] = schema.get("$defs", {})
    for name, definition in definitions.items():
        _drop_titles(definition)
        if name in _DEFINITIONS:
            definition["description"] = _DEFINITIONS[name]
        else:
            definition.pop("description", None)
    _drop_titles(schema)
    record = definitions.get("ProgressRecord")
    if record is not None:
        # The model also accepts the Chinese status words people type.
        status = record["properties"]["status"]
        status["anyOf"] = [{"type": "string", "enum": list(STATUS_ALIASES)}, {"type": "null"}]
    ordered: dict[str, Any] = {"$schema": DRAFT, "title": title, "description": description}
    ordered.update({key: value for key, value in schema.items() if key != "description"})
    return ordered


def _drop_titles(node: dict[str, Any]) -> None:
    """Pydantic's titles repeat the English field and class names; editors show them."""
    node.pop("title", None)
    for prop in node.get("properties", {}).values():
        prop.pop("title", None)
