"""Paths the build tests share (a plain module: several conftest.py files exist, so tests do not
import from `conftest`)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ARTICLE = DATA / "2023-azerbaijani-offensive-in-nagorno-karabakh.txt"
GENERALITY = Path(__file__).resolve().parent / "data" / "generality"
