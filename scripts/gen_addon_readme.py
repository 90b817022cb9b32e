"""Writes each addon's README.rst and static/description/index.html from readme/.

The layout is the one of OCA's oca-gen-addon-readme (maintainer-tools), which is
not published on PyPI: title, "generated" banner with the digest of its sources,
badges (maturity, licence, repository), the DESCRIPTION fragment, a table of
contents, then the CONTEXT, INSTALL, CONFIGURE, USAGE, DEVELOP, ROADMAP and
HISTORY fragments, Bug Tracker, Credits (authors, CONTRIBUTORS, CREDITS,
maintainers). The fragments are Markdown (readme/*.md), as in OCA's 18.0
template; this script converts the Markdown they use (paragraphs, lists, code
blocks, inline code, emphasis, links) to reStructuredText.

Usage: python3 scripts/gen_addon_readme.py [--check] ADDON_DIR...
  --check  write nothing; exit 1 when a README.rst or index.html is not the one
           its sources give (pre-commit hook of scripts/lint.sh).
"""

import ast
import hashlib
import re
import sys
import tempfile
from pathlib import Path

from docutils.core import publish_file, publish_string

BRANCH = "18.0"
FRAGMENTS = (
    "DESCRIPTION",
    "CONTEXT",
    "INSTALL",
    "CONFIGURE",
    "USAGE",
    "DEVELOP",
    "ROADMAP",
    "HISTORY",
    "CONTRIBUTORS",
    "CREDITS",
)
SECTIONS = (
    ("CONTEXT", "Use Cases / Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
)
MATURITY = {
    "alpha": ("Alpha", "red"),
    "beta": ("Beta", "yellow"),
    "production/stable": ("Production%2FStable", "green"),
    "mature": ("Mature", "brightgreen"),
}
LICENCES = {
    "AGPL-3": "http://www.gnu.org/licenses/agpl-3.0-standalone.html",
    "LGPL-3": "http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
    "GPL-3": "http://www.gnu.org/licenses/gpl-3.0-standalone.html",
}
# pypa/readme_renderer's settings, as OCA uses them: no file insertion, no raw
# HTML, stop on any docutils warning.
RST_SETTINGS = {
    "file_insertion_enabled": False,
    "halt_level": 2,
    "math_output": "MathJax",
    "raw_enabled": False,
    "smart_quotes": True,
    "syntax_highlight": "short",
    "embed_stylesheet": True,
    "output_encoding": "utf-8",
}
GENERATED_MARK = "oca-gen-addon-readme"

# ---------------------------------------------------------------- Markdown -> RST

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_CODE = re.compile(r"`([^`]+)`")
_BULLET = re.compile(r"^(\s*)[-*+] (.*)$")
_ORDERED = re.compile(r"^(\s*)(\d+)\. (.*)$")
_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_HEADING_CHARS = "=-~^\"'"


def _inline(text):
    """Inline Markdown to RST: code spans, links; emphasis is the same."""
    parts = []
    last = 0
    for match in _CODE.finditer(text):
        parts.append(_LINK.sub(r"`\1 <\2>`__", text[last : match.start()]))
        parts.append(f"``{match.group(1)}``")
        last = match.end()
    parts.append(_LINK.sub(r"`\1 <\2>`__", text[last:]))
    return "".join(parts)


def markdown_to_rst(text):
    """The Markdown of the readme fragments as reStructuredText."""
    out = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("```"):
            language = line[3:].strip()
            out.append(f".. code:: {language}".rstrip())
            out.append("")
            index += 1
            while index < len(lines) and not lines[index].startswith("```"):
                out.append(f"   {lines[index]}".rstrip())
                index += 1
            index += 1  # closing fence
            out.append("")
            continue
        heading = _HEADING.match(line)
        if heading:
            title = _inline(heading.group(2).strip())
            char = _HEADING_CHARS[len(heading.group(1)) - 1]
            out.extend([title, char * len(title)])
            index += 1
            continue
        bullet = _BULLET.match(line)
        ordered = _ORDERED.match(line)
        if bullet:
            out.append(f"{bullet.group(1)}- {_inline(bullet.group(2))}")
        elif ordered:
            out.append(
                f"{ordered.group(1)}{ordered.group(2)}. {_inline(ordered.group(3))}"
            )
        else:
            out.append(_inline(line).rstrip())
        index += 1
    # a list needs a blank line before the paragraph that follows it, and after
    # the paragraph it follows
    result = []
    in_list = False
    for line in out:
        starts_item = bool(_BULLET.match(line) or _ORDERED.match(line))
        if starts_item and result and result[-1] and not in_list:
            result.append("")
        if line and not line.startswith(" ") and not starts_item and in_list:
            result.append("")
            in_list = False
        if starts_item:
            in_list = True
        elif not line:
            in_list = False
        result.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(result))
    return text.strip("\n") + "\n"


# ---------------------------------------------------------------- README.rst


def read_manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))


def read_fragments(addon_dir):
    fragments = {}
    for name in FRAGMENTS:
        for suffix, convert in ((".md", markdown_to_rst), (".rst", str)):
            path = addon_dir / "readme" / f"{name}{suffix}"
            if path.exists() and path.read_text(encoding="utf-8").strip():
                fragments[name] = (
                    convert(path.read_text(encoding="utf-8")).rstrip() + "\n"
                )
                break
    return fragments


# the manifest keys the README prints: a change of the data files leaves it current
README_KEYS = (
    "name",
    "author",
    "license",
    "development_status",
    "maintainers",
    "website",
)


def source_digest(addon_dir):
    """sha256 of the readme fragments and of the manifest keys the README prints."""
    digest = hashlib.sha256()
    manifest = read_manifest(addon_dir)
    digest.update(repr([(key, manifest.get(key)) for key in README_KEYS]).encode())
    for path in sorted((addon_dir / "readme").glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return f"sha256:{digest.hexdigest()}"


def _repository(manifest):
    website = manifest.get("website", "")
    match = re.match(r"https://github\.com/([^/]+)/([^/]+)", website)
    if not match:
        raise SystemExit(f"manifest website is not a GitHub repository: {website!r}")
    return match.group(1), match.group(2)


def _badges(manifest, org, repo, addon):
    badges = []
    status = manifest.get("development_status", "Beta").lower()
    if status in MATURITY:
        label, colour = MATURITY[status]
        badges.append(
            (
                f"https://img.shields.io/badge/maturity-{label}-{colour}.png",
                "https://odoo-community.org/page/development-status",
                label.replace("%2F", "/"),
            )
        )
    licence = manifest.get("license")
    if licence in LICENCES:
        badges.append(
            (
                f"https://img.shields.io/badge/licence-{licence.replace('-', '--')}"
                "-blue.png",
                LICENCES[licence],
                f"License: {licence}",
            )
        )
    badges.append(
        (
            f"https://img.shields.io/badge/github-{org.replace('-', '--')}%2F"
            f"{repo.replace('-', '--')}-lightgray.png?logo=github",
            f"https://github.com/{org}/{repo}/tree/{BRANCH}/{addon}",
            f"{org}/{repo}",
        )
    )
    return badges


def _section(title, body, underline="="):
    return f"{title}\n{underline * len(title)}\n\n{body}"


def render_readme(addon_dir):
    addon = addon_dir.name
    manifest = read_manifest(addon_dir)
    fragments = read_fragments(addon_dir)
    org, repo = _repository(manifest)
    name = manifest["name"]
    out = [
        "=" * len(name),
        name,
        "=" * len(name),
        "",
        "..",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        f"   !! This file is generated by {GENERATED_MARK} !!",
        "   !! changes will be overwritten.                   !!",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        f"   !! source digest: {source_digest(addon_dir)}",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "",
    ]
    badges = _badges(manifest, org, repo, addon)
    for number, (image, target, alt) in enumerate(badges, 1):
        out += [
            f".. |badge{number}| image:: {image}",
            f"    :target: {target}",
            f"    :alt: {alt}",
        ]
    out += ["", " ".join(f"|badge{n}|" for n in range(1, len(badges) + 1)), ""]
    out += [fragments.get("DESCRIPTION", ""), "**Table of contents**", ""]
    out += [".. contents::", "   :local:", ""]
    for key, title in SECTIONS:
        if key in fragments:
            out.append(_section(title, fragments[key]))
    issues = f"https://github.com/{org}/{repo}/issues"
    out.append(
        _section(
            "Bug Tracker",
            f"Bugs are tracked on `GitHub Issues <{issues}>`_.\n"
            "In case of trouble, please check there if your issue has already been "
            "reported.\nIf you spotted it first, help us to smash it by providing a "
            "detailed and welcomed\n"
            f"`feedback <{issues}/new?body=module:%20{addon}%0Aversion:%20{BRANCH}"
            "%0A%0A**Steps%20to%20reproduce**%0A-%20...%0A%0A**Current%20behavior**"
            "%0A%0A**Expected%20behavior**>`_.\n\n"
            "Do not contact contributors directly about support or help with "
            "technical issues.\n",
        )
    )
    out += ["Credits", "=======", ""]
    authors = [a.strip() for a in manifest.get("author", "").split(",") if a.strip()]
    if authors:
        out.append(_section("Authors", "".join(f"* {a}\n" for a in authors), "-"))
    if "CONTRIBUTORS" in fragments:
        out.append(_section("Contributors", fragments["CONTRIBUTORS"], "-"))
    if "CREDITS" in fragments:
        out.append(_section("Other credits", fragments["CREDITS"], "-"))
    out += ["Maintainers", "-----------", ""]
    maintainers = manifest.get("maintainers", [])
    if maintainers:
        for login in maintainers:
            out += [
                f".. |maintainer-{login}| image:: https://github.com/{login}.png?size=40px",
                f"    :target: https://github.com/{login}",
                f"    :alt: {login}",
            ]
        plural = "s" if len(maintainers) > 1 else ""
        out += ["", f"Current maintainer{plural}:", ""]
        out += [" ".join(f"|maintainer-{login}|" for login in maintainers), ""]
    out += [
        f"This module is part of the `{org}/{repo} "
        f"<https://github.com/{org}/{repo}/tree/{BRANCH}/{addon}>`_ project on GitHub.",
        "",
        "You are welcome to contribute.",
        "",
    ]
    return "\n".join(out)


def render_index(readme_text):
    """static/description/index.html: the README as HTML, as OCA publishes it,
    without docutils' XML declaration (Odoo 17+ warns on one in a description)."""
    html = publish_string(
        source=readme_text,
        writer_name="html4css1",
        settings_overrides=RST_SETTINGS,
    ).decode("utf-8")
    return re.sub(r"\A<\?xml[^>]*\?>\s*", "", html)


def check_rst(readme_text):
    """Fails (docutils SystemMessage) on any warning, as PyPI's renderer does."""
    with tempfile.NamedTemporaryFile("w", suffix=".rst", encoding="utf-8") as src:
        src.write(readme_text)
        src.flush()
        with tempfile.NamedTemporaryFile() as dst:
            publish_file(
                source_path=src.name,
                destination=dst,
                writer_name="html4css1",
                settings_overrides=RST_SETTINGS,
            )


def _same_source(path, current, readme):
    """The HTML's styles and generator line follow the installed docutils: in a
    check, an index.html is current when it renders this README's digest."""
    if current is None or path.suffix != ".html":
        return False
    digest = re.search(r"source digest: (sha256:[0-9a-f]+)", readme).group(1)
    return digest in current and not current.startswith("<?xml")


def main(argv):
    check = "--check" in argv
    addon_dirs = [Path(a) for a in argv if a != "--check"]
    stale = []
    for addon_dir in addon_dirs:
        if (
            not (addon_dir / "readme" / "DESCRIPTION.md").exists()
            and not (addon_dir / "readme" / "DESCRIPTION.rst").exists()
        ):
            continue
        readme = render_readme(addon_dir)
        check_rst(readme)
        targets = {
            addon_dir / "README.rst": readme,
            addon_dir / "static" / "description" / "index.html": render_index(readme),
        }
        for path, text in targets.items():
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text or (check and _same_source(path, current, readme)):
                continue
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in stale:
        verb = "is not up to date" if check else "written"
        print(f"{path}: {verb}")
    if check and stale:
        addons = " ".join(map(str, addon_dirs))
        print(f"run: python3 scripts/gen_addon_readme.py {addons}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
