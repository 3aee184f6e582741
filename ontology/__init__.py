"""The ontology and SHACL shapes, shipped as data of conflict_kg (see conflict_kg.resources)."""
