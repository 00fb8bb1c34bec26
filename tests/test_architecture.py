"""The import graph: the contract at the bottom, each stage importing only the stages below it.

Every module's imports are read with ast (imports inside functions too: they run when called;
imports under `if TYPE_CHECKING:` never run and are left out). Each module belongs to the layer
with the longest matching name in LAYERS; a layer may import itself and the layers it lists.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "statuti_check"

# Layer → the module names it covers (a package covers its submodules).
MEMBERS: dict[str, tuple[str, ...]] = {
    "api": ("statuti_check", "statuti_check.cli"),
    "contract": ("statuti_check.contract",),
    "util": (
        "statuti_check.names",
        "statuti_check.numbers",
        "statuti_check.errors",
        "statuti_check.settings",
        "statuti_check.data",
    ),
    "read": ("statuti_check.read",),
    "read.model": ("statuti_check.read.model",),
    "judge": ("statuti_check.judge",),
    "act": ("statuti_check.act",),
    "act.draft": ("statuti_check.act.draft", "statuti_check.act.procedure"),
    "report": ("statuti_check.report",),
    "members": ("statuti_check.members",),
    "members.accounts": ("statuti_check.members.accounts",),
    "store": ("statuti_check.run.store",),
    "run": ("statuti_check.run",),
}
# Layer → the layers it may import, besides itself. Reading this table is reading the design.
ALLOWED: dict[str, set[str]] = {
    "util": set(),
    "contract": {"util"},  # names.py only: see test_contract_imports_only_leaves
    "read.model": {"contract", "util"},
    "read": {"contract", "util", "read.model"},
    "judge": {"contract", "util", "read", "read.model"},
    "act.draft": {"contract", "util", "read.model"},
    "act": {"contract", "util", "read", "read.model", "judge", "act.draft"},
    # Renderers read reports, parsed statutes (the outline) and drafts, never the pipeline.
    "report": {"contract", "util", "read.model", "act.draft"},
    "members.accounts": {"contract", "util"},
    # The store keeps reports, parsed statutes and accounts: no pipeline, no renderer.
    "store": {"contract", "util", "read.model", "members.accounts"},
    "members": {"contract", "util", "members.accounts", "store"},
    "run": {
        "contract",
        "util",
        "read",
        "read.model",
        "judge",
        "report",
        "store",
        "members.accounts",
    },
    "api": set(MEMBERS) - {"api"},
}
CONTRACT_LEAVES = {"statuti_check.names"}
# What the pipeline loads (reading, matching); a renderer never needs it.
PIPELINE_LIBRARIES = ("spacy", "pypdfium2", "pdfplumber")
HEAVY = (*PIPELINE_LIBRARIES, "weasyprint")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of the imports inside `if TYPE_CHECKING:` blocks."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def _imports(path: Path) -> set[str]:
    """Every module a file imports at run time; `from a import b` counts a.b when b is a module."""
    tree = ast.parse(path.read_text("utf-8"))
    skipped = _type_checking_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] != "statuti_check" or _exists(name)}


def _exists(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


GRAPH = {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str:
    """The layer whose member is the longest prefix of `module`."""
    matches = [
        (len(member), layer)
        for layer, members in MEMBERS.items()
        for member in members
        if module == member or module.startswith(member + ".")
    ]
    assert matches, f"{module} belongs to no layer: add it to MEMBERS"
    return max(matches)[1]


def _internal(imports: set[str]) -> set[str]:
    return {name for name in imports if name.split(".")[0] == "statuti_check"}


def test_every_layer_has_its_rules() -> None:
    assert set(ALLOWED) == set(MEMBERS)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_module_imports_only_allowed_layers(module: str) -> None:
    layer = layer_of(module)
    wrong = sorted(
        f"{name} ({layer_of(name)})"
        for name in _internal(GRAPH[module])
        if layer_of(name) not in ALLOWED[layer] | {layer}
    )
    assert not wrong, f"{module} ({layer}) may not import: {', '.join(wrong)}"


def test_contract_imports_only_leaves() -> None:
    imports = GRAPH["statuti_check.contract"]
    assert _internal(imports) <= CONTRACT_LEAVES
    outside = {name.split(".")[0] for name in imports - _internal(imports)}
    assert outside <= set(sys.stdlib_module_names) | {"pydantic"}
    for leaf in CONTRACT_LEAVES:
        assert not _internal(GRAPH[leaf]), f"{leaf} must stay a leaf"


@pytest.mark.parametrize("module", [m for m in sorted(GRAPH) if layer_of(m) in {"report", "store"}])
def test_renderers_and_store_load_no_pipeline_library(module: str) -> None:
    heavy = {name for name in GRAPH[module] if name.split(".")[0] in PIPELINE_LIBRARIES}
    assert not heavy, f"{module} imports {heavy}"


def test_no_cycles_between_layers() -> None:
    edges = {layer: set() for layer in MEMBERS}
    for module, imports in GRAPH.items():
        edges[layer_of(module)] |= {layer_of(name) for name in _internal(imports)}
    for layer in edges:
        edges[layer].discard(layer)
    done: set[str] = set()

    def visit(layer: str, path: list[str]) -> None:
        assert layer not in path, "cycle: " + " → ".join([*path, layer])
        if layer not in done:
            for target in sorted(edges[layer]):
                visit(target, [*path, layer])
            done.add(layer)

    for layer in sorted(edges):
        visit(layer, [])


_PROBE = """
import sys
sys.argv = ["statuti-check", *{args!r}]
import statuti_check.cli
if sys.argv[1:]:
    try:
        statuti_check.cli.run()
    except SystemExit:
        pass
print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args", [[], ["--help"], ["rules", "list"], ["store", "list", "--db", "{db}"]]
)
def test_start_loads_no_heavy_library(args: list[str], tmp_path: Path) -> None:
    """`import statuti_check` and the commands that judge nothing start without spaCy or pdfium."""
    args = [arg.format(db=tmp_path / "s.sqlite") for arg in args]
    probe = _PROBE.format(args=args, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_the_shells_use_only_documented_modules_and_public_names():
    """app.py and cli.py call the public API and modules the architecture map names (the module
    or its stage folder), never a private helper: the shells hold no business logic."""
    root = PACKAGE.parent
    documented = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    for shell in (root / "app.py", PACKAGE / "cli.py"):
        for node in ast.walk(ast.parse(shell.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
                "statuti_check"
            ):
                continue
            path = Path(*node.module.split("."))
            places = [f"`{path}.py`", f"`{path}/__init__.py`", f"`{path}/`"]
            places += [f"`{parent}/`" for parent in path.parents if parent.parts]
            assert any(place in documented for place in places), f"{shell.name}: {node.module}"
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private, f"{shell.name} imports private names {private} from {node.module}"
