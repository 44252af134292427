"""The package's layers are a contract (docs/architecture.md): every import, at the top of a file or inside a
function, goes to the same layer or a lower one, and no import circle exists between files."""

import ast
from pathlib import Path

from tests.conftest import ROOT

PKG = ROOT / "pipeline"
# lowest first; a module may import from its own layer and the layers below it
LAYERS = [
    ("base", ["pipeline", "pipeline.errors", "pipeline.resources", "pipeline.guards", "pipeline.store"]),
    ("model", ["pipeline.model"]),
    ("media, text", ["pipeline.media", "pipeline.text"]),
    ("claims", ["pipeline.claims"]),
    ("copy", ["pipeline.copy"]),
    ("backends", ["pipeline.backends", "pipeline.translation"]),
    ("stages", ["pipeline.stages"]),
    ("run", ["pipeline.runner", "pipeline.versions", "pipeline.results", "pipeline.clips"]),
    ("campaigns", ["pipeline.batch", "pipeline.campaigns"]),
    ("surfaces", ["pipeline.cli", "pipeline.studio", "pipeline.__main__"]),
]


def layer_of(module: str) -> int:
    best, rank = -1, -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, rank = len(p), i
    assert rank >= 0, f"{module} belongs to no layer: add it to LAYERS and docs/architecture.md"
    return rank


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported pipeline module, line, inside a function) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                out.extend((a.name, child.lineno, inner) for a in child.names if a.name.startswith("pipeline"))
            elif isinstance(child, ast.ImportFrom) and child.module and child.module.startswith("pipeline") \
                    and child.level == 0:
                for a in child.names:
                    full = f"{child.module}.{a.name}"
                    target = full if (PKG.parent / (full.replace(".", "/") + ".py")).exists() or \
                        (PKG.parent / full.replace(".", "/")).is_dir() else child.module
                    out.append((target, child.lineno, inner))
            visit(child, inner)
    visit(tree, False)
    return out


FILES = sorted(p for p in PKG.rglob("*.py") if "static" not in p.parts)


def test_every_import_goes_down_or_stays_on_its_floor():
    wrong = []
    for path in FILES:
        me = module_name(path)
        for target, line, _ in imports(path):
            if layer_of(target) > layer_of(me):
                wrong.append(f"{path.relative_to(ROOT)}:{line} {me} ({LAYERS[layer_of(me)][0]}) imports "
                             f"{target} ({LAYERS[layer_of(target)][0]})")
    assert not wrong, "imports that go up a layer:\n" + "\n".join(wrong)


def test_no_import_circle_between_files():
    graph = {module_name(p): {t for t, _, _ in imports(p)} for p in FILES}
    mods = set(graph)

    def resolve(t):
        while t and t not in mods:
            t = t.rpartition(".")[0]
        return t
    edges = {m: {resolve(t) for t in ts if resolve(t) and resolve(t) != m} for m, ts in graph.items()}
    # a package's __init__ re-exporting its modules is not a circle with them
    for m in edges:
        edges[m] = {t for t in edges[m] if not (t.startswith(m + ".") or m.startswith(t + "."))}
    state, stack, circles = {}, [], []

    def dfs(m):
        state[m] = 1
        stack.append(m)
        for t in sorted(edges.get(m, ())):
            if state.get(t) == 1:
                circles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                dfs(t)
        stack.pop()
        state[m] = 2
    for m in sorted(edges):
        if m not in state:
            dfs(m)
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)
