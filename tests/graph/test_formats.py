"""The registry of RDF syntaxes: its rows agree with pyoxigraph, and every consumer accepts what it lists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from cybernorms.errors import UsageError
from cybernorms.graph import formats
from cybernorms.graph.formats import SYNTAXES, Syntax

TRIPLE = b"<urn:x:s> <urn:x:p> \"o\" .\n"


@pytest.mark.parametrize("syntax", SYNTAXES, ids=lambda s: s.name)
def test_a_row_agrees_with_pyoxigraph(syntax: Syntax) -> None:
    rdf_format = syntax.rdf_format
    assert syntax.media_type == rdf_format.media_type
    assert syntax.extension == "." + rdf_format.file_extension
    assert syntax.datasets == rdf_format.supports_datasets
    assert syntax.label == rdf_format.name
    assert ox.RdfFormat.from_media_type(syntax.media_type) == rdf_format
    assert ox.RdfFormat.from_extension(rdf_format.file_extension) == rdf_format


@pytest.mark.parametrize("syntax", SYNTAXES, ids=lambda s: s.name)
def test_names_endings_and_media_types_round_trip(syntax: Syntax) -> None:
    assert formats.by_name(syntax.name) is syntax
    assert formats.rdf_format(syntax.name) == syntax.rdf_format
    for ending in syntax.extensions:
        assert formats.by_extension(ending) is syntax
        assert formats.by_extension(ending.upper()) is syntax
        assert formats.by_extension(ending.lstrip(".")) is syntax
    for media in (syntax.media_type, *syntax.other_media_types):
        assert formats.by_media_type(media) is syntax
        assert formats.by_media_type(media.upper() + "; charset=utf-8") is syntax


def test_names_endings_and_media_types_are_unique() -> None:
    assert len(set(formats.NAMES)) == len(SYNTAXES)
    endings = [e for s in SYNTAXES for e in s.extensions]
    assert len(endings) == len(set(endings)) == len(formats.BY_EXTENSION)
    media = [m for s in SYNTAXES for m in (s.media_type, *s.other_media_types)]
    assert len(media) == len(set(media))
    aliases = [a for s in SYNTAXES for a in (s.name, *s.aliases)]
    assert len(aliases) == len(set(aliases))


def test_the_names_as_messages_list_them() -> None:
    assert formats.NAMES == ("ttl", "nt", "nq", "trig", "xml", "jsonld")
    assert formats.DATASET_NAMES == {"nq", "trig", "jsonld"}
    assert set(formats.GRAPH_ANSWER_NAMES) == {"ttl", "nt", "xml", "jsonld"}
    with pytest.raises(UsageError, match=r"unknown RDF format 'n3'; use one of ttl, nt, nq, trig, xml, jsonld"):
        formats.by_name("n3")
    assert formats.by_extension(".csv") is None and formats.by_extension("") is None
    assert formats.by_media_type("text/csv") is None


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib 7 warns about its own Dataset.parse
@pytest.mark.parametrize("syntax", SYNTAXES, ids=lambda s: s.name)
def test_rdflib_reads_what_pyoxigraph_writes_under_the_rdflib_name(syntax: Syntax) -> None:
    quad = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o"), ox.NamedNode("urn:x:g"))
    data = ox.serialize([quad] if syntax.datasets else [quad.triple], format=syntax.rdf_format) or b""
    read = rdflib.Dataset(default_union=True).parse(data=data, format=syntax.rdflib)
    assert (rdflib.URIRef("urn:x:s"), rdflib.URIRef("urn:x:p"), rdflib.Literal("o")) in read


def test_the_registry_imports_no_rdf_engine() -> None:
    code = ("import sys\nimport cybernorms.graph.formats as f\nf.NAMES, f.BY_EXTENSION\n"
            "print(sorted(m for m in ('pyoxigraph', 'rdflib') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


# -- each consumer accepts what the registry lists --


@pytest.mark.parametrize("syntax", SYNTAXES, ids=lambda s: s.name)
def test_the_store_loads_and_dumps_every_syntax(syntax: Syntax) -> None:
    from cybernorms.graph.store import OxigraphStore

    with OxigraphStore.memory() as store:
        assert store.load(TRIPLE, "nt", graph="urn:x:g") == 1
        data = store.dump(syntax.name, graph="urn:x:g")
        with OxigraphStore.memory() as again:
            assert again.load(data, syntax.name, graph="urn:x:g") == 1


def test_a_graph_answer_is_written_in_the_graph_answer_syntaxes() -> None:
    from cybernorms.graph.store import OxigraphStore

    with OxigraphStore.memory() as store:
        store.load(TRIPLE, "nt", graph="urn:x:g")
        construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        for syntax in SYNTAXES:
            if syntax.graph_answer:
                assert store.query_serialized(construct, None, syntax.name)
            else:
                with pytest.raises(UsageError, match="does not fit a CONSTRUCT or DESCRIBE query"):
                    store.query_serialized(construct, None, syntax.name)


@pytest.mark.parametrize("ending", sorted(formats.BY_EXTENSION))
def test_load_import_and_export_tell_the_syntax_from_every_ending(ending: str) -> None:
    from cybernorms.graph.exchange.export import format_from
    from cybernorms.graph.partners.safe_parse import format_for
    from cybernorms.graph.store.load import file_format

    name = formats.BY_EXTENSION[ending]
    assert file_format(Path("data" + ending)) == name
    assert file_format(Path("data" + ending + ".gz")) == name
    assert format_for(Path("data" + ending)) == name
    assert format_from(Path("data" + ending), None) == name


def test_every_syntax_is_exported_with_its_ending() -> None:
    from cybernorms.cli.exchange import FORMAT_KEYS
    from cybernorms.graph.exchange.bundle import DATA_FILES
    from cybernorms.graph.exchange.export import EXTENSIONS
    from cybernorms.graph.exchange.void import MEDIA_TYPES

    assert FORMAT_KEYS == formats.NAMES
    assert EXTENSIONS == {s.name: s.extension for s in SYNTAXES}
    assert {name: "cybernorms" + formats.by_name(name).extension for name in formats.NAMES} == DATA_FILES
    assert all(MEDIA_TYPES[s.name] == s.media_type for s in SYNTAXES)


def test_the_server_offers_every_graph_answer_syntax() -> None:
    from cybernorms.queries.results import GRAPH_FORMATS
    from cybernorms.server.negotiation import CONTENT_TYPES, GRAPH_TYPES, format_override, graph_format

    assert set(GRAPH_FORMATS) == set(formats.GRAPH_ANSWER_NAMES)
    for syntax in SYNTAXES:
        if not syntax.graph_answer:
            assert syntax.media_type not in GRAPH_TYPES
            continue
        assert CONTENT_TYPES[("graph", syntax.name)].startswith(syntax.media_type)
        for media in (syntax.media_type, *syntax.other_media_types):
            assert graph_format(None, media) == syntax.name
        for name in (syntax.name, *syntax.aliases):
            choice = format_override(name)
            assert choice is not None and choice.graph == syntax.name
