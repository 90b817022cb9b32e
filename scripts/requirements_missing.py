"""Prints the requirements of the given files that the running Python lacks.

Usage: python3 scripts/requirements_missing.py requirements.txt [...]
One requirement a line, as pip reads it (``-r`` includes are followed), for the
requirements whose distribution is absent or whose version does not match; nothing
when all are met, so that scripts/setup.sh runs pip only when there is work (and
needs no network then).
"""

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    from packaging.requirements import InvalidRequirement, Requirement
except ImportError:  # a bare Python: pip's own copy
    from pip._vendor.packaging.requirements import InvalidRequirement, Requirement


def requirement_lines(path, seen=None):
    seen = set() if seen is None else seen
    path = Path(path).resolve()
    if path in seen:
        return
    seen.add(path)
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            yield from requirement_lines(path.parent / line.split(None, 1)[1], seen)
        else:
            yield line


def is_met(line):
    try:
        requirement = Requirement(line)
    except InvalidRequirement:
        return False  # pip will say what is wrong with it
    if requirement.marker and not requirement.marker.evaluate():
        return True
    try:
        installed = version(requirement.name)
    except PackageNotFoundError:
        return False
    return requirement.specifier.contains(installed, prereleases=True)


def main(paths):
    for path in paths:
        for line in requirement_lines(path):
            if not is_met(line):
                print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
