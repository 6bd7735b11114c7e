"""A small workspace for the workspace tests: the bundled 78号 plan, the 42号 example and
the two-measure test plan (whose target ids 1.1 and 1.2 are also the 78号 plan's)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import PLAN_DIR, REPO

GUOFA_DIR = REPO / "examples" / "plan-guofa-2018-42"
MINI_DIR = REPO / "tests" / "fixtures" / "broken" / "mini-plan"

WORKSPACE_YAML = """\
workspace:
  name: 资阳市人民政府督查室 2020 年督查事项
plans:
  - key: gongjiang
    path: gongjiang
    title: 资阳工匠
  - key: nongji
    path: nongji
    title: 农业机械化
    weight: 0.5
  - key: jineng
    path: jineng
    title: 技能培训
"""

SHARED_UNITS_YAML = """\
# 全部方案共用的单位名录。
units:
  - name: 市人力资源社会保障局
    kind: 市级部门
    aliases: [市人社局, 人社局, 市人力资源和社会保障局]
  - name: 市财政局
    kind: 市级部门
    aliases: [财政局]
"""


def make_workspace(folder: Path) -> Path:
    """The workspace in ``folder`` (created), returned."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in (("gongjiang", PLAN_DIR), ("nongji", GUOFA_DIR), ("jineng", MINI_DIR)):
        shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("*.txt", "*.md"))
    (folder / "workspace.yaml").write_text(WORKSPACE_YAML, encoding="utf-8")
    (folder / "units.yaml").write_text(SHARED_UNITS_YAML, encoding="utf-8")
    return folder
