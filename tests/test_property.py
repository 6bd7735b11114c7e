"""Property: whatever a hand edit does to the real files, zygj answers, never crashes.

Random mutations (characters deleted, doubled or replaced by YAML's special
characters; lines swapped, doubled, deleted or indented with a tab) of the real
plan files and of a progress file. For every one, zygj must exit 0, 1 or 2,
print a located message on stderr when it does not exit 0, never a traceback,
and answer within a time bound. The examples are derandomised, so a run is
reproducible and never flaky.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR
from zygj.cli.main import app
from zygj.load.yaml_doc import parse_yaml

#: Seconds per invocation; a normal one takes about 0.01 s.
TIME_BOUND = 5.0
EXAMPLES = 60

SPECIAL = ['"', "'", "\t", ":", "-", " ", "\n", "#", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">",
           "%", "@", "`", "?", "\\", "\x01", "\ufeff", "，", "：", "０", "三千"]  # fmt: skip
#: One diagnostic per line: path[:line[:col]]: error|warning: message.
DIAGNOSTIC = re.compile(r"^.+?(:\d+(:\d+)?)?: (error|warning): \S.*$")

mutation = st.tuples(
    st.sampled_from(
        ["delete", "double", "replace", "insert", "swap", "dup_line", "del_line", "tab"]
    ),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.sampled_from(SPECIAL),
)
mutations = st.lists(mutation, min_size=1, max_size=4)


def common_prefix(a: bytes, b: bytes) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def mutate(text: str, steps: list[tuple[str, float, float, str]]) -> str:
    for kind, where, other, char in steps:
        if kind in ("swap", "dup_line", "del_line", "tab"):
            lines = text.split("\n")
            i, j = int(where * len(lines)), int(other * len(lines))
            if kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            elif kind == "dup_line":
                lines.insert(i, lines[i])
            elif kind == "del_line":
                del lines[i]
            else:
                lines[i] = "\t" + lines[i]
            text = "\n".join(lines)
            continue
        if not text:
            text = char
            continue
        k = int(where * len(text))
        if kind == "delete":
            text = text[:k] + text[k + 1 :]
        elif kind == "double":
            text = text[:k] + text[k] + text[k:]
        elif kind == "replace":
            text = text[:k] + char + text[k + 1 :]
        else:
            text = text[:k] + char + text[k:]
    return text


@pytest.fixture
def quiet_runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("ZYGJ_NO_CACHE", "1")  # do not fill the plan cache with mutants
    monkeypatch.delenv("ZYGJ_PLAN", raising=False)
    return CliRunner()


def check(runner: CliRunner, args: list[str]) -> int:
    started = time.perf_counter()
    result = runner.invoke(app, args)
    took = time.perf_counter() - started
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code:
        lines = result.stderr.splitlines()
        assert lines, "a failure must say why"
        for line in lines:
            if not line.startswith(("  ", "（运行")):  # a usage error's hint line
                assert DIAGNOSTIC.match(line), line
    assert took < TIME_BOUND, f"{took:.1f} s for {args}"
    return result.exit_code


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,  # timed by check() instead, per invocation
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("name", ["units.yaml", "measures.yaml", "targets.yaml"])
def test_mutated_plan_file(quiet_runner: CliRunner, tmp_path: Path, name: str) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan)
    original = (PLAN_DIR / name).read_text(encoding="utf-8")
    codes: list[int] = []

    @SETTINGS
    @given(steps=mutations)
    def run(steps: list[tuple[str, float, float, str]]) -> None:
        (plan / name).write_text(mutate(original, steps), encoding="utf-8")
        codes.append(check(quiet_runner, ["validate", "--plan", str(plan)]))

    run()
    assert 1 in codes  # the mutations really break things


def _example_csv() -> str:
    return (
        "target,date,unit,value,status,note\n"
        "1.1,2019-12-31,市人社局,0,推进中,已申报\n"
        "5.1,2020-12-31,,6200,,\n"
        '9.2,2020-06-30,,65,,"含逗号, 与引号""的说明"\n'
    )


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_mutated_progress_file(quiet_runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"progress{suffix}"
    original = EXAMPLE_PROGRESS.read_text(encoding="utf-8") if suffix == ".yaml" else _example_csv()
    codes: list[int] = []

    @SETTINGS
    @given(steps=mutations, command=st.sampled_from(["validate", "report", "targets"]))
    def run(steps: list[tuple[str, float, float, str]], command: str) -> None:
        path.write_text(mutate(original, steps), encoding="utf-8")
        args = [command, "--plan", str(PLAN_DIR), "--progress", str(path)]
        if command != "validate":
            args += ["--as-of", "2020-12-31", "--format", "plain"]
        codes.append(check(quiet_runner, args))

    run()
    assert 0 in codes and 1 in codes


def test_mutated_progress_file_then_progress_add(quiet_runner: CliRunner, tmp_path: Path) -> None:
    """Appending to a mutated file: success keeps the old bytes, failure writes nothing."""
    path = tmp_path / "progress.yaml"
    original = EXAMPLE_PROGRESS.read_text(encoding="utf-8")

    @SETTINGS
    @given(steps=mutations)
    def run(steps: list[tuple[str, float, float, str]]) -> None:
        before = mutate(original, steps).encode("utf-8")
        path.write_bytes(before)
        code = check(
            quiet_runner,
            [
                "progress",
                "add",
                "1.1",
                "--value",
                "1",
                "--date",
                "2020-10-01",
                "--progress",
                str(path),
                "--plan",
                str(PLAN_DIR),
            ],
        )
        after = path.read_bytes()
        if code:
            assert after == before
            return
        # Success: the old bytes are the new file's head and tail, around the new record.
        prefix = common_prefix(before, after)
        suffix = common_prefix(before[prefix:][::-1], after[prefix:][::-1])
        if parse_yaml(before.decode("utf-8"), "p").data.get("records"):
            # (an empty `records: []` or `records:` line is rewritten; otherwise nothing is)
            assert prefix + suffix >= len(before), (before, after)
            assert b'target: "1.1"' in after[prefix : len(after) - suffix + 1]
        assert parse_yaml(after.decode("utf-8"), "p").data["records"][-1]["date"] == "2020-10-01"

    run()
