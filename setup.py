"""Builds compile the translation catalogues, so every install path serves the Vietnamese pages.

The .po sources are in git; the compiled .mo files are not. Each build (wheel, sdist-to-wheel, editable
install, the image) writes the .mo beside its .po before the package data is collected.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def compile_catalogues() -> list[Path]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(ROOT.glob("*/locale/*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name, abort_invalid=True)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)  # fuzzy entries are left out, as msgfmt does
        written.append(mo_path)
    return written


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        if not compile_catalogues():
            raise SystemExit("no translation catalogue found to compile")
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogues})
