"""The bundled article, its manifest and registry, shipped as data of conflict_kg (see conflict_kg.resources)."""
