"""Every UI string has an English translation (Spanish is the source language)."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def test_every_ui_string_has_an_english_translation(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--ignore-dirs", ".*", "-o", str(template), "."],
        cwd=ROOT, check=True,
    )
    with open(template, "rb") as f:
        extracted = read_po(f)
    with open(ROOT / "translations/en/LC_MESSAGES/messages.po", "rb") as f:
        english = read_po(f, locale="en")
    missing = []
    for message in extracted:
        if not message.id:
            continue
        translated = english.get(message.id)
        if translated is None or translated.fuzzy or not translated.string or (
            isinstance(translated.string, tuple) and not all(translated.string)
        ):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not missing, f"{len(missing)} strings without English (run `make translations`): {missing[:10]}"
