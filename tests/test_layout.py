"""The shape of the code: no two modules of `consult` import each other when they load,
however indirectly (an import inside a function, made on first use, does not count)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "consult"
_read_text = Path.read_text


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def loaded_imports(path: Path, known: set[str]) -> set[str]:
    """The `consult` modules `path` imports at load time (its top-level statements)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known}
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    known = set(paths)
    graph = {name: loaded_imports(path, known) - {name} for name, path in paths.items()}
    # Importing `a.b.c` loads the packages `a` and `a.b` first, unless they are the importing
    # module's own packages, which Python has begun loading before it.
    for name, targets in graph.items():
        own = {name.rsplit(".", i)[0] for i in range(1, name.count("."))}
        for target in list(targets):
            parts = target.split(".")
            targets |= {".".join(parts[:i]) for i in range(2, len(parts))} - {name} - own
        targets -= own
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_through_others():
    assert circles(import_graph()) == []


def test_the_check_sees_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# The features in the order of the flow: each one's services may use those before it.
# Jobs run every feature's work; organisations administer them all.
FLOW = ("accounts", "consultations", "ideas", "themes", "opinions", "pairwise", "plans",
        "assemblies", "responses", "record", "webhooks", "jobs", "organisations")
# Below every feature: what they all share, the language tools and the lottery.
BASE = ("core", "nlp", "sortition", "extensions", "database", "config", "i18n")
# Pages may read from later features (an idea's page shows its theme, commitment and answer):
# modules that build pages or forms, recognised by their name or by what they take from Flask.
PAGE_NAMES = ("routes", "manage", "forms", "page", "views")
PAGE_IMPORTS = {"request", "Blueprint", "render_template", "redirect", "flash", "url_for"}
def _feature(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def _is_page(name: str, tree: ast.Module) -> bool:
    if name.rsplit(".", 1)[-1].endswith(PAGE_NAMES):
        return True
    return any(isinstance(node, ast.ImportFrom) and node.module in ("flask", "flask_wtf", "wtforms")
               and (node.module != "flask" or {a.name for a in node.names} & PAGE_IMPORTS)
               for node in ast.walk(tree))


def _all_imports(tree: ast.Module) -> set[str]:
    """Every `consult` module named in an import, at load time or inside a function."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return {name for name in found if name.startswith("consult.")}


def flow_breaks() -> set[tuple[str, str]]:
    """(module, feature it may not use) for every service that reaches forward in the flow,
    every base module that uses a feature, and every feature module that uses the pages' layer."""
    breaks = set()
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        tree = ast.parse(path.read_text(), filename=str(path))
        own = _feature(name)
        for target in _all_imports(tree):
            other = _feature(target)
            if other == own:
                continue
            if own in BASE[:3]:
                allowed = other in BASE
            elif own in FLOW and not _is_page(name, tree):
                allowed = other in BASE or (other in FLOW and FLOW.index(other) < FLOW.index(own))
            else:
                continue
            if not allowed:
                breaks.add((name, f"consult.{other}"))
    return breaks


def test_services_use_only_earlier_features_and_the_base():
    assert flow_breaks() == set()


def test_the_rule_sees_a_service_that_reaches_forward(monkeypatch):
    module = PACKAGE / "ideas" / "submitting.py"
    forward = module.read_text() + "\nfrom consult.responses import notices\n"
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: forward if self == module
                        else _read_text(self, *a, **k))
    assert flow_breaks() == {("consult.ideas.submitting", "consult.responses")}
