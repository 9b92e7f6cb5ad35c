"""Views do no ORM access across apps (`make lint`).

A view module of one app may not call `.objects` on a model class of another app: it asks that
app's services, queries or QuerySet methods instead (DESIGN.md, "an app talks to another through
that app's services and querysets"). Nested apps (governance.lay, events.cpd, …) are apps of
their own. Run: python tests/architecture/check_view_orm.py; exits 1 listing each breach.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "governance.lay",
    "governance.risks",
    "events.cpd",
    "publications.roundup",
    "publications.dashboard",
    "portal",
    "governance",
    "sigs",
    "events",
    "publications",
]


def app_of(module):
    """The app a dotted module belongs to (the longest app prefix), or None outside the project."""
    for app in APPS:  # nested apps first
        if module == app or module.startswith(app + "."):
            return app
    return None


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(module, level, current):
    """The absolute module of a (possibly relative) `from … import`."""
    if not level:
        return module or ""
    package = current.split(".")
    base = package[: len(package) - level]
    return ".".join(base + ([module] if module else []))


def imported_names(tree, current):
    """Local name -> the module it came from (a class's module, or a module itself)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = resolve(node.module, node.level, current)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name
    return names


def dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def breaches(path):
    current = module_name(path)
    own = app_of(current)
    tree = ast.parse(path.read_text(), filename=str(path))
    names = imported_names(tree, current)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr == "objects"):
            continue
        target = dotted(node.value)
        if target is None:
            continue
        head, _, rest = target.partition(".")
        if head not in names:
            continue
        origin = names[head] + (f".{rest}" if rest else "")
        other = app_of(origin)
        if other is not None and other != own:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {target}.objects ({other})")
    return found


def view_modules():
    for app in APPS:
        base = ROOT.joinpath(*app.split("."))
        yield from [*base.glob("views.py"), *base.glob("*_views.py"), *base.glob("views/*.py")]


def main():
    found = sorted({line for path in view_modules() for line in breaches(path)})
    for line in found:
        print(line)
    if found:
        print(f"\n{len(found)} view(s) reach into another app's tables; use its services/queries.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
