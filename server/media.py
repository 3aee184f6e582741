"""Every media type the server speaks, in one table, and content negotiation over it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaType:
    name: str              # value of the ?format= parameter
    media_type: str
    kind: str              # "results" (SELECT/ASK), "rdf" (graphs), "html"
    oxigraph: str | None   # attribute of pyoxigraph.QueryResultsFormat / RdfFormat
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    boolean: bool = True   # usable for ASK results

    @property
    def content_type(self) -> str:
        text = self.kind == "html" or self.media_type.startswith("text/")
        return self.media_type + ("; charset=utf-8" if text else "")


MEDIA_TYPES: tuple[MediaType, ...] = (
    MediaType("json", "application/sparql-results+json", "results", "JSON", ("application/json",), (".srj",)),
    MediaType("xml", "application/sparql-results+xml", "results", "XML",
              ("application/xml", "text/xml"), (".srx",)),
    MediaType("csv", "text/csv", "results", "CSV", (), (".csv",), boolean=False),
    MediaType("tsv", "text/tab-separated-values", "results", "TSV", (), (".tsv",), boolean=False),
    MediaType("turtle", "text/turtle", "rdf", "TURTLE", ("application/x-turtle",), (".ttl",)),
    MediaType("ntriples", "application/n-triples", "rdf", "N_TRIPLES", ("text/plain",), (".nt",)),
    MediaType("jsonld", "application/ld+json", "rdf", "JSON_LD", ("application/json",), (".jsonld",)),
    MediaType("rdfxml", "application/rdf+xml", "rdf", "RDF_XML", ("application/xml",), (".rdf", ".owl")),
    MediaType("trig", "application/trig", "rdf", "TRIG", (), (".trig",)),
    MediaType("nquads", "application/n-quads", "rdf", "N_QUADS", (), (".nq",)),
    MediaType("html", "text/html", "html", None, ("application/xhtml+xml",), (".html",)),
)

BY_NAME = {media.name: media for media in MEDIA_TYPES}
FORMAT_SYNONYMS = {"ttl": "turtle", "nt": "ntriples", "json-ld": "jsonld", "rdf": "rdfxml",
                   "nq": "nquads", "srj": "json", "srx": "xml"}


def of_kind(*kinds: str, boolean: bool = False) -> list[MediaType]:
    return [m for m in MEDIA_TYPES if m.kind in kinds and (m.boolean or not boolean)]


def for_extension(filename: str) -> MediaType | None:
    return next((m for m in MEDIA_TYPES for ext in m.extensions if filename.endswith(ext)), None)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """(media range, q) pairs; a missing header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [field.strip() for field in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for field in fields[1:]:
            key, _, value = field.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return ranges


def _match(media: MediaType, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """(q, specificity) of the most specific range matching this type (RFC 9110 section 12.5.1)."""
    best = (0.0, -1)
    for media_range, q in ranges:
        if media_range == media.media_type:
            level = 4
        elif media_range in media.aliases:
            level = 3
        elif media_range == media.media_type.split("/")[0] + "/*":
            level = 2
        elif media_range == "*/*":
            level = 1
        else:
            continue
        if level > best[1]:
            best = (q, level)
    return best


def negotiate(accept: str | None, candidates: list[MediaType], format_param: str | None = None
              ) -> MediaType | None:
    """The candidate the client prefers (ties: table order), or None (406)."""
    if format_param:
        wanted = format_param.strip().lower()
        wanted = FORMAT_SYNONYMS.get(wanted, wanted)
        return next((m for m in candidates if wanted in (m.name, m.media_type) + m.aliases), None)
    ranges = parse_accept(accept)
    scored = [(*_match(m, ranges), -i, m) for i, m in enumerate(candidates)]
    q, _, _, media = max(scored, key=lambda item: item[:3])
    return media if q > 0 else None
