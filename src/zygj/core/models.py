"""The plan files and the progress file as plain frozen dataclasses. No I/O here.

Each class is an ordinary stdlib dataclass that Pydantic validates (through a
``TypeAdapter``, see :mod:`zygj.load.pydantic_errors`): the constraints ride along in
``Annotated`` metadata that Pydantic reads only when it builds a schema. So this
module imports no Pydantic, and a plan served from the validated-plan cache
(the same dataclasses, rebuilt from plain values) answers an everyday query without loading Pydantic at all.

The classes check each record on its own (types, required fields, forbidden
extras, simple consistency in ``__post_init__``). Rules that relate records to
each other live in :mod:`zygj.load.plan_checks` as small pure functions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from zygj.core.numbers import number_text

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema


class Spec:
    """Arguments of ``pydantic.Field`` (constraints, description), applied when a schema is built."""

    __slots__ = ("arguments",)

    def __init__(self, **arguments: Any) -> None:
        self.arguments = arguments

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic import Field

        return handler(Annotated[source, Field(**self.arguments)])


class Before:
    """A function run on the raw input before Pydantic validates the field (like ``BeforeValidator``)."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.function, handler(source))


#: Characters no office text means, which break outputs: C0 controls but tab, line
#: feed and carriage return; DEL; C1 controls (NEL U+0085 among them, which YAML
#: reads as a line break); the Unicode line and paragraph separators; and lone
#: surrogates (bytes that were not UTF-8, as the command line passes them on).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")

#: Unicode non-characters (U+FDD0–U+FDEF and the last two code points of every
#: plane, U+FFFE/U+FFFF among them): no text means them, and the .docx and .xlsx
#: outputs (XML) cannot carry them at all.
_NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)
#: Bidirectional controls: invisible, they make text display in another order than
#: it reads (a note that shows "已完成" can hold something else).
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: Characters that show nothing: two names differing only by one look the same
#: but would be two units. Refused in names and ids (a note may keep them).
_INVISIBLE = re.compile("[\u00ad\u034f\u115f\u1160\u180e\u200b-\u200d\u2060-\u2064\u3164\ufeff]")
#: For the progress cell parser (:mod:`zygj.load.progress.cells`): text holding any
#: character refused in text (names: in names) is not plain, and goes to Pydantic,
#: which refuses it with the message and the place.
CONTROL_CHARACTERS = re.compile("|".join(p.pattern for p in (_CONTROL, _NONCHARACTER, _BIDI)))
NAME_REFUSED = re.compile("|".join(p.pattern for p in (_CONTROL, _NONCHARACTER, _BIDI, _INVISIBLE)))


def _visible_text(value: object) -> object:
    """Text with an invisible control character is refused where it was typed, not later."""
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found is not None:
            code = ord(found.group())
            if 0xD800 <= code <= 0xDFFF:
                raise ValueError("含有不是 UTF-8 编码的字节：请以 UTF-8 重新输入或保存")
            raise ValueError(
                f"含有不可见的控制字符 U+{code:04X}（第 {found.start() + 1} 个字符）：请删除它"
                "（常见于从网页、聊天软件或其他系统复制的文字）"
            )
        found = _NONCHARACTER.search(value)
        if found is not None:
            raise ValueError(
                f"含有 Unicode 非字符 U+{ord(found.group()):04X}（第 {found.start() + 1} 个字符），"
                "任何文件都不能正确保存它：请删除它"
            )
        found = _BIDI.search(value)
        if found is not None:
            raise ValueError(
                f"含有双向文字控制符 U+{ord(found.group()):04X}（第 {found.start() + 1} 个字符），"
                "它会让文字显示的顺序与实际内容不同：请删除它"
            )
    return value


def _name_text(value: object) -> object:
    """A name or an id: visible text, and no character that shows nothing."""
    _visible_text(value)
    if isinstance(value, str):
        found = _INVISIBLE.search(value)
        if found is not None:
            raise ValueError(
                f"含有看不见的字符 U+{ord(found.group()):04X}（第 {found.start() + 1} 个字符）："
                "名称和编号中不能有看不见的字符（看起来相同的两个名称会被当成两个），请删除它"
            )
    return value


#: Text exactly: a number or a date where text belongs is an error, not converted;
#: control characters are refused.
StrictStr = Annotated[str, Spec(strict=True), Before(_visible_text)]
#: A unit's name, an alias, a target's id: strict text without invisible characters.
NameStr = Annotated[str, Spec(strict=True), Before(_name_text)]
#: Pydantic's configuration of every class: unknown fields and NaN/infinity refused.
CONFIG: dict[str, Any] = {"extra": "forbid", "allow_inf_nan": False}


# ------------------------------------------------------------- figures, dates

_DECIMAL = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")
DECIMAL = _DECIMAL
#: No real figure of a municipal plan comes near this; far larger ones are typing
#: slips, and a sum of 10^5 of them still stays a finite number.
MAX_FIGURE = 1e15


def _figure(value: object) -> object:
    """A figure is a decimal number as a person writes it: 12, 12.5, 010 (ten).

    Pydantic would read true as 1, "1e3" as 1000 and "1_000" as 1000; those are
    refused here with a message, and so is a figure too large to add up.
    """
    if isinstance(value, bool):
        raise ValueError(f"应为数字，实际为 {str(value).lower()}：true/false 不是数字")
    number: float | None = None
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            return value  # not a number at all: Pydantic's own message
        if _DECIMAL.match(text) is None:
            if text.lower().lstrip("+-") in ("inf", "infinity", "nan"):
                return value
            raise ValueError(f"应为十进制数字，如 12 或 12.5，实际为“{value}”")
    elif isinstance(value, int | float):
        number = value
    if number is not None and abs(number) > MAX_FIGURE:
        raise ValueError(f"数值过大（{number:.3g}），超过 10^15：请检查是否多写了数字")
    return value


_BARE_NUMBER = re.compile(r"^\s*[+-]?[0-9.]+\s*$")


def _day(value: object) -> object:
    """A date is written as a date: a bare number (20200101, 43831) is not one."""
    if type(value) is str and len(value) == 10 and value[4] == "-":
        return value  # YYYY-MM-DD, the usual case, is never a bare number
    if isinstance(value, bool | int | float) or (
        isinstance(value, str) and _BARE_NUMBER.match(value)
    ):
        raise ValueError(
            f"应为日期，格式 YYYY-MM-DD（如 2020-12-31），实际为 {value}：单独的数字不是日期"
        )
    return value


Figure = Annotated[float, Before(_figure)]
Day = Annotated[dt.date, Before(_day)]


# ----------------------------------------------------------------------- units

# Every class is @dataclass(frozen=True, kw_only=True): kw_only lets a required field
# follow one with a default, in the files' natural order.


@dataclass(frozen=True, kw_only=True)
class Rename:
    """A unit's successor after a reorganisation (机构改革): its new name from a date."""

    __pydantic_config__ = CONFIG

    to: Annotated[NameStr, Spec(min_length=1, description="新名称")]
    date: Annotated[dt.date, Spec(description="更名（组建）日期")]
    basis: Annotated[StrictStr, Spec(min_length=1, description="依据（文号或公告）")]
    note: StrictStr | None = None


@dataclass(frozen=True, kw_only=True)
class Unit:
    """A unit (单位) of the plan, by its canonical name as the document writes it."""

    __pydantic_config__ = CONFIG

    name: Annotated[NameStr, Spec(min_length=1, description="规范名称，与文件原文一致")]
    kind: Annotated[StrictStr, Spec(min_length=1, description="单位类别，如 市级部门、群团组织")]
    aliases: Annotated[list[NameStr], Spec(description="常用简称、别名")] = field(
        default_factory=list
    )
    renamed: Annotated[
        list[Rename], Spec(description="机构改革后的新名称：新名称填报、查询都归到本单位")
    ] = field(default_factory=list)
    formal_name: Annotated[
        StrictStr | None,
        Spec(
            min_length=1,
            description="公文中称呼该单位的全称，如 乐至县人民政府（催办通知的主送）；不写时用 name",
        ),
    ] = None
    note: StrictStr | None = None

    def name_on(self, day: dt.date) -> str:
        """The name to show on ``day``: “新名称（原规范名称）” after a rename, else the name."""
        current = [r for r in self.renamed if r.date <= day]
        if not current:
            return self.name
        return f"{max(current, key=lambda r: r.date).to}（原{self.name}）"


@dataclass(frozen=True, kw_only=True)
class Group:
    """A collective the document names as one (各县（区）政府, 各省级人民政府).

    Naming a group in a measure or as a reporter gives the role to every member;
    a group without members stands for units the plan does not list one by one.
    """

    __pydantic_config__ = CONFIG

    name: Annotated[NameStr, Spec(min_length=1, description="集合名称，与文件原文一致")]
    members: Annotated[list[NameStr], Spec(description="成员单位（规范名称）")] = field(
        default_factory=list
    )
    aliases: Annotated[list[NameStr], Spec(description="其他写法")] = field(default_factory=list)
    note: StrictStr | None = None


@dataclass(frozen=True, kw_only=True)
class UnitsFile:
    __pydantic_config__ = CONFIG

    units: list[Unit]
    groups: Annotated[list[Group], Spec(description="单位集合（如 各县（区）政府）")] = field(
        default_factory=list
    )


# -------------------------------------------------------------------- measures

#: 报送时限 as written (``document.report_due``) → a rule: (cycle, anchor, day).
#: cycle: months per reporting period (1, 3, 6, 12); anchor "last_month": day N of the
#: period's last month; "after": N days after the period ends.
ReportDueRule = tuple[int, Literal["last_month", "after"], int]
_CYCLES = {"月": 1, "季度": 3, "季": 3, "半年": 6, "年": 12}
_DUE_FORMS = "每季度末月20日前、每季度结束后10日内、每月25日前、每半年末月20日前、每年12月20日前"


def report_due_rule(text: str) -> ReportDueRule:
    """The rule a 报送时限 states; ValueError in Chinese for a wording zygj cannot read."""
    compact = "".join(text.split())
    match = re.fullmatch(
        r"每(月|季度|季|半年|年)(?:末月)?([0-9]{1,2})日(?:前|之前|以前)(?:报送)?", compact
    )
    if match is not None:
        cycle, day = _CYCLES[match[1]], int(match[2])
        if not 1 <= day <= 28:
            raise ValueError(f"报送时限“{text}”中的 {day} 日不是每个月都有：请写 1—28 日")
        if cycle > 1 and "末月" not in compact:
            raise ValueError(
                f"报送时限“{text}”没有说是哪个月：请写“每{match[1]}末月{day}日前”或“每{match[1]}结束后{day}日内”"
            )
        return (cycle, "last_month", day)
    match = re.fullmatch(r"每年12月([0-9]{1,2})日(?:前|之前|以前)(?:报送)?", compact)
    if match is not None and 1 <= int(match[1]) <= 31:
        return (12, "last_month", int(match[1]))
    match = re.fullmatch(
        r"每(月|季度|季|半年|年)(?:结束后|终了后|后)([0-9]{1,2})(?:日|天)内(?:报送)?", compact
    )
    if match is not None:
        return (_CYCLES[match[1]], "after", int(match[2]))
    raise ValueError(f"不认识的报送时限“{text}”（可写 {_DUE_FORMS}）")


def _report_due_text(value: object) -> object:
    if isinstance(value, str) and value:
        report_due_rule(value)
    return value


@dataclass(frozen=True, kw_only=True)
class Document:
    __pydantic_config__ = CONFIG

    number: Annotated[StrictStr | None, Spec(description="文号；不详时不写，标题改用方案标题")] = (
        None
    )
    issuer: Annotated[StrictStr, Spec(description="发文机关")]
    date: Annotated[Day, Spec(description="成文日期")]
    title: Annotated[StrictStr, Spec(description="标题")]
    plan_title: Annotated[StrictStr | None, Spec(description="方案标题")] = None
    addressees: Annotated[StrictStr | None, Spec(description="主送机关")] = None
    contact: Annotated[
        StrictStr | None, Spec(description="督查室联系方式，写入催办通知，如 联系人：张三，电话：…")
    ] = None
    partial: Annotated[bool, Spec(description="部分转录：措施号可以不连续（仍须唯一、递增）")] = (
        False
    )
    intro: Annotated[StrictStr | None, Spec(description="正文开头的导语段（原文照录）")] = None
    report_due: Annotated[
        StrictStr | None,
        Before(_report_due_text),
        Spec(
            min_length=1,
            description="报送时限，照原文写：每季度末月20日前、每季度结束后10日内、每月25日前、"
            "每半年末月20日前、每年12月20日前（填报表的报送时限、催办据此定日期）",
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class Office:
    """The office that issues the 通报 and the 催办通知: what varies by office, never in code.

    Patterns (``number``, ``reminder_number``) take ``{year}`` (成文日期's year) and
    ``{n}`` (the number given with ``--number``).
    """

    __pydantic_config__ = CONFIG

    name: Annotated[
        StrictStr,
        Spec(
            min_length=1,
            description="督查机构，如 资阳市人民政府督查室：简报的编发单位、版记的印发机关",
        ),
    ]
    style: Annotated[
        Literal["file", "bulletin"],
        Spec(
            description="通报的版头：file（文件式：发文机关标志、发文字号）或 bulletin（简报式：刊名、期号、编发单位和日期）"
        ),
    ] = "file"
    mark: Annotated[
        StrictStr | None,
        Spec(
            min_length=1,
            description="发文机关标志（文件式，如 资阳市人民政府办公室文件）或刊名（简报式，如 政务督查）；不写时为 署名 + 文件",
        ),
    ] = None
    number: Annotated[
        StrictStr | None,
        Spec(
            min_length=1,
            description="发文字号或期号的格式，如 资府办督〔{year}〕{n}号、第{n}期；{n} 由 --number 给出",
        ),
    ] = None
    issuer: Annotated[
        StrictStr | None, Spec(min_length=1, description="通报的署名；不写时用 document.issuer")
    ] = None
    addressees: Annotated[
        StrictStr | None,
        Spec(min_length=1, description="通报的主送机关；不写时用 document.addressees"),
    ] = None
    copy_to: Annotated[list[StrictStr], Spec(description="抄送机关（版记），按顺序")] = field(
        default_factory=list
    )
    public: Annotated[
        StrictStr | None,
        Spec(min_length=1, description="公开属性，如 此件公开发布、此件依申请公开、此件不予公开"),
    ] = None
    contact: Annotated[
        StrictStr | None, Spec(min_length=1, description="联系人（通报和催办通知）")
    ] = None
    phone: Annotated[StrictStr | None, Spec(min_length=1, description="联系电话")] = None
    reminder_number: Annotated[
        StrictStr | None,
        Spec(
            min_length=1,
            description="督办编号的格式，如 督办〔{year}〕{n}号；每份催办通知依次编号，{n} 从 --number 起",
        ),
    ] = None
    reply_days: Annotated[
        int, Spec(ge=0, le=366, description="催办通知的报送时限：成文日期后几天（--due 未给出时）")
    ] = 7


@dataclass(frozen=True, kw_only=True)
class Period:
    """The plan period; annual (每年) targets get one instance per year listed."""

    __pydantic_config__ = CONFIG

    start: Day
    end: Day
    annual_years: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period.end（{self.end}）早于 period.start（{self.start}）")
        for year in self.annual_years:
            if not self.start.year <= year <= self.end.year:
                raise ValueError(
                    f"annual_years 中的 {year} 年不在方案期内（{self.start} 至 {self.end}）"
                )


@dataclass(frozen=True, kw_only=True)
class Section:
    __pydantic_config__ = CONFIG

    no: Annotated[int, Spec(ge=1, description="部分序号 1, 2, …（含下级部分，全方案唯一）")]
    label: Annotated[StrictStr, Spec(description="原文编号，照原文写，如 一、（一）1.")] = ""
    title: StrictStr
    intro: Annotated[StrictStr | None, Spec(description="部分标题下的导语段（原文照录）")] = None
    sections: Annotated[list[Section], Spec(description="下级部分（可多层）")] = field(
        default_factory=list
    )


@dataclass(frozen=True, kw_only=True)
class Erratum:
    """A slip of the document and its correction; the text itself stays verbatim."""

    __pydantic_config__ = CONFIG

    field: Literal["text", "lead", "responsible", "cooperating"]
    original: Annotated[StrictStr, Spec(min_length=1)]
    corrected: Annotated[StrictStr, Spec(min_length=1)]
    note: StrictStr | None = None


@dataclass(frozen=True, kw_only=True)
class Milestone:
    """A dated step of a task (5月底前动工 on a 建成 task): judged on its own, as a task."""

    __pydantic_config__ = CONFIG

    name: Annotated[StrictStr, Spec(min_length=1, description="节点名称，如 动工、投入使用、建成")]
    deadline: Annotated[
        StrictStr, Spec(min_length=1, description="节点的完成时限，照原文写，写法同措施的 deadline")
    ]
    note: StrictStr | None = None


@dataclass(frozen=True, kw_only=True)
class Measure:
    __pydantic_config__ = CONFIG

    no: Annotated[int, Spec(ge=1, description="措施号：唯一、递增")]
    label: Annotated[StrictStr, Spec(description="原文编号，照原文写，如（三）、1.")] = ""
    section: Annotated[int, Spec(ge=1)]
    text: Annotated[StrictStr, Spec(min_length=1)]
    lead: Annotated[list[NameStr], Spec(description="牵头单位（规范名称）")] = field(
        default_factory=list
    )
    responsible: Annotated[list[NameStr], Spec(description="责任单位（规范名称）")] = field(
        default_factory=list
    )
    cooperating: Annotated[list[NameStr], Spec(description="配合单位（规范名称）")] = field(
        default_factory=list
    )
    units_open: Annotated[bool, Spec(description="原文单位名单以“等”结尾（未列尽）")] = False
    deadline: Annotated[
        StrictStr | None,
        Spec(
            min_length=1,
            description="完成时限，照原文写：2023年6月底前、2023年底前、2023年第三季度、6月底前、"
            "长期坚持、每年……；写了即按定性任务考核（目标编号为措施号）",
        ),
    ] = None
    addressees: Annotated[
        list[StrictStr], Spec(description="不列具体单位、面向全体时的对象，如 各县（区）政府")
    ] = field(default_factory=list)
    errata: list[Erratum] = field(default_factory=list)
    reporters: Annotated[
        list[NameStr], Spec(description="填报单位（单位或集合名）；默认牵头单位和责任单位")
    ] = field(default_factory=list)
    owner: Annotated[
        NameStr | None,
        Spec(
            min_length=1,
            description="没有牵头单位、有几个责任单位时，由哪个责任单位负责（不写则为列第一位的责任单位）",
        ),
    ] = None
    milestones: Annotated[
        list[Milestone],
        Spec(description="节点（动工、投入使用、建成……）：每个节点有自己的完成时限，各自考核"),
    ] = field(default_factory=list)

    def __post_init__(self) -> None:
        problems: list[str] = []
        if self.owner is not None:
            if self.lead:
                problems.append("有牵头单位时由第一个牵头单位负责，不能再写 owner")
            elif self.owner not in self.responsible:
                problems.append(f"owner“{self.owner}”应为本措施的责任单位之一（responsible）")
        names: set[str] = set()
        for k, milestone in enumerate(self.milestones, 1):
            if milestone.name in names:
                problems.append(f"第 {k} 个节点“{milestone.name}”与前面的节点重名")
            names.add(milestone.name)
        if problems:
            raise ValueError("；".join(problems))

    @property
    def is_general(self) -> bool:
        """A measure addressed to everyone rather than to named units."""
        return not self.lead and not self.responsible and not self.cooperating

    @property
    def units(self) -> list[str]:
        """Every unit or group named, in role order: lead, responsible, cooperating."""
        return [*self.lead, *self.responsible, *self.cooperating]


@dataclass(frozen=True, kw_only=True)
class MeasuresFile:
    __pydantic_config__ = CONFIG

    document: Document
    period: Period
    sections: list[Section]
    measures: list[Measure]
    office: Annotated[
        Office | None,
        Spec(
            description="发通报和催办通知的督查机构：版头、版记、联系人（见 docs/cycle.md 的公文一节）"
        ),
    ] = None


# --------------------------------------------------------------------- targets

Op = Literal["ge", "gt", "range", "approx", "qualitative", "growth", "relative"]
#: Rates judged on the full-year figure (in-year figures are 推进中), never by 序时进度.
RATE_OPS = ("growth", "relative")
Combine = Literal["sum", "owner", "all"]
FigureKind = Literal["cumulative", "level"]
#: 序时进度: ``linear`` holds the target to the share of its time window gone by;
#: ``none`` compares it with the target itself only (see :func:`zygj.rules.completion.pace_of`).
Pace = Literal["linear", "none"]


@dataclass(frozen=True, kw_only=True)
class TargetDefaults:
    __pydantic_config__ = CONFIG

    approx_tolerance: Annotated[float, Spec(ge=0, lt=1)] = 0.10
    evidence_required: Annotated[
        bool,
        Spec(
            description="全部目标报“已完成”时须附佐证材料，没有佐证的按“待补佐证”计（各目标可另设）"
        ),
    ] = False


@dataclass(frozen=True, kw_only=True)
class Lights:
    """红黄绿灯: lag = 序时进度 − 完成率; green while lag ≤ green_within, …"""

    __pydantic_config__ = CONFIG

    green_within: Annotated[float, Spec(ge=0, le=1)] = 0.0
    yellow_within: Annotated[float, Spec(ge=0, le=1)] = 0.2
    due_soon_days: Annotated[
        int,
        Spec(
            ge=0,
            le=366,
            description="不按序时进度（pace: none）的目标未完成时，截止日期前多少天起亮黄灯",
        ),
    ] = 30

    def __post_init__(self) -> None:
        if self.yellow_within < self.green_within:
            raise ValueError("lights.yellow_within 不能小于 lights.green_within")


def month_day(text: str) -> tuple[int, int]:
    """A day of the year written MM-DD ("01-31"), as (month, day); ValueError in Chinese."""
    match = re.fullmatch(r"([0-9]{2})-([0-9]{2})", text)
    if match is None:
        raise ValueError(f"应写成 月-日（MM-DD），如 01-31，实际为“{text}”")
    month, day = int(match[1]), int(match[2])
    try:
        dt.date(2001, month, day)  # a common year: 02-29 exists only every fourth year
    except ValueError:
        raise ValueError(f"“{text}”不是有效的日期（2 月 29 日不是每年都有）") from None
    return month, day


def _month_day(value: object) -> object:
    if isinstance(value, str):
        month_day(value)
    return value


MonthDay = Annotated[StrictStr, Before(_month_day)]


@dataclass(frozen=True, kw_only=True)
class YearEnd:
    """年度截止之后：补报窗口与年度考评日（见 :mod:`zygj.rules.periods`）.

    A record of 年度 Y dated after Y but on or before ``backfill_until`` (a day of
    Y + 1) reports the state at Y's 31 December; the year's 考评 is taken on
    ``assess_on`` of Y + 1 (default: the last day of that window).
    """

    __pydantic_config__ = CONFIG

    backfill_until: Annotated[
        MonthDay,
        Spec(
            description="补报截止（次年的 月-日，默认 01-31）：此前报送、注明年度的年底数按当年 12 月 31 日达到计"
        ),
    ] = "01-31"
    assess_on: Annotated[
        MonthDay | None,
        Spec(description="年度考评日（次年的 月-日）；不写则为补报截止日"),
    ] = None


def _quote_shape(value: object) -> object:
    """One clear message for a quote that is neither text nor a list of text fragments."""
    if isinstance(value, str):
        if not value:
            raise ValueError("不能为空")
    elif isinstance(value, list):
        if not value:
            raise ValueError("片段列表不能为空")
        for k, fragment in enumerate(value, 1):
            if not isinstance(fragment, str) or not fragment:
                raise ValueError(f"第 {k} 个片段应为非空的文字")
    else:
        raise ValueError("应为原文中的一段文字，或几段文字组成的列表")
    return value


@dataclass(frozen=True, kw_only=True)
class Target:
    __pydantic_config__ = CONFIG

    id: Annotated[NameStr, Spec(pattern=r"^[0-9]+\.[0-9]+$", description='目标编号 "措施号.序号"')]
    measure: Annotated[int, Spec(ge=1)]
    title: Annotated[StrictStr, Spec(min_length=1)]
    quote: Annotated[
        Annotated[StrictStr, Spec(min_length=1)]
        | Annotated[list[Annotated[StrictStr, Spec(min_length=1)]], Spec(min_length=1)],
        Before(_quote_shape),
        Spec(description="目标在措施原文中的原话；原话不连续时写成片段列表（每段都是原话）"),
    ]
    op: Op
    value: Annotated[
        Figure | None,
        Spec(
            description="目标数值；op: growth 为同比增长率（%，可为负），op: relative 为须高出对照数的百分点"
        ),
    ] = None
    min: Annotated[Figure | None, Spec(ge=0)] = None
    max: Annotated[Figure | None, Spec(ge=0)] = None
    unit_of_measure: StrictStr | None = None
    deadline: Day | None = None
    annual: bool = False
    years: Annotated[
        list[int] | None, Spec(description="每年目标考核的年份，不写则用 period.annual_years")
    ] = None
    soft: Annotated[bool, Spec(description="力争目标")] = False
    owner: Annotated[NameStr | None, Spec(description="责任单位，默认措施的牵头单位")] = None
    tolerance: Annotated[float | None, Spec(ge=0, lt=1, description="左右 的容差")] = None
    two_sided: Annotated[
        bool, Spec(description="稳定在……左右：实际值与 value 之差不超过容差（过多也不达标）")
    ] = False
    band: Annotated[
        Figure | None,
        Spec(ge=0, description="op: growth / relative 的“左右”：允许低于目标的百分点，如 0.5"),
    ] = None
    reference: Annotated[
        NameStr | None,
        Spec(
            description="op: relative 对照的目标编号（如“与经济增长同步”对照地区生产总值增长目标）"
        ),
    ] = None
    note: StrictStr | None = None
    reporters: Annotated[
        list[NameStr],
        Spec(description="填报单位（单位或集合名）；默认责任单位及措施的牵头、责任单位"),
    ] = field(default_factory=list)
    combine: Annotated[
        Combine | None,
        Spec(
            description="多个单位的数字如何合并：sum 相加、owner 只看责任单位、all 全部完成才算完成"
        ),
    ] = None
    figure: Annotated[
        FigureKind, Spec(description="cumulative 累计数（默认）或 level 当前水平/年度规模/比例")
    ] = "cumulative"
    pace: Annotated[
        Pace | None,
        Spec(
            description="序时进度：linear 按时间进度比较（累计数的默认）；none 只与目标本身比较"
            "（定性任务、level 水平值的默认；每年一次的活动请写 none）"
        ),
    ] = None
    evidence_required: Annotated[
        bool | None,
        Spec(description="报“已完成”时须附佐证材料（不写则按 defaults.evidence_required）"),
    ] = None

    def __post_init__(self) -> None:
        problems: list[str] = []
        if self.value is not None and self.value < 0 and self.op not in RATE_OPS:
            problems.append(
                f"value 不能为负数（实际为 {number_text(self.value)}）：只有 op: growth 的增长率、"
                "op: relative 的百分点可以为负"
            )
        if self.op in RATE_OPS:
            problems.extend(self._rate_problems())
        elif self.band is not None:
            problems.append("只有 op: growth 或 op: relative 的目标才能设置 band")
        if self.reference is not None and self.op != "relative":
            problems.append("只有 op: relative 的目标才能设置 reference")
        if self.op in RATE_OPS:
            pass
        elif self.op in ("ge", "gt", "approx"):
            if self.value is None:
                problems.append(f"op 为 {self.op} 时必须给出 value")
            if self.min is not None or self.max is not None:
                problems.append(f"op 为 {self.op} 时不能有 min/max（区间请用 op: range）")
        elif self.op == "range":
            if self.min is None or self.max is None:
                problems.append("op 为 range 时必须给出 min 和 max")
            elif self.min > self.max:
                problems.append(
                    f"min（{number_text(self.min)}）大于 max（{number_text(self.max)}）"
                )
            if self.value is not None:
                problems.append("op 为 range 时不用 value，请用 min 和 max")
        else:
            if any(v is not None for v in (self.value, self.min, self.max)):
                problems.append("定性目标（qualitative）不能有 value/min/max")
        if self.tolerance is not None and self.op != "approx":
            problems.append("只有 op: approx（左右）的目标才能设置 tolerance")
        if self.two_sided and self.op != "approx":
            problems.append("只有 op: approx（左右）的目标才能设置 two_sided")
        if self.pace == "linear" and self.op == "qualitative":
            problems.append(
                "定性目标没有数字，不能按序时进度（pace: linear）比较，请写 pace: none 或不写"
            )
        if self.years is not None and not self.annual:
            problems.append("只有 annual: true 的每年目标才能写 years")
        if self.annual and self.deadline is not None:
            problems.append("annual: true 的目标按年度自动确定截止日期，不能再写 deadline")
        if not self.annual and self.deadline is None:
            problems.append("必须给出 deadline（截止日期），或写 annual: true 表示每年目标")
        if problems:
            raise ValueError("；".join(problems))

    def _rate_problems(self) -> list[str]:
        """A growth rate needs its figure; a relative target its reference; neither has a range."""
        problems: list[str] = []
        if self.op == "growth" and self.value is None:
            problems.append("op 为 growth 时必须给出 value（同比增长率，如 6.2）")
        if self.op == "relative" and self.reference is None:
            problems.append('op 为 relative 时必须给出 reference（对照的目标编号，如 "1.1"）')
        if self.min is not None or self.max is not None:
            problems.append(f"op 为 {self.op} 时不能有 min/max（“左右”请用 band）")
        if self.pace == "linear":
            problems.append(
                "增长率、相对目标按全年数考核，不能按序时进度（pace: linear）比较，请写 pace: none 或不写"
            )
        return problems

    @property
    def quotes(self) -> list[str]:
        """The quote as fragments (one when written as a single string)."""
        return [self.quote] if isinstance(self.quote, str) else list(self.quote)

    @property
    def is_percent(self) -> bool:
        return self.unit_of_measure in ("%", "％")

    @property
    def measure_order(self) -> tuple[int, int]:
        """(measure, k); a measure's own 完成时限 task (id "M") sorts first, as (M, 0)."""
        head, _, tail = self.id.partition(".")
        if "-" in head:  # a milestone ("M-K") sorts with its measure's own task
            return (int(head.partition("-")[0]), 0)
        return (int(head), int(tail) if tail else 0)


@dataclass(frozen=True, kw_only=True)
class Scoring:
    """考评办法: each unit's score on its targets (see :mod:`zygj.rules.assessment`).

    A target's credit is a share of its weight: ``done`` for done on time,
    ``done_late`` for late, ``in_progress`` × completion for unfinished targets
    not yet due, ``overdue`` for overdue ones. The total is scaled to ``scale``;
    ``missed_form`` points are taken off per form not returned: a unit that is
    to report owes one form per ``form_period`` (a quarter by default).
    """

    __pydantic_config__ = CONFIG

    done: Annotated[float, Spec(ge=0, le=1, description="按时完成的得分比例")] = 1.0
    done_late: Annotated[float, Spec(ge=0, le=1, description="逾期完成的得分比例")] = 0.6
    in_progress: Annotated[
        float,
        Spec(ge=0, le=1, description="未到期未完成：按完成度计分的比例（得分 = 比例 × 完成度）"),
    ] = 1.0
    overdue: Annotated[float, Spec(ge=0, le=1, description="逾期未完成的得分比例")] = 0.0
    soft_missed: Annotated[
        float, Spec(ge=0, le=1, description="力争目标到期未达到（未达到力争目标）的得分比例")
    ] = 0.6
    missed_form: Annotated[float, Spec(ge=0, description="每少报一份填报表扣的分")] = 1.0
    form_period: Annotated[
        Literal["month", "quarter", "year"],
        Spec(
            description="填报周期：每单位每个周期交一份填报表（month / quarter / year），默认按季度"
        ),
    ] = "quarter"
    verified_only: Annotated[
        bool,
        Spec(
            description="只有经核查销号的完成才计为完成：已完成而待核查的目标不得分（zygj verify）"
        ),
    ] = False
    partners: Annotated[bool, Spec(description="配合单位是否也按其配合的目标计分")] = False
    scale: Annotated[float, Spec(gt=0, description="满分")] = 100.0
    weights: Annotated[
        dict[NameStr, Annotated[float, Spec(ge=0)]],
        Spec(description="目标编号 → 权重，未列出的目标权重为 1"),
    ] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class TargetsFile:
    __pydantic_config__ = CONFIG

    defaults: TargetDefaults = field(default_factory=TargetDefaults)
    lights: Lights = field(default_factory=Lights)
    scoring: Annotated[
        Scoring | None, Spec(description="考评办法（zygj score），省略时用默认办法")
    ] = None
    year_end: Annotated[YearEnd, Spec(description="年度截止之后的补报窗口和年度考评日")] = field(
        default_factory=YearEnd
    )
    targets: list[Target]


# -------------------------------------------------------------------- progress

Status = Literal["not_started", "in_progress", "done"]

#: The words a reporting unit writes for a status, in a form and in a file.
STATUS_WORDS: dict[Status, str] = {
    "not_started": "未启动",
    "in_progress": "推进中",
    "done": "已完成",
}
#: Every way a status may be written: its code or its word.
STATUS_ALIASES: dict[str, Status] = {
    spelling: status for status, word in STATUS_WORDS.items() for spelling in (status, word)
}


def _status_alias(value: object) -> object:
    """Accept the Chinese status words people type (已完成 …) and blank cells."""
    if isinstance(value, str):
        key = value.strip()
        if key == "":
            return None
        return STATUS_ALIASES.get(key, value)
    return value


@dataclass(frozen=True, kw_only=True)
class ProgressRecord:
    """One reported figure: a unit's cumulative value for a target as of a date."""

    __pydantic_config__ = CONFIG

    target: Annotated[
        NameStr, Spec(description='目标编号：措施号.序号，如 "3.1"（YAML 中请加引号）')
    ]
    date: Annotated[Day, Spec(description="数值对应的日期")]
    unit: Annotated[NameStr | None, Spec(description="填报单位，默认目标的责任单位")] = None
    value: Annotated[
        Figure | None,
        Spec(
            description="截至该日的累计数（增长率、相对目标的百分点可以为负；其他目标不小于 0，读取台账时按方案检查）"
        ),
    ] = None
    status: Annotated[
        Status | None,
        Before(_status_alias),
        Spec(description="not_started / in_progress / done（或 未启动 / 推进中 / 已完成）"),
    ] = None
    note: StrictStr | None = None
    year: Annotated[
        int | None, Spec(description="年度：数值所属的年份（年度目标），默认按日期")
    ] = None
    evidence: Annotated[
        StrictStr | None,
        Spec(
            description="佐证材料：填报表中为文件名（相对填报表所在文件夹，多个用“；”分隔）；"
            "台账中为“文件名（sha256:…）”"
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class ProgressFile:
    __pydantic_config__ = CONFIG

    records: list[ProgressRecord] = field(default_factory=list)
