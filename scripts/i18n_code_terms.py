"""Helpers of scripts/i18n_update.sh (translation template and catalogue upkeep).

Subcommands:

``pot ADDON_DIR EXPORTED_POT TARGET_POT``
    Adds to the template that Odoo's exporter wrote (EXPORTED_POT) the code
    terms the exporter cannot see, and writes TARGET_POT. Odoo's exporter
    extracts the string literals of ``_()`` / ``_lt()`` / ``self.env._()`` calls;
    it misses strings that reach ``self.env._`` at run time through a variable:
    the values of a module or class level dict of strings whose name the addon
    passes to a translating call (``translate(MESSAGES.get(code))`` in the
    importer, ``self.env._(MESSAGES[error.code], ...)`` for the engine's
    messages), and the literals passed to a local alias of ``self.env._``
    (``translate = self.env._; translate("...")``). A dict only printed as it
    is (e.g. the Italian document wording of the report addon) is left out.
    The terms are written as Odoo writes code terms, so that
    ``odoo.tools.translate.CodeTranslations`` loads them from it.po:

        #. module: <addon>
        #. odoo-python
        #: code:addons/<addon>/<path>.py:0

    TARGET_POT is left untouched when only its creation dates would change.

``merge POT PO``
    Brings PO in line with POT, keeping every existing translation: msgmerge
    (GNU gettext) without fuzzy matching, obsolete entries dropped; polib when
    gettext is not installed. A missing PO is started from POT with an Italian
    header.

``stats PO...``
    Prints entries, translated, untranslated and fuzzy per file.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile

import polib

# Dictionaries whose values are translated at run time although the addon never
# names them inside a translating call: (path inside the addon, variable name).
EXTRA_SOURCES: list[tuple[str, str]] = [("importer/reader.py", "READ_MESSAGES")]

SKIP_DIRS = {"tests", "__pycache__", ".ruff_cache", "migrations", "static", "i18n"}
PYTHON_COMMENT = "odoo-python"
DATE_KEYS = ("POT-Creation-Date", "PO-Revision-Date")

IT_METADATA = {
    "Language": "it",
    "Language-Team": "Italian",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


# ---------------------------------------------------------------- extraction


def _is_env_gettext(node: ast.AST) -> bool:
    """``self.env._`` / ``env._`` / ``<anything>.env._``."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "_"
        and (
            (isinstance(node.value, ast.Attribute) and node.value.attr == "env")
            or (isinstance(node.value, ast.Name) and node.value.id == "env")
        )
    )


def _dict_strings(node: ast.AST) -> list[str]:
    if not isinstance(node, ast.Dict):
        return []
    return [
        value.value
        for value in node.values
        if isinstance(value, ast.Constant)
        and isinstance(value.value, str)
        and value.value
    ]


def _assigned_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


TRANSLATORS = {"_", "_lt", "translate"}


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if _is_env_gettext(call.func):
        return "_"
    return None


def _module_dicts(tree: ast.Module) -> dict[str, list[str]]:
    """Module and class level dicts of strings by name, with their later
    ``NAME.update({...})`` and ``NAME["key"] = "..."`` additions."""
    dicts: dict[str, list[str]] = {}
    classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    for body in [tree.body] + [n.body for n in classes]:
        for stmt in body:
            strings = _dict_strings(getattr(stmt, "value", None))
            for name in _assigned_names(stmt):
                if strings:
                    dicts.setdefault(name, []).extend(strings)
            # NAME.update({...}) and NAME["key"] = "..." extend a dict
            call = stmt.value if isinstance(stmt, ast.Expr) else None
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "update"
                and isinstance(call.func.value, ast.Name)
                and call.args
            ):
                strings = _dict_strings(call.args[0])
                if strings:
                    dicts.setdefault(call.func.value.id, []).extend(strings)
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
                for target in stmt.targets:
                    if (
                        isinstance(target, ast.Subscript)
                        and isinstance(target.value, ast.Name)
                        and isinstance(stmt.value.value, str)
                    ):
                        dicts.setdefault(target.value.id, []).append(stmt.value.value)
    return dicts


def scan_file(path: str) -> tuple[dict[str, list[str]], set[str], list[str]]:
    """``(dicts, translated_names, literals)`` of one file.

    ``dicts``: module and class level dicts of strings, by name.
    ``translated_names``: names used inside the arguments of a translating call
    (``_``, ``_lt``, ``translate``, ``self.env._`` or a local alias of it), e.g.
    ``self.env._(MESSAGES[code])`` or ``translate(MESSAGES.get(code))``.
    ``literals``: strings passed to a local alias of ``self.env._`` other than
    ``_`` (Odoo's exporter sees ``_("...")`` itself).
    """
    with open(path, encoding="utf-8") as handle:
        try:
            tree = ast.parse(handle.read(), filename=path)
        except SyntaxError as error:
            # someone's work in progress: Odoo could not load it either
            print(f"WARNING: {path} skipped: {error}", file=sys.stderr)
            return {}, set(), []
    dicts = _module_dicts(tree)
    translated: set[str] = set()
    literals: list[str] = []
    scopes = [tree] + [
        n
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    for scope in scopes:
        aliases = {
            name
            for stmt in ast.walk(scope)
            if isinstance(stmt, ast.Assign) and _is_env_gettext(stmt.value)
            for name in _assigned_names(stmt)
        }
        for call in ast.walk(scope):
            if not isinstance(call, ast.Call):
                continue
            name = _call_name(call)
            if name not in TRANSLATORS | aliases:
                continue
            for arg in call.args:
                translated |= {n.id for n in ast.walk(arg) if isinstance(n, ast.Name)}
            first = call.args[0] if call.args else None
            if (
                name in aliases - {"_"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                literals.append(first.value)
    return dicts, translated, literals


def code_terms(addon_dir: str) -> dict[str, list[str]]:
    """{msgid: [occurrence "addons/<addon>/<file>"]} of the run-time terms: the
    values of the dicts whose name the addon passes to a translating call (or
    listed in EXTRA_SOURCES), and the literals given to aliases of env._."""
    addon = os.path.basename(os.path.normpath(addon_dir))
    forced = {(os.path.normpath(rel), name) for rel, name in EXTRA_SOURCES}
    scanned = []
    translated: set[str] = set()
    for root, dirs, files in os.walk(addon_dir):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and d[0] != ".")
        for fname in sorted(files):
            if fname.endswith(".py"):
                path = os.path.join(root, fname)
                rel = os.path.normpath(os.path.relpath(path, addon_dir))
                dicts, names, literals = scan_file(path)
                translated |= names
                scanned.append((rel, dicts, literals))
    terms: dict[str, list[str]] = {}
    for rel, dicts, literals in scanned:
        where = f"addons/{addon}/{rel.replace(os.sep, '/')}"
        found = list(literals)
        for name, strings in dicts.items():
            if name in translated or (rel, name) in forced:
                found += strings
        for msgid in found:
            places = terms.setdefault(msgid, [])
            if where not in places:
                places.append(where)
    return terms


# ---------------------------------------------------------------- template


def _comments(entry: polib.POEntry) -> list[str]:
    return [c for c in entry.comment.split("\n") if c] if entry.comment else []


def add_code_terms(addon_dir: str, pot: polib.POFile) -> int:
    addon = os.path.basename(os.path.normpath(addon_dir))
    added = 0
    for msgid, places in code_terms(addon_dir).items():
        entry = pot.find(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr="", comment=f"module: {addon}")
            pot.append(entry)
            added += 1
        comments = _comments(entry)
        if PYTHON_COMMENT not in comments:
            comments.append(PYTHON_COMMENT)
        module_lines = [c for c in comments if c.startswith("module")]
        others = sorted(c for c in comments if c not in module_lines)
        entry.comment = "\n".join(module_lines + others)
        have_code = any(o.startswith("code:") for o, _line in entry.occurrences)
        if not have_code:
            for where in places:
                entry.occurrences.append((f"code:{where}", "0"))
        if "%" in msgid and "python-format" not in entry.flags:
            entry.flags.append("python-format")
    pot.sort(key=lambda e: e.msgid)
    return added


def _without_dates(text: str) -> str:
    keys = "|".join(DATE_KEYS)
    return re.sub(rf'^"({keys}): .*\\n"$', "", text, flags=re.M)


def cmd_pot(addon_dir: str, exported: str, target: str) -> None:
    pot = polib.pofile(exported, wrapwidth=78)
    exported_count = len(pot)
    added = add_code_terms(addon_dir, pot)
    new_text = str(pot)
    if os.path.exists(target):
        with open(target, encoding="utf-8") as handle:
            old_text = handle.read()
        if _without_dates(old_text) == _without_dates(new_text):
            print(f"{target}: unchanged ({len(pot)} entries)")
            return
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(new_text)
    print(
        f"{target}: {len(pot)} entries ({exported_count} from Odoo's exporter, "
        f"{added} added code terms)"
    )


# ---------------------------------------------------------------- merge


def _set_header(po: polib.POFile) -> None:
    po.metadata.update(IT_METADATA)


def cmd_merge(pot_path: str, po_path: str) -> None:
    if not os.path.exists(po_path):
        po = polib.pofile(pot_path, wrapwidth=78)
        _set_header(po)
        po.header = po.header or ""
        po.save(po_path)
        print(f"{po_path}: created from {pot_path}")
        return
    msgmerge = shutil.which("msgmerge")
    if msgmerge:
        with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as tmp:
            out = tmp.name
        try:
            subprocess.run(
                [
                    msgmerge,
                    "--quiet",
                    "--no-fuzzy-matching",
                    "--no-location",
                    "--output-file",
                    out,
                    po_path,
                    pot_path,
                ],
                check=True,
            )
            # msgmerge only carries the translations over (--no-location: it
            # would rewrap Odoo's long "#:" lines); occurrences, comments and
            # flags are taken from the template below, written the way polib
            # (hence Odoo's exporter) writes them.
            merged = polib.pofile(out, wrapwidth=78)
        finally:
            os.unlink(out)
    else:
        merged = polib.pofile(po_path, wrapwidth=78)
        merged.merge(polib.pofile(pot_path))
    pot = polib.pofile(pot_path)
    by_id = {e.msgid: e for e in pot}
    for entry in merged:
        ref = by_id.get(entry.msgid)
        if ref is not None:
            entry.occurrences = list(ref.occurrences)
            entry.comment = ref.comment
            entry.flags = [f for f in entry.flags if f == "fuzzy"] + [
                f for f in ref.flags if f != "fuzzy"
            ]
    for entry in [e for e in merged if e.obsolete or e.msgid not in by_id]:
        merged.remove(entry)
    merged.sort(key=lambda e: e.msgid)
    _set_header(merged)
    merged.save(po_path)
    print(f"{po_path}: merged with {pot_path} ({len(merged)} entries)")


# ---------------------------------------------------------------- stats


def cmd_stats(paths: list[str]) -> None:
    for path in paths:
        po = polib.pofile(path)
        entries = [e for e in po if not e.obsolete]
        translated = [e for e in entries if e.msgstr and "fuzzy" not in e.flags]
        fuzzy = [e for e in entries if "fuzzy" in e.flags]
        code = [e for e in entries if PYTHON_COMMENT in _comments(e)]
        print(
            f"{path}: {len(entries)} entries, {len(translated)} translated, "
            f"{len(entries) - len(translated) - len(fuzzy)} untranslated, "
            f"{len(fuzzy)} fuzzy, "
            f"{len(code)} code terms"
        )


def main(argv: list[str]) -> None:
    if len(argv) >= 2 and argv[0] == "stats":
        cmd_stats(argv[1:])
    elif len(argv) == 4 and argv[0] == "pot":
        cmd_pot(*argv[1:])
    elif len(argv) == 3 and argv[0] == "merge":
        cmd_merge(*argv[1:])
    elif len(argv) == 2 and argv[0] == "terms":
        for msgid, places in code_terms(argv[1]).items():
            print(f"{', '.join(places)}\t{msgid!r}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
