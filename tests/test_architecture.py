"""The map of the code stays true: layers point one way, commands stand alone, no cycles.

Every module's imports are read from its source (imports inside functions and
under TYPE_CHECKING count too), so a shortcut taken "just inside this function"
is caught like any other.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.conftest import zygj_script

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "zygj"

#: Lowest first: a module may import its own layer and the layers before it.
LAYERS = ("core", "files", "load", "rules", "output", "cli")
#: Modules outside the layers: the package root (version) sits with core, the
#: entry point with the command line, the document importer with the rules.
PLACED = {"zygj": "core", "zygj.__main__": "cli", "zygj.drafting": "rules"}
COMMAND_MODULES_SHARE = ("zygj.cli.app", "zygj.cli.tab_complete")


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = ["zygj", *path.relative_to(root).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_by(node: ast.AST, package: str) -> set[str]:
    """The zygj modules one import statement imports (nothing for any other node)."""
    found: set[str] = set()
    if isinstance(node, ast.Import):
        found.update(alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, *([base] if base else [])])
        found.add(base)
        # `from zygj.load import plan_cache` imports the module zygj.load.plan_cache.
        found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m == "zygj" or m.startswith("zygj.")}


def zygj_imports(source: str, name: str, is_package: bool) -> set[str]:
    """Every zygj module ``source`` imports, wherever the import statement sits."""
    package = name if is_package else name.rpartition(".")[0]
    return {m for node in ast.walk(ast.parse(source)) for m in imported_by(node, package)}


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    modules = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported = zygj_imports(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
        graph[name] = {m for m in imported if m in modules and m != name}
    return graph


def layer_of(module: str) -> str:
    for prefix, layer in PLACED.items():
        # The root package holds only the version: its name is a prefix of every module.
        if module == prefix or (prefix != "zygj" and module.startswith(prefix + ".")):
            return layer
    return module.split(".")[1]


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, imported in sorted(graph.items()):
        rank = LAYERS.index(layer_of(module))
        for other in sorted(imported):
            if LAYERS.index(layer_of(other)) > rank:
                problems.append(f"{module}（{layer_of(module)}）导入了上层的 {other}")
    return problems


def command_imports(graph: dict[str, set[str]]) -> list[str]:
    commands = {m for m in graph if m.startswith("zygj.cli.commands.")}
    return [
        f"命令模块 {module} 导入了命令模块 {other}"
        for module in sorted(commands)
        for other in sorted(graph[module] & commands)
    ]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each once (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def package_imports(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph without the edges to a package's own __init__ (Python runs those anyway)."""
    return {m: {o for o in imported if not m.startswith(o + ".")} for m, imported in graph.items()}


def test_every_module_sits_in_a_layer() -> None:
    graph = import_graph()
    assert [m for m in graph if layer_of(m) not in LAYERS] == []


def test_no_layer_imports_a_layer_above_it() -> None:
    assert upward_imports(import_graph()) == []


def test_no_command_module_imports_another() -> None:
    assert command_imports(import_graph()) == []


def test_there_are_no_import_cycles() -> None:
    assert cycles(package_imports(import_graph())) == []


# ------------------------------------------------- renderers only render

#: What writes to the terminal: the standard streams, print(), and the command line's writers.
WRITERS = {"stdout", "stderr", "__stdout__", "__stderr__", "redirect_stdout", "redirect_stderr",
           "write_stdout", "print_diagnostics"}  # fmt: skip


def output_modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted((root / "output").rglob("*.py"))}


def _for_type_checking(tree: ast.AST) -> set[int]:
    """The statements inside `if TYPE_CHECKING:` (never run; annotations only)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (
            (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
            or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
        ):
            inside.update(id(child) for statement in node.body for child in ast.walk(statement))
    return inside


def rules_used_at_run_time(root: Path = PACKAGE) -> list[str]:
    """Output modules importing zygj.rules where the import runs: outside `if TYPE_CHECKING:`.

    Renderers take the report the rules computed; they may name its types for
    annotations, never call a rule (assess, group_by, transition_of …) themselves.
    """
    problems = []
    for name, path in output_modules(root).items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = _for_type_checking(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            rules = [m for m in imported_by(node, package) if layer_of(m) == "rules"]
            if rules:  # `from zygj.rules.x import y`: the module, not each name
                problems.append(
                    f"{name}:{getattr(node, 'lineno', 0)} 在运行时导入了 {min(rules, key=len)}"
                )
    return problems


def output_writers(root: Path = PACKAGE) -> list[str]:
    """Places under zygj/output that write to the terminal instead of returning text."""
    problems = []
    for name, path in output_modules(root).items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            line = getattr(node, "lineno", 0)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "print"
            ):
                problems.append(f"{name}:{line} 调用了 print()")
            elif isinstance(node, ast.Attribute) and node.attr in WRITERS:
                problems.append(f"{name}:{line} 用了 {node.attr}")
            elif isinstance(node, ast.Name) and node.id in WRITERS:
                problems.append(f"{name}:{line} 用了 {node.id}")
            elif isinstance(node, ast.alias) and (node.name == "sys" or node.name in WRITERS):
                problems.append(f"{name}:{line} 导入了 {node.name}")
    return problems


def test_output_imports_rules_for_types_only() -> None:
    assert rules_used_at_run_time() == []


def test_nothing_under_output_writes_to_the_terminal() -> None:
    assert output_writers() == []


# ----------------------------------------------------- the checks can fail


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def fake_package(tmp_path: Path, files: dict[str, str]) -> dict[str, set[str]]:
    base = {f"{layer}/__init__.py": "" for layer in LAYERS}
    return import_graph(write_tree(tmp_path / "zygj", {"__init__.py": "", **base, **files}))


def test_an_upward_import_inside_a_function_is_caught(tmp_path: Path) -> None:
    graph = fake_package(
        tmp_path,
        {
            "load/ledger.py": "def read():\n    from zygj.output.forms import FORM\n",
            "output/forms.py": "FORM = 1\n",
        },
    )
    assert upward_imports(graph) == ["zygj.load.ledger（load）导入了上层的 zygj.output.forms"]


def test_a_command_importing_a_command_is_caught(tmp_path: Path) -> None:
    graph = fake_package(
        tmp_path,
        {
            "cli/commands/__init__.py": "",
            "cli/commands/measures.py": "from zygj.cli.commands.targets import results_for\n",
            "cli/commands/targets.py": "results_for = 1\n",
        },
    )
    assert command_imports(graph) == [
        "命令模块 zygj.cli.commands.measures 导入了命令模块 zygj.cli.commands.targets"
    ]


def test_a_cycle_through_a_relative_import_is_caught(tmp_path: Path) -> None:
    graph = fake_package(
        tmp_path,
        {
            "load/plan.py": "from . import plan_checks\n",
            "load/plan_checks.py": "if True:\n    from zygj.load.plan import Plan\n",
        },
    )
    assert cycles(package_imports(graph)) == [["zygj.load.plan", "zygj.load.plan_checks"]]


def test_a_rule_called_by_a_renderer_is_caught(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "zygj",
        {
            "output/__init__.py": "",
            "output/page.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from zygj.rules.report import Report\n"
                "def page(report: Report) -> str:\n"
                "    from ..rules.assessment import assess\n    return str(assess(report))\n"
            ),
        },
    )
    assert rules_used_at_run_time(root) == [
        "zygj.output.page:5 在运行时导入了 zygj.rules.assessment"
    ]


def test_a_renderer_writing_to_the_terminal_is_caught(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "zygj",
        {
            "output/__init__.py": "",
            "output/page.py": (
                "import sys\n"
                "def page(text: str, console: object) -> None:\n"
                "    print(text)\n    sys.stdout.write(text)\n    console.print(text)\n"
            ),
        },
    )
    assert output_writers(root) == [
        "zygj.output.page:1 导入了 sys",
        "zygj.output.page:3 调用了 print()",
        "zygj.output.page:4 用了 stdout",
    ]


# ------------------------------------------------------------- fast path

HEAVY = ("pydantic", "yaml", "openpyxl", "csv", "json", "tabulate")


def loaded_modules(args: Iterable[str], env: dict[str, str]) -> set[str]:
    """The top-level modules loaded by the end of a real run of the installed script."""
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
        "sys.argv = ['zygj', *sys.argv[1:]]\n"
        "from zygj.__main__ import run\n"
        "run()\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, check=False
    )
    assert completed.returncode == 0, completed.stderr
    line = completed.stderr.rsplit("MODULES ", 1)[1]
    return {name.split(".")[0] for name in line.split()}


def test_an_everyday_query_from_the_cache_imports_nothing_heavy(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "120"}
    env.pop("ZYGJ_NO_CACHE", None)
    query = ["measures", "--unit", "市人力资源社会保障局"]
    first = loaded_modules(query, env)  # parses the plan and fills the cache
    assert "yaml" in first  # the measurement can see a heavy import when there is one
    assert list((tmp_path / "cache" / "zygj").iterdir()), "the plan cache was not filled"
    assert sorted(set(HEAVY) & loaded_modules(query, env)) == []


def test_the_installed_script_runs_the_query(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "120"}
    completed = subprocess.run(
        [*zygj_script(), "measures", "--unit", "市人力资源社会保障局", "-f", "plain"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("市人力资源社会保障局：牵头 19 项")


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_is_a_package(layer: str) -> None:
    assert (PACKAGE / layer / "__init__.py").is_file()
