"""Guard: one message, one Polish translation.

Django merges every catalogue into one per language (the project's locale/
first, then each installed app's in INSTALLED_APPS order, then Django's own),
so a msgid translated two ways shows one of them everywhere: the admin's
"Change" once read "Zmiana salda" on every row. A word that means two things
takes a message context (`pgettext`, `{% translate "To" context "…" %}`)."""

import gettext
from collections import defaultdict
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings


def _catalogues() -> list[tuple[str, Path, bool]]:
    """(name, .mo path, is the project's) for every Polish catalogue Django loads."""
    base = Path(settings.BASE_DIR)
    roots = [(str(path), True) for path in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        ours = Path(config.path).is_relative_to(base / "iok")
        roots.append((str(Path(config.path) / "locale"), ours))
    roots.append((str(Path(django.__file__).parent / "conf" / "locale"), False))
    found = []
    for root, ours in roots:
        mo = Path(root) / "pl" / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            found.append((_name(mo, base), mo, ours))
    return found


def _name(mo: Path, base: Path) -> str:
    root = base if mo.is_relative_to(base) else Path(django.__file__).parents[1]
    return str(mo.relative_to(root).parents[2])


def _messages(mo: Path) -> dict:
    with open(mo, "rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog
    return {key: text for key, text in catalog.items() if key not in ("", ("", 0))}


def translated_two_ways() -> dict:
    """{msgid (with its context): {catalogue: translation}} where a message of
    the project's catalogues has more than one translation."""
    seen, ours = defaultdict(dict), set()
    for name, mo, is_ours in _catalogues():
        for key, text in _messages(mo).items():
            seen[key][name] = text
            if is_ours:
                ours.add(key)
    return {
        key: found for key, found in seen.items() if key in ours and len(set(found.values())) > 1
    }


def test_no_message_is_translated_two_ways():
    clashes = translated_two_ways()
    assert not clashes, "give these a message context (pgettext):\n" + "\n".join(
        f"{key!r}: {found}" for key, found in sorted(clashes.items(), key=str)
    )


def test_the_guard_sees_the_admins_catalogue_and_the_projects():
    names = [name for name, _mo, _ours in _catalogues()]
    assert any("contrib/admin" in name or "admin/locale" in name for name in names), names
    assert any(ours for _name, _mo, ours in _catalogues())


def _polish_sources() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(base.glob("locale/pl/LC_MESSAGES/django.po")) + sorted(
        base.glob("iok/*/locale/pl/LC_MESSAGES/django.po")
    )


def test_every_polish_message_is_translated_and_none_is_only_a_guess():
    """makemessages marks a near match "fuzzy" and compilemessages leaves it
    out, so the page shows English; an empty msgstr does the same."""
    import re

    problems = []
    for po in _polish_sources():
        entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # the header first
        for entry in entries:
            msgid = re.search(r'^msgid "(.*)"', entry, re.M)
            if "#, fuzzy" in entry or re.search(r'^msgstr ""\Z', entry.strip(), re.M):
                problems.append(f"{po.relative_to(settings.BASE_DIR)}: {msgid and msgid[1]!r}")
    assert _polish_sources() and not problems, "\n".join(problems)
