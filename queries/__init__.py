"""The example SPARQL queries, shipped as data of conflict_kg (see conflict_kg.resources)."""
