"""Loading a workspace: every bad workspace.yaml gets a located Chinese message (exit 1),
choosing the workspace folder follows --workspace, $ZYGJ_WORKSPACE, then the current folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.workspace_fixture import make_workspace
from zygj.core.diagnostics import EXIT_DATA, EXIT_USAGE, UsageError, ZygjError
from zygj.load.workspace import (
    WORKSPACE_ENV,
    load_checked_workspace,
    load_workspace,
    resolve_workspace_dir,
)


@pytest.fixture
def workspace_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    monkeypatch.delenv(WORKSPACE_ENV, raising=False)
    monkeypatch.delenv("ZYGJ_PLAN", raising=False)
    return root


#: The 42号 example's own warning (a measure without units): not the workspace's business.
GUOFA_WARNING = "nongji/targets.yaml:44:5: warning: 第 2 项措施没有列出单位，其 32 个目标（2.1—2.32）没有 owner，列为“未明确责任单位”"


def problems_of(workspace_dir: Path, text: str) -> list[str]:
    (workspace_dir / "workspace.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ZygjError) as caught:
        load_checked_workspace(Path("."))
    assert caught.value.exit_code == EXIT_DATA
    return [d.format() for d in caught.value.diagnostics]


HEAD = "workspace:\n  name: 督查事项\nplans:\n"

BROKEN = {
    "yaml-error": (
        HEAD + "  - key: a\n    path: [gongjiang\n",
        ["workspace.yaml:6:1: error: 方括号 [ ] 没有闭合，或列表各项之间缺少逗号"],
    ),
    "duplicate-yaml-key": (
        HEAD + "  - key: a\n    path: gongjiang\n    path: nongji\n",
        [
            "workspace.yaml:6:5: error: 键“path”重复：第 5 行已经写过一次（YAML 只会保留后一个，前面的内容会丢失）"
        ],
    ),
    "unknown-field": (
        "workspace:\n  name: x\n  tilte: y\nplans:\n  - key: a\n    path: gongjiang\n    weigth: 2\n",
        [
            "workspace.yaml:3:3: error: workspace的 tilte 是不认识的字段（可能拼写有误）",
            "workspace.yaml:7:5: error: 第 1 个方案的 weigth 是不认识的字段（可能拼写有误）",
        ],
    ),
    "bad-weight": (
        HEAD
        + "  - key: a\n    path: gongjiang\n    weight: -1\n  - key: b\n    path: nongji\n    weight: 五\n"
        "  - key: c\n    path: jineng\n    weight: true\n",
        [
            "workspace.yaml:6:13: error: 第 1 个方案的 weight 应大于 0，实际为 -1",
            "workspace.yaml:9:13: error: 第 2 个方案的 weight 应为数字，实际为 “五”",
            "workspace.yaml:12:13: error: 第 3 个方案的 weight：应为数字，实际为 true：true/false 不是数字",
        ],
    ),
    "duplicate-plan-key": (
        HEAD + "  - key: a\n    path: gongjiang\n  - key: a\n    path: nongji\n",
        ["workspace.yaml:6:10: error: 方案简称“a”重复：plans 中第 1 项已经用过"],
    ),
    "missing-folder": (
        HEAD
        + "  - key: a\n    path: gongjiang\n  - key: b\n    path: nope\n  - key: c\n    path: units.yaml\n",
        [
            "workspace.yaml:7:11: error: 方案文件夹“nope”不存在（路径相对于 workspace.yaml 所在的文件夹）",
            "workspace.yaml:9:11: error: 方案文件夹“units.yaml”不是文件夹（路径相对于 workspace.yaml 所在的文件夹）",
        ],
    ),
    "escaping-path": (
        HEAD + "  - key: a\n    path: ../elsewhere/gongjiang\n  - key: b\n    path: /tmp\n"
        "  - key: c\n    path: jineng\n    ledger: ../x.csv\n",
        [
            "workspace.yaml:5:11: error: 方案文件夹“../elsewhere/gongjiang”在工作区文件夹之外：请把方案文件夹放进工作区，写相对于工作区的路径",
            "workspace.yaml:7:11: error: 方案文件夹“/tmp”在工作区文件夹之外：请把方案文件夹放进工作区，写相对于工作区的路径",
            "workspace.yaml:10:13: error: 进度台账“../x.csv”在工作区文件夹之外：请写工作区内的相对路径",
        ],
    ),
    "bad-key": (
        HEAD + "  - key: Gong Jiang\n    path: gongjiang\n",
        [
            "workspace.yaml:4:10: error: 第 1 个方案的 key：方案简称应为小写字母、数字和连字符（-），不超过 32 个字符，"
            "不以连字符开头或结尾，如 gongjiang、minsheng-2020，实际为“Gong Jiang”"
        ],
    ),
    "no-plans": (
        HEAD.replace("plans:\n", "plans: []\n"),
        ["workspace.yaml:3:8: error: plans 中至少要列出一个方案（key: 简称，path: 方案文件夹）"],
    ),
    "same-folder-twice": (
        HEAD + "  - key: a\n    path: gongjiang\n  - key: b\n    path: ./gongjiang/\n",
        ["workspace.yaml:7:11: error: 方案文件夹“./gongjiang/”与 plans 中第 1 项是同一个文件夹"],
    ),
    "not-a-plan-folder": (
        HEAD + "  - key: a\n    path: .\n",
        ["workspace.yaml:5:11: error: 方案文件夹“.”中没有 measures.yaml：不是 zygj 的方案文件夹"],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_bad_workspace_file_is_reported_where_it_is(workspace_dir: Path, case: str) -> None:
    text, expected = BROKEN[case]
    assert problems_of(workspace_dir, text) == expected


def test_a_broken_plan_and_a_broken_registry_are_reported_together(workspace_dir: Path) -> None:
    measures = workspace_dir / "jineng" / "measures.yaml"
    measures.write_text(
        measures.read_text(encoding="utf-8").replace("[市财政局]", "[市财务局]"), encoding="utf-8"
    )
    (workspace_dir / "units.yaml").write_text(
        "units:\n  - name: 市财政局\n    kind: 市级部门\n  - name: 市财政局\n    kind: 市级部门\n",
        encoding="utf-8",
    )
    with pytest.raises(ZygjError) as caught:
        load_checked_workspace(Path("."))
    assert [d.format() for d in caught.value.diagnostics] == [
        "jineng/measures.yaml:23:19: error: 第 1 项措施的单位“市财务局”未在 units.yaml 中声明；是否是指：市财政局？",
        "units.yaml:4:11: error: 单位名称“市财政局”重复声明",
    ]


def test_a_unit_spelled_two_ways_across_plans_is_an_error_at_its_declaration(
    workspace_dir: Path,
) -> None:
    (workspace_dir / "units.yaml").write_text(
        "units:\n  - name: 市人力资源社会保障局\n    kind: 市级部门\n", encoding="utf-8"
    )
    for name in ("units.yaml", "measures.yaml"):
        path = workspace_dir / "jineng" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("市财政局", "市财政局（本级）"),
            encoding="utf-8",
        )
    for name in ("units.yaml", "measures.yaml"):
        path = workspace_dir / "gongjiang" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("市财政局", "市财政局(本级)"), encoding="utf-8"
        )
    workspace, problems = load_workspace(Path("."))
    assert [d.format() for d in problems if not d.path.startswith("nongji")] == [
        "jineng/units.yaml:6:11: error: 单位“市财政局（本级）”与方案 gongjiang 中的“市财政局(本级)”是同一单位的两种写法："
        "请在工作区的 units.yaml 中声明“市财政局(本级)”，并把“市财政局（本级）”写作它的别名（否则跨方案统计会把它们当作两个单位）"
    ]
    assert (
        workspace is not None
    )  # every file is well-formed: the error stops the commands (checked)
    with pytest.raises(ZygjError):
        load_checked_workspace(Path("."))


def test_a_probable_variant_is_a_warning_that_does_not_stop_queries(workspace_dir: Path) -> None:
    for name in ("units.yaml", "measures.yaml"):
        path = workspace_dir / "jineng" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("市财政局", "资阳市财政局"), encoding="utf-8"
        )
    (workspace_dir / "units.yaml").write_text(
        "units:\n  - name: 市人力资源社会保障局\n    kind: 市级部门\n", encoding="utf-8"
    )
    _, problems = load_workspace(Path("."))
    assert [d.format() for d in problems if not d.path.startswith("nongji")] == [
        "jineng/units.yaml:6:11: warning: 单位“资阳市财政局”与方案 gongjiang 中的“市财政局”可能是同一单位"
        "（一方写作另一方的别名，或只差地名前缀、“和”“与”等字）：若是，请在工作区的 units.yaml 中声明“市财政局”，"
        "并把“资阳市财政局”写作它的别名；若不是，请把其中一个改写得能区分"
    ]
    assert load_checked_workspace(Path(".")).keys == ["gongjiang", "nongji", "jineng"]


def test_declaring_the_alias_in_the_shared_registry_settles_it(workspace_dir: Path) -> None:
    for name in ("units.yaml", "measures.yaml"):
        path = workspace_dir / "jineng" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("市财政局", "资阳市财政局"), encoding="utf-8"
        )
    (workspace_dir / "units.yaml").write_text(
        "units:\n  - name: 市财政局\n    kind: 市级部门\n    aliases: [资阳市财政局]\n",
        encoding="utf-8",
    )
    workspace, problems = load_workspace(Path("."))
    assert [d for d in problems if not d.path.startswith("nongji")] == []
    assert workspace is not None
    assert workspace.shared_name("jineng", "资阳市财政局") == "市财政局"
    assert workspace.local_name("jineng", "市财政局") == "资阳市财政局"


def test_the_workspace_files_are_cached_and_a_cached_workspace_still_locates_problems(
    workspace_dir: Path, cache_home: Path
) -> None:
    first = load_checked_workspace(Path("."))
    assert list(cache_home.glob("*.plan-cache"))  # the workspace and its three plans
    again = load_checked_workspace(Path("."))
    assert again.keys == first.keys and again.weights == first.weights
    (workspace_dir / "nongji").rename(workspace_dir / "moved")
    with pytest.raises(ZygjError) as caught:
        load_checked_workspace(Path("."))
    assert [d.format() for d in caught.value.diagnostics] == [
        "workspace.yaml:8:11: error: 方案文件夹“nongji”不存在（路径相对于 workspace.yaml 所在的文件夹）"
    ]


# ------------------------------------------------------------------ choosing


def test_no_workspace_anywhere_means_one_plan_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(WORKSPACE_ENV, raising=False)
    assert resolve_workspace_dir(None) is None


def test_the_current_folder_with_a_workspace_file(
    workspace_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resolve_workspace_dir(None) == Path(".")
    monkeypatch.setenv("ZYGJ_PLAN", "gongjiang")  # one plan asked for: not the workspace
    assert resolve_workspace_dir(None) is None


def test_a_plan_folder_in_the_current_folder_keeps_one_plan_mode(workspace_dir: Path) -> None:
    (workspace_dir / "gongjiang").rename(workspace_dir / "plan")
    assert resolve_workspace_dir(None) is None


def test_the_option_then_the_environment(
    workspace_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(WORKSPACE_ENV, str(workspace_dir))
    assert resolve_workspace_dir(None) == workspace_dir
    other = make_workspace(tmp_path / "other")
    assert resolve_workspace_dir(other) == other


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "nowhere: error: 工作区文件夹不存在（--workspace）"),
        (
            "file",
            "ws/units.yaml: error: 应为工作区文件夹（内含 workspace.yaml），但这是一个文件（--workspace）",
        ),
        ("plan", "ws/gongjiang: error: 工作区文件夹中没有 workspace.yaml（--workspace）"),
    ],
)
def test_a_wrong_workspace_folder_is_a_usage_error(
    workspace_dir: Path, monkeypatch: pytest.MonkeyPatch, setup: str, message: str
) -> None:
    monkeypatch.chdir(workspace_dir.parent)
    chosen = {
        "missing": Path("nowhere"),
        "file": Path("ws/units.yaml"),
        "plan": Path("ws/gongjiang"),
    }[setup]
    with pytest.raises(UsageError) as caught:
        resolve_workspace_dir(chosen)
    assert caught.value.exit_code == EXIT_USAGE
    assert [d.format() for d in caught.value.diagnostics] == [message]


def test_both_environment_variables_are_a_usage_error(
    workspace_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKSPACE_ENV, ".")
    monkeypatch.setenv("ZYGJ_PLAN", "gongjiang")
    with pytest.raises(UsageError) as caught:
        resolve_workspace_dir(None)
    assert caught.value.diagnostics[0].message == (
        "环境变量 ZYGJ_PLAN 和 ZYGJ_WORKSPACE 都已设置，不知道该用一个方案还是工作区："
        "请取消其中一个（或用 --plan、--workspace 明确指定）"
    )
    assert os.environ["ZYGJ_PLAN"] == "gongjiang"


def test_a_sound_workspace_reports_only_its_plans_own_warnings(workspace_dir: Path) -> None:
    workspace, problems = load_workspace(Path("."))
    assert workspace is not None
    assert [d.format() for d in problems] == [GUOFA_WARNING]


def test_a_cached_workspace_reads_only_the_plans_a_query_needs(
    workspace_dir: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zygj.load import workspace as loader
    from zygj.rules.workspace import measures_by_plan

    # Without the 42号 plan (whose own warning keeps a workspace from being remembered whole).
    text = (workspace_dir / "workspace.yaml").read_text(encoding="utf-8")
    (workspace_dir / "workspace.yaml").write_text(
        text.replace(
            "  - key: nongji\n    path: nongji\n    title: 农业机械化\n    weight: 0.5\n", ""
        ),
        encoding="utf-8",
    )
    read: list[Path] = []
    real = loader.load_plan

    def counting(folder: Path) -> Any:
        read.append(folder)
        return real(folder)

    monkeypatch.setattr(loader, "load_plan", counting)
    first = load_checked_workspace(Path("."))
    assert read == [Path("gongjiang"), Path("jineng")]
    read.clear()
    again = load_checked_workspace(Path("."))
    assert read == []  # built from the cache: no plan read yet
    assert again.titles == first.titles and again.registry.names == first.registry.names
    assert again.is_ambiguous("1.1") and not again.is_ambiguous("4.1")
    parts = measures_by_plan(again, "市总工会")  # a unit of the 78号 plan only
    assert [p.key for p in parts] == ["gongjiang"] and read == [Path("gongjiang")]
    assert [len(p.rows) for p in parts] == [len(measures_by_plan(first, "市总工会")[0].rows)]
    # An edited plan: the workspace is checked again, plan by plan.
    units = workspace_dir / "jineng" / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("市财政局", "资阳市财政局"), encoding="utf-8"
    )
    read.clear()
    with pytest.raises(ZygjError) as caught:
        load_checked_workspace(Path("."))
    assert read == [Path("gongjiang"), Path("jineng")]
    assert caught.value.diagnostics[0].message.startswith(
        "第 1 项措施的单位“市财政局”未在 units.yaml 中声明"
    )
