"""Guard: data flows one way (DESIGN.md, Architecture).

registry → ledger ← payments, meters, settlements; the shells (portal,
office) call into the domain apps, never the other way. The test reads the
imports of every module under iok/ (with ast, so an import inside a function
counts too) and names each arrow that runs the wrong way."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "iok"

SHELLS = ("iok.portal", "iok.office")
DOMAIN = (
    "iok.registry",
    "iok.ledger",
    "iok.payments",
    "iok.meters",
    "iok.settlements",
    "iok.audit",
    "iok.privacy",
    "iok.access",
    "iok.accounting",
    "iok.refunds",
    "iok.interest",
)
# access is a domain app for its models and rules; its login and password
# pages (iok/access/views/, mounted by its urls.py) are a shell of their own.
NOT_DOMAIN = ("iok.access.views", "iok.access.urls")

# (importing module's package, what it must not import, why)
RULES = [
    *(
        ("iok.registry", target, "the registry imports nothing downstream of it")
        for target in (
            "iok.ledger",
            "iok.payments",
            "iok.meters",
            "iok.settlements",
            "iok.refunds",
            "iok.interest",
        )
    ),
    *((domain, shell, "no domain app imports a shell") for domain in DOMAIN for shell in SHELLS),
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The modules the file imports, absolute: `from a import b` is a, or a.b
    where a alone is not a module of ours that a rule could name (`from iok
    import office`)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if base.count(".") >= 1:
                found.add(base)
            else:
                found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def wrong_arrows() -> dict[tuple[str, str], str]:
    """{(file, imported module): the rule it breaks} for every import against the flow."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_name(path)
        if any(_within(module, excluded) for excluded in NOT_DOMAIN):
            continue
        for name in sorted(_imports(path)):
            for source, target, why in RULES:
                if _within(module, source) and _within(name, target):
                    found[(str(path.relative_to(ROOT)), name)] = why
    return found


def test_no_import_runs_against_the_flow():
    wrong = [
        f"{file} imports {name}: {why}" for (file, name), why in sorted(wrong_arrows().items())
    ]
    assert not wrong, "Imports against the flow (DESIGN.md, Architecture):\n" + "\n".join(wrong)


def test_domain_apps_hold_no_views():
    """Every page is a view of a shell: portal/, office/, or access/views/
    for the login pages; a domain app has models, rules, forms, commands and
    admin only."""
    views = [
        str(path.relative_to(ROOT))
        for domain in DOMAIN
        for path in (PACKAGE / domain.split(".")[1]).rglob("*views*")
        if not _within(_module_name(path), "iok.access.views")
    ]
    assert not views, f"Views in a domain app (move them to portal/ or office/): {views}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from iok.ledger.models import Ledger", {"iok.ledger.models"}),
        ("import iok.portal.views", {"iok.portal.views"}),
        ("def f():\n    from iok.office import forms", {"iok.office"}),
        ("from iok import office, ledger", {"iok.office", "iok.ledger"}),
        ("from ..ledger import posting", {"iok.ledger"}),
        ("from .models import Contract", {"iok.registry.models"}),
    ],
)
def test_the_guard_reads_every_form_of_import(tmp_path, monkeypatch, source, expected):
    package = tmp_path / "iok" / "registry"
    package.mkdir(parents=True)
    module = package / "example.py"
    module.write_text(source)
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _imports(module) == expected
