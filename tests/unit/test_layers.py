"""The layers of synth, held by a test: no import cycles, no private names across modules, no
module importing from a layer above its own, no module over 500 lines, a docstring on each.

The layer table below is the architecture: the README's "Architecture" section draws it. Every
module of ``synth/`` must be in it; a new module fails here until it is placed. Imports inside
functions count like any other; imports under ``if TYPE_CHECKING:`` count too (an annotation
that needs a higher layer is a sign the type lives in the wrong place).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

SYNTH = Path(__file__).resolve().parents[2] / "synth"

#: Lowest first. A module may import from its own layer or any lower one. A key ending in "."
#: holds a whole package (and every module under it).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "model",  # plain values and helpers every layer may use; nothing of synth above them
        ("synth", "synth.model", "synth.inert", "synth.tempfiles", "synth.keys", "synth.nlp", "synth.coding.model"),
    ),
    (
        "trail/state",  # the event store, the event catalogue, the fold, the snapshot of the fold
        (
            "synth.trail",
            "synth.store_pg",
            "synth.events.",
            "synth.state",
            "synth.history",
            "synth.snapshot",
            "synth.coding.view",  # what one coder of a blind round may see: a pure function of the state
        ),
    ),
    (
        "project",  # a synthesis project: folder or server, its settings, template, anchors
        ("synth.folders", "synth.project", "synth.project_server", "synth.templates", "synth.stores", "synth.anchors"),
    ),
    (
        "extract/themes",  # the four steps' core: reading forms, summaries, themes, coding rounds
        (
            "synth.extract.",
            "synth.interchange.",  # reading other tools' projects is reading forms of another shape
            "synth.templates.forms",  # blank forms and form checks read forms as import does
            "synth.summaries",
            "synth.themes.",
            "synth.coding.",
            "synth.agreement",
            "synth.browse",
            "synth.search",
        ),
    ),
    (
        "report",  # everything written out or read back in: reports, workbook, REFI-QDA, codebooks
        ("synth.report.", "synth.interchange.codebooks", "synth.shapes"),
    ),
    ("pipeline", ("synth.pipeline", "synth.demo")),
    ("cli/tui", ("synth.cli.", "synth.cli", "synth.tui.", "synth.__main__")),
]

MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SYNTH.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(SYNTH.rglob("*.py"))}


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (length of the matching key, layer)
    for n, (_, keys) in enumerate(LAYERS):
        for key in keys:
            hit = module.startswith(key) or module == key.rstrip(".") if key.endswith(".") else module == key
            if hit and (best is None or len(key) > best[0]):
                best = (len(key), n)
    return None if best is None else best[1]


def resolve(importer: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    if modules()[importer].name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


@cache
def imports(module: str) -> tuple[tuple[str, int, str | None], ...]:
    """(imported synth module, line, name taken from it or None) for every import in ``module``."""
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    found: list[tuple[str, int, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((a.name, node.lineno, None) for a in node.names if a.name.split(".")[0] == "synth")
        elif isinstance(node, ast.ImportFrom):
            target = resolve(module, node)
            if target.split(".")[0] != "synth":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules():
                    found.append((sub, node.lineno, None))
                else:
                    found.append((target, node.lineno, alias.name))
    return tuple((t, line, name) for t, line, name in found if t in modules() and t != module)


def test_every_module_has_a_layer() -> None:
    missing = [m for m in modules() if layer_of(m) is None]
    assert missing == [], f"add these modules to LAYERS in {__file__}: {missing}"


def test_no_module_imports_from_a_higher_layer() -> None:
    wrong = []
    for m in modules():
        mine = layer_of(m)
        for target, line, _ in imports(m):
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(
                    f"{modules()[m].relative_to(SYNTH.parent)}:{line}: {m} ({LAYERS[mine][0]}) imports "
                    f"{target} ({LAYERS[theirs][0]})"
                )
    assert wrong == [], "imports that point up a layer:\n" + "\n".join(wrong)


def test_no_import_cycles() -> None:
    graph = {m: sorted({t for t, _, _ in imports(m)}) for m in modules()}
    cycles: list[str] = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in graph[m]:
            if state.get(t) == 1:
                cycles.append(" -> ".join([*stack[stack.index(t) :], t]))
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m)
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_no_private_names_across_modules() -> None:
    taken = [
        f"{modules()[m].relative_to(SYNTH.parent)}:{line}: {m} takes {name} from {target}"
        for m in modules()
        for target, line, name in imports(m)
        if name and name.startswith("_") and not name.startswith("__")
    ]
    assert taken == [], "private names used outside their module:\n" + "\n".join(taken)


def test_no_module_over_the_limit() -> None:
    long = {m: n for m, p in modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"modules over {MAX_LINES} lines: {long}"


def test_every_module_says_why_it_exists() -> None:
    bare = [m for m, p in modules().items() if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert bare == [], f"modules without a docstring: {bare}"
