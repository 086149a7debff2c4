"""The shape of the code: apps depend downwards only, and the engines stay free of Django."""
import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "radsmodell"

# Each app may import only the apps listed for it (core is below everything, documents and
# opendata are generic publishers above core, the feature apps above those).
ALLOWED = {
    "core": set(),
    "documents": {"core"},
    "opendata": {"core"},
    "council": {"core", "documents", "opendata"},
    "portfolio": {"core", "documents", "opendata"},
    "priority": {"core", "documents", "opendata", "council", "portfolio"},
    "strategy": {"core", "documents", "opendata", "portfolio"},
    "costs": {"core", "documents", "opendata", "portfolio"},
}

# The calculation engines: plain Python (numpy allowed), tested on their own, no Django.
ENGINES = [
    "radsmodell.core.marks",
    "radsmodell.core.numbers",
    "radsmodell.council.importing.draft",
    "radsmodell.council.importing.extract",
    "radsmodell.council.importing.parse",
    "radsmodell.council.numbering",
    "radsmodell.council.textdiff",
    "radsmodell.portfolio.criteria",
    "radsmodell.portfolio.graph",
    "radsmodell.priority.builtin",
    "radsmodell.priority.disagreement",
    "radsmodell.priority.engine",
    "radsmodell.priority.sensitivity",
    "radsmodell.priority.serialization",
    "radsmodell.strategy.charts",
    "radsmodell.strategy.engine",
    "radsmodell.strategy.roadmap",
    "radsmodell.costs.appraisal",
    "radsmodell.costs.builtin",
    "radsmodell.costs.economics",
    "radsmodell.costs.engine",
    "radsmodell.costs.engine.adjust",
    "radsmodell.costs.engine.allocate",
    "radsmodell.costs.engine.compare",
    "radsmodell.costs.engine.loader",
    "radsmodell.costs.engine.model",
    "radsmodell.costs.engine.money",
    "radsmodell.costs.engine.table",
    "radsmodell.costs.gate",
    "radsmodell.costs.orgnr",
]


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_apps(path: Path) -> set[str]:
    """The radsmodell apps a module imports (absolute `radsmodell.x` imports, and relative ones
    that climb out of the module's own app)."""
    app = path.relative_to(PACKAGE).parts[0]
    depth = len(path.relative_to(PACKAGE).parts) - 1  # packages between radsmodell and the module
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                names = [node.module or ""]
            elif node.level > depth:  # relative import leaving the app
                parts = (node.module or "").split(".")
                names = [f"radsmodell.{parts[0]}"] if parts[0] else []
        for name in names:
            parts = name.split(".")
            if parts[0] == "radsmodell" and len(parts) > 1 and parts[1] in ALLOWED and parts[1] != app:
                found.add(parts[1])
    return found


def test_apps_import_only_the_apps_below_them():
    wrong = []
    for path in _modules():
        app = path.relative_to(PACKAGE).parts[0]
        if app not in ALLOWED:
            continue  # the project's own modules (settings, urls, api, cli) tie the apps together
        for imported in sorted(_imported_apps(path) - ALLOWED[app]):
            wrong.append(f"{path.relative_to(PACKAGE)} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_the_allowed_dependencies_have_no_circle():
    def reaches(start: str, target: str, seen=()) -> bool:
        return any(below == target or (below not in seen and reaches(below, target, seen + (below,)))
                   for below in ALLOWED[start])

    assert not [app for app in ALLOWED if reaches(app, app)]


def test_engines_import_no_django_in_a_fresh_interpreter():
    """Imported one by one without Django settings; the first module that pulls in Django fails."""
    script = (
        "import importlib, sys\n"
        f"for name in {ENGINES!r}:\n"
        "    importlib.import_module(name)\n"
        "    if any(m == 'django' or m.startswith('django.') for m in sys.modules):\n"
        "        sys.exit(f'{name} imports Django')\n"
    )
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment,
                            timeout=120)
    assert result.returncode == 0, result.stderr or result.stdout


def test_every_module_that_says_it_has_no_django_is_held_to_it():
    """A module whose docstring promises "no Django" is in the engine list, so the test above checks it."""
    promised = []
    for path in _modules():
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        if "no django" in docstring.lower() or "without django" in docstring.lower():
            relative = path.relative_to(PACKAGE.parent).with_suffix("")
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            promised.append(".".join(parts))
    assert sorted(set(promised) - set(ENGINES)) == []
