"""The layers of docs/architecture.md, held by reading every module's imports: a part
never imports what the page's `never` list forbids it (a name covers its submodules).
The rules are read from the page itself, so the page and the test cannot disagree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "checklists"
DOC = ROOT / "docs" / "architecture.md"


def _rules() -> dict[str, list[str]]:
    block = re.search(r"```never\n(.*?)```", DOC.read_text(), re.S)
    assert block, "docs/architecture.md has no ```never block"
    rules = {}
    for line in block.group(1).splitlines():
        part, *forbidden = line.split()
        rules[part] = forbidden
    return rules


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module the source imports, relative imports made absolute; for `from X
    import y` both X and X.y, since y may be a module (`from .. import audit`)."""
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def _covers(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(modules: dict[str, set[str]], rules: dict[str, list[str]]) -> list[str]:
    found = []
    for module, imported in sorted(modules.items()):
        for part, forbidden in rules.items():
            if not _covers(module, part):
                continue
            for prefix in forbidden:
                matched = {n for n in imported if _covers(n, prefix)}
                # `from X import y` gives X and X.y: name such an import once, as X.
                shortest = {n for n in matched if not any(n.startswith(f"{m}.") for m in matched)}
                for name in sorted(shortest):
                    found.append(f"{module} imports {name} ({part} never imports {prefix})")
    return found


def _app_modules() -> dict[str, set[str]]:
    modules = {}
    for path in APP.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = _module_name(path)
        modules[name] = imports_of(path.read_text(), name, path.name == "__init__.py")
    return modules


def test_no_part_imports_what_the_architecture_page_forbids():
    found = violations(_app_modules(), _rules())
    assert not found, "Forbidden by docs/architecture.md:\n" + "\n".join(found)


def test_every_rule_names_a_part_that_exists():
    modules = _app_modules()
    for part in _rules():
        assert any(_covers(m, part) for m in modules), f"{part} is not a module or package"


@pytest.mark.parametrize(
    ("module", "source", "forbidden"),
    [
        ("checklists.tables.ward", "from django.urls import reverse", "django.urls"),
        ("checklists.tables.ward", "from ..links import figure_links", "checklists.links"),
        ("checklists.reports.build", "from ..dashboards import ward", "checklists.dashboards"),
        ("checklists.reports.build", "from ..views.reports import x", "checklists.views"),
        ("checklists.measures.summary", "import django.http", "django.http"),
        ("checklists.models.checks", "from ..services import checks", "checklists.services"),
        ("checklists.models.checks", "from checklists import services", "checklists.services"),
        ("checklists.reports.pdf", "from ..models import Ward", "checklists.models"),
    ],
)
def test_a_forbidden_import_is_caught(module, source, forbidden):
    modules = {module: imports_of(f"def later():\n    {source}\n", module)}
    assert any(f"never imports {forbidden})" in v for v in violations(modules, _rules()))


def test_an_allowed_import_is_not_caught():
    modules = {
        "checklists.tables.ward": imports_of(
            "from .. import measures\nfrom ..models import Ward\nfrom .cells import Cell\n",
            "checklists.tables.ward",
        ),
        "checklists.reports.build": imports_of(
            "from ..tables.ward import by_kind_table\n", "checklists.reports.build"
        ),
    }
    assert violations(modules, _rules()) == []
