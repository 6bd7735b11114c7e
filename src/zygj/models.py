"""Pydantic models of the plan files and the progress file. No I/O here.

The models check each record on its own (types, required fields, forbidden
extras, simple consistency). Rules that relate records to each other live in
:mod:`zygj.checks` as small pure functions.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr, model_validator


class StrictModel(BaseModel):
    # defer_build: a model costs its schema only when something is validated with it
    # (a query served from the plan cache validates nothing).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, allow_inf_nan=False)


# ----------------------------------------------------------------------- units


class Unit(StrictModel):
    """A unit (单位) of the plan, by its canonical name as the document writes it."""

    name: StrictStr = Field(min_length=1, description="规范名称，与文件原文一致")
    kind: StrictStr = Field(min_length=1, description="单位类别，如 市级部门、群团组织")
    aliases: list[StrictStr] = Field(default_factory=list, description="常用简称、别名")
    note: StrictStr | None = None


class UnitsFile(StrictModel):
    units: list[Unit]


# -------------------------------------------------------------------- measures


class Document(StrictModel):
    number: StrictStr = Field(description="文号")
    issuer: StrictStr = Field(description="发文机关")
    date: dt.date = Field(description="成文日期")
    title: StrictStr = Field(description="标题")
    plan_title: StrictStr | None = Field(default=None, description="方案标题")
    addressees: StrictStr | None = Field(default=None, description="主送机关")


class Period(StrictModel):
    """The plan period; annual (每年) targets get one instance per year listed."""

    start: dt.date
    end: dt.date
    annual_years: list[int] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period.end（{self.end}）早于 period.start（{self.start}）")
        for year in self.annual_years:
            if not self.start.year <= year <= self.end.year:
                raise ValueError(f"annual_years 中的 {year} 年不在方案期内（{self.start} 至 {self.end}）")
        return self


class Section(StrictModel):
    no: int = Field(ge=1, description="部分序号 1, 2, …")
    label: StrictStr = Field(description="原文编号，如（一）")
    title: StrictStr


class Erratum(StrictModel):
    """A slip of the document and its correction; the text itself stays verbatim."""

    field: Literal["text", "lead", "responsible"]
    original: StrictStr = Field(min_length=1)
    corrected: StrictStr = Field(min_length=1)
    note: StrictStr | None = None


class Measure(StrictModel):
    no: int = Field(ge=1)
    section: int = Field(ge=1)
    text: StrictStr = Field(min_length=1)
    lead: list[StrictStr] = Field(default_factory=list, description="牵头单位（规范名称）")
    responsible: list[StrictStr] = Field(default_factory=list, description="责任单位（规范名称）")
    addressees: list[StrictStr] = Field(
        default_factory=list,
        description="不列具体单位、面向全体时的对象，如 各县（区）政府",
    )
    errata: list[Erratum] = Field(default_factory=list)

    @property
    def is_general(self) -> bool:
        """A measure addressed to everyone rather than to named units."""
        return not self.lead and not self.responsible


class MeasuresFile(StrictModel):
    document: Document
    period: Period
    sections: list[Section]
    measures: list[Measure]


# --------------------------------------------------------------------- targets

Op = Literal["ge", "gt", "range", "approx", "qualitative"]

OP_LABELS: dict[str, str] = {
    "ge": "不少于",
    "gt": "超过",
    "range": "区间",
    "approx": "左右",
    "qualitative": "定性",
}


class TargetDefaults(StrictModel):
    approx_tolerance: float = Field(default=0.10, ge=0, lt=1)


class Lights(StrictModel):
    """红黄绿灯: lag = 序时进度 − 完成率; green while lag ≤ green_within, …"""

    green_within: float = Field(default=0.0, ge=0, le=1)
    yellow_within: float = Field(default=0.2, ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> Lights:
        if self.yellow_within < self.green_within:
            raise ValueError("lights.yellow_within 不能小于 lights.green_within")
        return self


class Target(StrictModel):
    id: StrictStr = Field(pattern=r"^[0-9]+\.[0-9]+$", description='目标编号 "措施号.序号"')
    measure: int = Field(ge=1)
    title: StrictStr = Field(min_length=1)
    quote: StrictStr = Field(min_length=1, description="目标在措施原文中的原话")
    op: Op
    value: float | None = Field(default=None, ge=0)
    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)
    unit_of_measure: StrictStr | None = None
    deadline: dt.date | None = None
    annual: bool = False
    soft: bool = Field(default=False, description="力争目标")
    owner: StrictStr | None = Field(default=None, description="责任单位，默认措施的牵头单位")
    tolerance: float | None = Field(default=None, ge=0, lt=1, description="左右 的容差")
    note: StrictStr | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Target:
        problems: list[str] = []
        if self.op in ("ge", "gt", "approx"):
            if self.value is None:
                problems.append(f"op 为 {self.op} 时必须给出 value")
            if self.min is not None or self.max is not None:
                problems.append(f"op 为 {self.op} 时不能有 min/max（区间请用 op: range）")
        elif self.op == "range":
            if self.min is None or self.max is None:
                problems.append("op 为 range 时必须给出 min 和 max")
            elif self.min > self.max:
                problems.append(f"min（{self.min:g}）大于 max（{self.max:g}）")
            if self.value is not None:
                problems.append("op 为 range 时不用 value，请用 min 和 max")
        else:
            if any(v is not None for v in (self.value, self.min, self.max)):
                problems.append("定性目标（qualitative）不能有 value/min/max")
        if self.tolerance is not None and self.op != "approx":
            problems.append("只有 op: approx（左右）的目标才能设置 tolerance")
        if self.annual and self.deadline is not None:
            problems.append("annual: true 的目标按年度自动确定截止日期，不能再写 deadline")
        if not self.annual and self.deadline is None:
            problems.append("必须给出 deadline（截止日期），或写 annual: true 表示每年目标")
        if problems:
            raise ValueError("；".join(problems))
        return self

    @property
    def is_percent(self) -> bool:
        return self.unit_of_measure in ("%", "％")

    @property
    def measure_order(self) -> tuple[int, int]:
        head, _, tail = self.id.partition(".")
        return (int(head), int(tail))


class TargetsFile(StrictModel):
    defaults: TargetDefaults = Field(default_factory=TargetDefaults)
    lights: Lights = Field(default_factory=Lights)
    targets: list[Target]


# -------------------------------------------------------------------- progress

Status = Literal["not_started", "in_progress", "done"]

STATUS_ALIASES: dict[str, Status] = {
    "not_started": "not_started",
    "未启动": "not_started",
    "in_progress": "in_progress",
    "推进中": "in_progress",
    "done": "done",
    "已完成": "done",
}


def _status_alias(value: object) -> object:
    """Accept the Chinese status words people type (已完成 …) and blank cells."""
    if isinstance(value, str):
        key = value.strip()
        if key == "":
            return None
        return STATUS_ALIASES.get(key, value)
    return value


class ProgressRecord(StrictModel):
    """One reported figure: a unit's cumulative value for a target as of a date."""

    target: StrictStr = Field(description='目标编号：措施号.序号，如 "3.1"（YAML 中请加引号）')
    date: dt.date = Field(description="数值对应的日期")
    unit: StrictStr | None = Field(default=None, description="填报单位，默认目标的责任单位")
    value: float | None = Field(default=None, ge=0, description="截至该日的累计数")
    status: Annotated[Status | None, BeforeValidator(_status_alias)] = Field(
        default=None, description="not_started / in_progress / done（或 未启动 / 推进中 / 已完成）"
    )
    note: StrictStr | None = None


class ProgressFile(StrictModel):
    records: list[ProgressRecord] = Field(default_factory=list)
