"""`python -m conflict_kg` is the `kg` command."""

from conflict_kg.cli import main

main()
