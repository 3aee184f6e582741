"""``kg``: a thin command line over the library (build, validate, stats, query, candidates, evaluate,
audit)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from conflict_kg.build import DEFAULT_CORPUS, DEFAULT_ONTOLOGY, DEFAULT_OUT, DEFAULT_SHAPES, BuildError, BuildOptions


def _options(corpus, ontology, shapes, reason=True, reasoner="reasonable", jobs=0, cache=None,
             use_cache=True) -> BuildOptions:
    return BuildOptions(corpus=Path(corpus), ontology=Path(ontology), shapes=Path(shapes), reason=reason,
                        reasoner=reasoner, jobs=jobs, cache=Path(cache) if cache else None, use_cache=use_cache)


corpus_option = click.option("--corpus", type=click.Path(dir_okay=False), default=str(DEFAULT_CORPUS),
                             show_default=True, help="Corpus manifest listing documents and registries.")
ontology_option = click.option("--ontology", type=click.Path(dir_okay=False), default=str(DEFAULT_ONTOLOGY),
                               show_default=True, help="OWL ontology (Turtle).")
shapes_option = click.option("--shapes", type=click.Path(dir_okay=False), default=str(DEFAULT_SHAPES),
                             show_default=True, help="SHACL shapes (Turtle).")
data_option = click.option("--data", type=click.Path(file_okay=False), default=str(DEFAULT_OUT),
                           show_default=True, help="Release folder to read.")


def release_folder(data: str) -> Path:
    """The --data folder of a command that reads a release: a usage error (exit 2), not a
    traceback, when it holds no kg.trig."""
    if not (Path(data) / "kg.trig").is_file():
        raise click.BadParameter(f"{data} holds no release (no kg.trig): run `kg build` first, "
                                 "or name a release folder", param_hint="--data")
    return Path(data)


class Commands(click.Group):
    """The kg group: an error the project raises on purpose (a class of a kg module: a missing or
    malformed input, an unreadable release) ends the command with its message, one line, exit 1;
    anything else (a bug) keeps its traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if not type(exc).__module__.startswith("conflict_kg."):
                raise
            click.echo(f"{ctx.invoked_subcommand or 'kg'} failed: {' '.join(str(exc).split())}", err=True)
            sys.exit(1)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Build, check and query the conflict knowledge graph."""


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default=str(DEFAULT_OUT), show_default=True,
              help="Release folder (a link swapped atomically to the new release).")
@corpus_option
@ontology_option
@shapes_option
@click.option("--no-reason", is_flag=True, help="Skip OWL RL inference (the inferred graph stays empty).")
@click.option("--reasoner", type=click.Choice(["reasonable", "owlrl"]), default="reasonable", show_default=True,
              help="OWL RL engine: owlrl is the reference, reasonable gives the same triples ~20x faster.")
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes building documents at once; 0: one per core.")
@click.option("--cache", type=click.Path(file_okay=False), default=None,
              help="Folder of finished units (default: .OUT.cache beside the release folder); an "
                   "unchanged document, registry or ontology is taken from it, not built again.")
@click.option("--no-cache", is_flag=True, help="Build every unit (in a scratch folder removed after).")
def build(out, corpus, ontology, shapes, no_reason, reasoner, jobs, cache, no_cache):
    """Build the graph from the corpus, validate it and publish the release."""
    from conflict_kg.build import build_release

    click.echo(f"building {corpus} -> {out}")
    try:
        result = build_release(Path(out), _options(corpus, ontology, shapes, not no_reason, reasoner, jobs, cache,
                                                   not no_cache), progress=click.echo)
    except BuildError as exc:
        click.echo(f"build failed: {exc}", err=True)
        click.echo("the previous release (if any) is untouched.", err=True)
        sys.exit(1)
    click.echo(f"{'total':<10} {result.seconds:7.3f} s")
    facts = [count for name, count in result.counts.items() if name.startswith("facts/")]
    for name in ("ontology", "registry", "facts", "provenance", "inferred", "union"):
        count = sum(facts) if name == "facts" else result.counts.get(name, 0)
        detail = f" in {len(facts)} graphs (one per document)" if name == "facts" else ""
        click.echo(f"  {name:<11} {count:>7} triples{detail}")
    click.echo(f"published {result.release} (conforms: {result.validation.conforms})")


@main.command("validate")
@data_option
@shapes_option
def validate_command(data, shapes):
    """Validate a release's kg.trig against the shapes again."""
    from conflict_kg.inspect import load_release_graph
    from conflict_kg.validate import load_shapes, validate

    graph = load_release_graph(release_folder(data))
    outcome = validate(graph, load_shapes(Path(shapes)))
    click.echo(outcome.summary())
    sys.exit(0 if outcome.conforms else 1)


@main.command()
@data_option
def stats(data):
    """Counts per class, facts without provenance, mentions and Wikidata coverage."""
    from conflict_kg.inspect import release_stats

    click.echo(release_stats(release_folder(data)))


QUERY_SUFFIXES = (".rq", ".sparql")
QUERY_TEXT = re.compile(r"[{}]|\b(SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE|WHERE)\b", re.IGNORECASE)


def looks_like_path(argument: str) -> bool:
    """A file name rather than query text: it ends with .rq or .sparql, or it holds a path
    separator and neither a brace nor a query keyword."""
    if argument.strip().lower().endswith(QUERY_SUFFIXES):
        return True
    return ("/" in argument or os.sep in argument) and not QUERY_TEXT.search(argument)


def query_text(argument: str) -> str:
    """The query a `kg query` argument names: a file's text, or the argument itself."""
    path = Path(argument)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # query text too long, or with a NUL, to be a file name
        is_file = False
    if is_file:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.UsageError(f"cannot read {argument}: {getattr(exc, 'strerror', None) or exc}") from exc
    if looks_like_path(argument):
        try:
            what = "is a folder, not a file" if path.is_dir() else "no such file"
        except (OSError, ValueError):
            what = "no such file"
        raise click.UsageError(f"{what}: {argument}" if what == "no such file" else f"{argument} {what}")
    return argument


@main.command()
@click.argument("query")
@data_option
@click.option("--format", "result_format", type=click.Choice(["table", "csv", "tsv", "json"]),
              default="table", show_default=True)
def query(query, data, result_format):
    """Run a SPARQL query (a .rq or .sparql file, or the query text) against the release.

    Exit status: 0 answered, 2 no such file or a malformed query (said with line, column and a
    caret), 1 the query failed while it ran (a SERVICE endpoint out of reach)."""
    from conflict_kg.inspect import QueryError, ReleaseError, run_query

    text = query_text(query)
    release = release_folder(data)
    try:
        click.echo(run_query(release, text, result_format))
    except QueryError as exc:
        click.echo(f"query failed: {exc}", err=True)
        sys.exit(2 if exc.malformed else 1)
    except ReleaseError as exc:
        click.echo(f"query failed: {exc}", err=True)
        sys.exit(1)


@main.command()
@corpus_option
@click.option("--limit", default=40, show_default=True, help="How many candidates to list.")
def candidates(corpus, limit):
    """Capitalised names in the text that match no registry entry, with counts (for curators)."""
    from conflict_kg.inspect import unmatched_candidates

    for name, count in unmatched_candidates(Path(corpus))[:limit]:
        click.echo(f"{count:>4}  {name}")


@main.command()
@click.option("--set", "gold_set", type=click.Choice(["main", "dev", "test"]), default="main", show_default=True,
              help="Which annotated set: its corpus (data/, data/dev/, data/test/) and gold folder "
                   "(tests/gold/, tests/gold/dev/, tests/gold/test/).")
@click.option("--corpus", type=click.Path(dir_okay=False), default=None,
              help="Corpus manifest (default: the set's).")
@click.option("--gold-dir", type=click.Path(file_okay=False), default=None,
              help="Folder of gold files <document id>.yaml (default: the set's).")
@click.option("--gold", type=click.Path(dir_okay=False), default=None,
              help="One gold file for every document (overrides --gold-dir).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--by-kind", is_flag=True, help="Also a strict recall/precision/F1 table per event (statement, "
                                              "figure, relation) kind.")
@click.option("--verbose", "-v", is_flag=True, help="Also list strict failures (with the fields that "
                                                     "disagree), missed and spurious items.")
@click.option("--second-annotation", "second_dir", type=click.Path(file_okay=False), default=None,
              help="Score a second annotation of each document (<folder>/<document id>.yaml, written blind "
                   "with the same guide and registry) in place of the extractor: how far two annotators "
                   "agree, by the same strict measure.")
def evaluate(gold_set, corpus, gold_dir, gold, as_json, by_kind, verbose, second_dir):
    """Lenient and strict precision and recall of the extractor against the hand-annotated gold files."""
    from conflict_kg.agreement import AnnotationError
    from conflict_kg.corpus import CorpusError
    from conflict_kg.document import DocumentError
    from conflict_kg.evaluate import SETS, EvaluationError, GoldError, evaluate_corpus, format_report
    from conflict_kg.registry import RegistryError

    set_corpus, set_gold_dir = SETS[gold_set]
    try:
        report = evaluate_corpus(Path(corpus or set_corpus), Path(gold) if gold else None,
                                 Path(gold_dir or set_gold_dir), Path(second_dir) if second_dir else None)
    except (CorpusError, DocumentError, RegistryError, GoldError, EvaluationError, AnnotationError) as exc:
        click.echo(f"evaluate failed: {exc}", err=True)
        sys.exit(2)
    click.echo(format_report(report, as_json, by_kind, verbose))


@main.command()
@click.option("--kind", type=click.Choice(["events", "statements", "figures", "relations"]), required=True,
              help="Which facts to sample.")
@click.option("--sample", type=click.IntRange(min=1), default=40, show_default=True, help="How many facts to draw.")
@click.option("--seed", type=int, required=True, help="Random seed: the same seed draws the same facts.")
@data_option
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Also write a YAML judging sheet (verdict and note to fill per fact).")
def audit(kind, sample, seed, data, out):
    """A reproducible random sample of extracted facts, each with its properties and source sentences."""
    from conflict_kg.audit import audit_release, format_audit, judging_sheet

    release = release_folder(data)
    drawn = audit_release(release, kind, sample, seed)
    click.echo(format_audit(drawn))
    if out:
        command = f"kg audit --kind {kind} --sample {sample} --seed {seed} --data {data} --out {out}"
        Path(out).write_text(judging_sheet(drawn, release, command), encoding="utf-8")
        click.echo(f"\njudging sheet written to {out}")


from conflict_kg.export import export  # noqa: E402  (commands of their own modules)
from conflict_kg.link import link  # noqa: E402
from conflict_kg.publish import publish_command  # noqa: E402

main.add_command(link)
main.add_command(export)
main.add_command(publish_command, "publish")

from conflict_kg.server.cli import serve  # noqa: E402  (the server package ships with kg)

main.add_command(serve, "serve")


if __name__ == "__main__":
    main()


@main.command("init")
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corpus", "manifest", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Corpus manifest to add the document to (created if missing; default: corpus.yaml beside "
                   "the document).")
@click.option("--registry", "existing", type=click.Path(exists=True, dir_okay=False, path_type=Path), multiple=True,
              help="A registry whose entries are reused when the text names them (repeatable; default: the "
                   "bundled article's registry).")
@click.option("--id", "doc_id", default=None, help="Document id (default: from the file name).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "wikitext", "html"]), default=None,
              help="The document's format (default: from its suffix, else guessed).")
@click.option("--title", default=None, help="Title (default: the document's own, else the file name).")
@click.option("--source-url", default=None, help="Where the text comes from (default: the Wikipedia URL of the title).")
@click.option("--license", "license_url", default="https://creativecommons.org/licenses/by-sa/4.0/",
              show_default=True, help="Licence of the text.")
@click.option("--attribution", default=None, help="Attribution line (default: a Wikipedia article's).")
def init(document, manifest, existing, doc_id, fmt, title, source_url, license_url, attribution):
    """Start a new document: a draft registry from its text and an entry in a corpus manifest."""
    from conflict_kg.corpus import CorpusError
    from conflict_kg.document import DocumentError
    from conflict_kg.draft import DraftError, init_document

    try:
        report = init_document(document, manifest, list(existing), doc_id, fmt, title, source_url, license_url,
                               attribution)
    except (DocumentError, CorpusError, DraftError) as exc:
        click.echo(f"kg init: {exc}", err=True)
        sys.exit(1)
    click.echo(report)


@main.command("locate")
@click.option("--registry", "registry_paths", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              multiple=True, help="Registry to locate (repeatable; default: the bundled article's).")
@click.option("--from", "sources", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="Gazetteer data: a Who's On First checkout's data/ folder of .geojson records, a Natural "
                   "Earth GeoJSON layer (populated places, countries, geography regions) or a .jsonl extract "
                   "(repeatable; default: the bundled extracts data/geo/whosonfirst.jsonl and "
                   "data/geo/naturalearth.jsonl).")
@click.option("--apply", "apply_", is_flag=True, help="Write the accepted coordinates into the registry.")
@click.option("--write-extract", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the records the registries' places could be as a compact .jsonl extract "
                   "(to ship or rerun offline).")
@click.option("--write-outlines", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the countries' and regions' polygons, simplified, as GeoJSON for the map "
                   "(needs --from checkouts' data/ folders; a Natural Earth disputed-areas layer adds the "
                   "areas given to those countries).")
def locate(registry_paths, sources, apply_, write_extract, write_outlines):
    """Propose coordinates for the registry's places from open gazetteers (written only with --apply)."""
    import datetime as dt

    from conflict_kg.build import DEFAULT_CORPUS
    from conflict_kg.geo import LICENCE, apply_locations, propose, read_records, records_for, settle_sovereigns
    from conflict_kg.geo import write_extract as extract
    from conflict_kg.registry import RegistryError, load_registry

    registry_paths = registry_paths or (DEFAULT_CORPUS.parent / "registry.yaml",)
    geo = DEFAULT_CORPUS.parent / "geo"
    sources = sources or (geo / "whosonfirst.jsonl", geo / "naturalearth.jsonl")
    try:
        registries = [load_registry(path) for path in registry_paths]
        records = settle_sovereigns([record for source in sources for record in read_records(source)])
    except (RegistryError, OSError, ValueError) as exc:
        click.echo(f"kg locate: {exc}", err=True)
        sys.exit(1)
    if write_outlines:
        from conflict_kg.geo import disputed_outlines, read_outlines
        from conflict_kg.geo import write_outlines as outlines

        countries = {record.country for record in records if record.kind == "country"}
        features = [f for source in sources if Path(source).is_dir() for f in read_outlines(source, countries)]
        features += [f for source in sources if "admin_0_disputed_areas" in Path(source).name
                     for f in disputed_outlines(source, records, countries)]
        outlines(features, write_outlines)
        click.echo(f"wrote {len(features)} outlines to {write_outlines}")
    if write_extract:  # only what these registries need: the records their places' names could be, and the countries
        click.echo(f"wrote {extract(records_for(registries, records), write_extract)} records to {write_extract}")
    for registry_path, registry in zip(registry_paths, registries, strict=True):
        if len(registry_paths) > 1:
            click.echo(f"# {registry_path}")
        proposals = list(propose(registry, records))
        for proposal in proposals:
            record = proposal.record
            where = f"{record.latitude}, {record.longitude} = {record.name} ({record.kind}, {record.country or '-'}, " \
                    f"{record.gazetteer} {record.id})" if record else "-"
            click.echo(f"{'+' if proposal.accepted else '-'} {proposal.entity.id:32} {where}  [{proposal.reason}]")
        accepted = [p for p in proposals if p.accepted]
        click.echo(f"{len(accepted)} of {len(proposals)} places a record names located; {len(records)} records read.")
        if apply_:
            located, linked = apply_locations(registry_path, proposals, dt.date.today().isoformat())
            click.echo(f"wrote coordinates for {len(located)} entities into {registry_path}, and Wikidata "
                       f"QIDs from the gazetteer's concordance for {len(linked)}")
    click.echo(LICENCE)
