"""The production package holds production code only: gold sets, evaluation banks, benchmarks and
the sample corpus generator live beside `etl/` and are imported as packages, never through
sys.path edits."""

import ast
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PYTHON_FOLDERS = ("etl", "evaluation", "bench", "sample_corpus", "tests")
NOT_PRODUCTION = ("evaluation", "bench", "sample_corpus", "tests")


def _python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (REPO_ROOT / folder).rglob("*.py"))


def _syntax(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported_modules(tree: ast.Module) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def _uses_sys_path(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.Attribute)
        and node.attr == "path"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
        for node in ast.walk(tree)
    )


def test_etl_imports_no_evaluation_benchmark_generator_or_test_code() -> None:
    imports = {
        str(path.relative_to(REPO_ROOT)): sorted(
            module for module in _imported_modules(_syntax(path)) if module.split(".")[0] in NOT_PRODUCTION
        )
        for path in _python_files("etl")
    }
    assert {path: modules for path, modules in imports.items() if modules} == {}


def test_no_evaluation_modules_under_etl() -> None:
    names = [path.stem for path in _python_files("etl")]
    assert [name for name in names if name.startswith("eval") or "gold" in name or "bench" in name] == []


def test_no_module_edits_sys_path() -> None:
    editing = [
        str(path.relative_to(REPO_ROOT))
        for path in _python_files(*PYTHON_FOLDERS)
        if _uses_sys_path(_syntax(path))
    ]
    assert editing == []
