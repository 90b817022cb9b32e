"""Fills the empty translations of an Italian catalogue from a JSON file.

Usage: python3 scripts/i18n_fill.py ADDON/i18n/it.po TRANSLATIONS.json

TRANSLATIONS.json maps a msgid (the English source, exactly as in the catalogue)
to its Italian msgstr. Only entries still untranslated are filled, so several
people can fill their own terms of one catalogue in turn; a value equal to its
msgid is marked "# same in Italian" (the wording is Italian on purpose). Prints
how many entries were filled and which msgids of the file the catalogue lacks.
"""

import json
import sys

import polib


def main(po_path, json_path):
    with open(json_path, encoding="utf-8") as handle:
        wanted = json.load(handle)
    catalogue = polib.pofile(po_path, wrapwidth=78)
    filled = 0
    seen = set()
    for entry in catalogue:
        if entry.msgid not in wanted:
            continue
        seen.add(entry.msgid)
        if entry.msgstr or entry.obsolete:
            continue
        entry.msgstr = wanted[entry.msgid]
        if entry.msgstr == entry.msgid and "same in Italian" not in entry.tcomment:
            entry.tcomment = "same in Italian"
        filled += 1
    catalogue.save(po_path)
    print(f"{po_path}: {filled} filled")
    for msgid in sorted(set(wanted) - seen):
        print(f"not in the catalogue: {msgid!r}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
