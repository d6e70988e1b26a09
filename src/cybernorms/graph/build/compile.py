"""Compile the curated YAML files into RDF quads, one named graph per cited passage.

A curated file is a list of *records*. Each record describes one resource (``id``) and
says where its facts come from (``source``: the id of a document record, and ``at``: the
locator in it). Every triple a record yields goes into the claim graph of its
(source, locator) pair; the provenance graph describes each claim graph. The format is
documented for curators in ``docs/curating.md``.

How a value is typed is read from the ontology, so a new kind of document or fact needs
no Python: an ``owl:ObjectProperty`` takes ids (or nested records), a datatype property
takes a literal of its ``rdfs:range``, an annotation property a plain string. A property whose values
are natural-language text (:data:`cybernorms.graph.language.NATURAL_LANGUAGE_PROPERTIES`) takes a
language-tagged literal: the record's ``lang``, else its file's, else English; one value in another
language is written ``{value: ..., lang: fr}``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from cybernorms.errors import UsageError
from cybernorms.graph.language import DEFAULT_LANGUAGE, is_natural_language
from cybernorms.namespaces import CLAIM_GRAPH_PREFIX, CN, ID, PREFIXES, PROVENANCE_GRAPH, expand

RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
RDFS_LABEL = PREFIXES["rdfs"] + "label"
XSD = PREFIXES["xsd"]
OWL = PREFIXES["owl"]
CURATORS = NamedNode(ID + "agent/cybernorms-curators")
CURATOR_SOURCE = "curator"

#: Keys of a record that are not properties of the resource.
RECORD_KEYS = frozenset({"id", "type", "at", "source", "quote", "note", "verification", "lang", "__line__"})
#: A language tag (BCP 47's shape: a primary subtag of letters, then subtags of letters and digits).
_LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*")
#: Built-in annotation properties usable without declaration in the ontology.
BUILTIN_ANNOTATIONS = frozenset(
    PREFIXES["rdfs"] + name for name in ("label", "comment", "seeAlso")
)
#: Properties whose values are always ``xsd:date`` (a year or month is stored as its first day).
DATE_PROPERTIES = frozenset({PREFIXES["dcterms"] + "date", CN + "endDate", PREFIXES["time"] + "inXSDDate"})


@dataclass(frozen=True)
class PropertyInfo:
    """How the ontology declares one property: its kind and, for data, its range."""

    kind: str  # "object", "datatype" or "annotation"
    range: str | None = None


@dataclass
class Vocabulary:
    """The properties and classes the ontology declares, read once per compile."""

    properties: dict[str, PropertyInfo] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)

    @classmethod
    def from_ontology(cls, path: Path) -> Vocabulary:
        """Read the declarations of the ontology Turtle file at ``path``."""
        vocab = cls()
        ranges: dict[str, str] = {}
        kinds = {
            OWL + "ObjectProperty": "object",
            OWL + "DatatypeProperty": "datatype",
            OWL + "AnnotationProperty": "annotation",
        }
        for triple in parse(path=str(path), format=RdfFormat.TURTLE):
            s, p, o = triple.subject, triple.predicate.value, triple.object
            if not isinstance(s, NamedNode):
                continue
            if p == RDF_TYPE.value and o.value in kinds:
                vocab.properties[s.value] = PropertyInfo(kinds[o.value])
            elif p == RDF_TYPE.value and o.value == OWL + "Class":
                vocab.classes.add(s.value)
            elif p == PREFIXES["rdfs"] + "range" and isinstance(o, NamedNode):
                ranges[s.value] = o.value
        for iri, info in vocab.properties.items():
            if info.kind == "datatype" and iri in ranges:
                vocab.properties[iri] = PropertyInfo("datatype", ranges[iri])
        for iri in BUILTIN_ANNOTATIONS:
            vocab.properties.setdefault(iri, PropertyInfo("annotation"))
        return vocab


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records each mapping's line as ``__line__``."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load_yaml(path: Path) -> dict[str, Any]:
    """Parse one curated file safely, with line numbers, or say where it is broken."""
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UsageError(f"{path}{where}: not valid YAML: {what}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise UsageError(f"{path}: a curated file is a mapping with a 'records' list")
    return data


def slug(text: str) -> str:
    """A lower-case IRI segment for ``text``: letters, digits and single hyphens."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned or "unnamed"


def resource_iri(value: str) -> str:
    """The IRI of a record id: a CURIE or an absolute IRI as is, else under ``id/``."""
    if value.startswith(("http://", "https://", "urn:")):
        return value
    prefix = value.partition(":")[0]
    if ":" in value and prefix in PREFIXES:
        return expand(value)
    return ID + value


def claim_graph_iri(source: str, locator: str) -> str:
    """The claim graph of one passage: ``graph/claim/<source>/<locator>``."""
    return f"{CLAIM_GRAPH_PREFIX}{slug(source.rsplit('/', 1)[-1])}/{slug(locator)}"


class RecordCompiler:
    """Turns the records of one file into quads, checking them against the vocabulary."""

    def __init__(self, vocab: Vocabulary, path: Path, defaults: Mapping[str, Any]) -> None:
        self.vocab = vocab
        self.path = path
        self.defaults = defaults

    def where(self, record: Mapping[str, Any]) -> str:
        return f"{self.path.name}, line {record.get('__line__', '?')}"

    def compile(self, record: Mapping[str, Any]) -> Iterator[Quad]:
        """All quads of one record: its facts in its claim graph, and the provenance."""
        if "id" not in record:
            raise UsageError(f"{self.where(record)}: a record needs an 'id'")
        source = str(record.get("source", self.defaults.get("source", "")))
        locator = str(record.get("at", self.defaults.get("at", "")))
        if not source or not locator:
            raise UsageError(
                f"{self.where(record)}: record {record['id']!r} needs a 'source' and an 'at' "
                "(locator), in the record or in the file header"
            )
        graph = NamedNode(claim_graph_iri(source, locator))
        subject = NamedNode(resource_iri(str(record["id"])))
        yield from self._provenance(graph, source, locator, record)
        yield from self._resource(subject, record, graph)

    def _provenance(
        self, graph: NamedNode, source: str, locator: str, record: Mapping[str, Any]
    ) -> Iterator[Quad]:
        meta = NamedNode(PROVENANCE_GRAPH)
        yield Quad(graph, RDF_TYPE, NamedNode(CN + "ClaimGraph"), meta)
        yield Quad(graph, NamedNode(CN + "locator"), Literal(locator), meta)
        if source == CURATOR_SOURCE:
            yield Quad(graph, NamedNode(CN + "curatorJudgement"), Literal(True), meta)
            yield Quad(graph, NamedNode(PREFIXES["prov"] + "wasAttributedTo"), CURATORS, meta)
        else:
            yield Quad(graph, NamedNode(PREFIXES["prov"] + "wasDerivedFrom"),
                       NamedNode(resource_iri(source)), meta)
        for key, prop in (("quote", "quote"), ("note", "curatorNote")):
            if record.get(key) is not None:
                yield Quad(graph, NamedNode(CN + prop), self._text(record[key], record), meta)
        verification = record.get("verification", self.defaults.get("verification"))
        if verification is not None:
            yield Quad(graph, NamedNode(CN + "verification"), Literal(str(verification).strip()), meta)

    def _language(self, record: Mapping[str, Any]) -> str:
        """The language of the record's text: its ``lang``, its file's, or English."""
        language = str(record.get("lang", self.defaults.get("lang", DEFAULT_LANGUAGE)))
        if not _LANGUAGE_TAG.fullmatch(language):
            raise UsageError(f"{self.where(record)}: lang {language!r} is not a language tag (such as en, fr, zh-Hans)")
        return language.lower()

    def _text(self, value: Any, record: Mapping[str, Any]) -> Literal:
        """A language-tagged literal: ``value`` in the record's language, or ``{value: ..., lang: ...}``."""
        if isinstance(value, Mapping):
            if "value" not in value or not set(value) <= {"value", "lang", "__line__"}:
                raise UsageError(f"{self.where(value)}: text in another language is written "
                                 "{value: ..., lang: ...}")
            return Literal(str(value["value"]).strip(), language=self._language(value))
        return Literal(str(value).strip(), language=self._language(record))

    def _resource(self, subject: NamedNode, record: Mapping[str, Any], graph: NamedNode) -> Iterator[Quad]:
        for type_name in _as_list(record.get("type", [])):
            yield Quad(subject, RDF_TYPE, NamedNode(self._class_iri(str(type_name), record)), graph)
        for key, raw in record.items():
            if key in RECORD_KEYS:
                continue
            predicate = self._property_iri(str(key), record)
            info = self.vocab.properties[predicate]
            for index, value in enumerate(_as_list(raw)):
                if is_natural_language(predicate):
                    yield Quad(subject, NamedNode(predicate), self._text(value, record), graph)
                elif isinstance(value, Mapping):
                    yield from self._nested(subject, predicate, info, value, index, graph, record)
                else:
                    obj = self._value(info, predicate, value, record)
                    yield Quad(subject, NamedNode(predicate), obj, graph)
                    if predicate in DATE_PROPERTIES:
                        yield from self._precision(subject, predicate, value, graph)

    def _nested(
        self, subject: NamedNode, predicate: str, info: PropertyInfo, value: Mapping[str, Any],
        index: int, graph: NamedNode, record: Mapping[str, Any],
    ) -> Iterator[Quad]:
        if info.kind != "object":
            raise UsageError(f"{self.where(value)}: {_short(predicate)} takes a value, not a nested record")
        local = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        child_id = value.get("id") or f"{subject.value}/{local}-{index + 1}"
        child = NamedNode(resource_iri(str(child_id)))
        yield Quad(subject, NamedNode(predicate), child, graph)
        yield from self._resource(child, value, graph)

    def _precision(self, subject: NamedNode, predicate: str, value: Any, graph: NamedNode) -> Iterator[Quad]:
        if predicate != PREFIXES["dcterms"] + "date":
            return
        precision = {4: "year", 7: "month"}.get(len(str(value)), "day")
        yield Quad(subject, NamedNode(CN + "datePrecision"), Literal(precision), graph)

    def _class_iri(self, name: str, record: Mapping[str, Any]) -> str:
        iri = name if ":" in name else CN + name
        iri = expand(iri)
        if iri not in self.vocab.classes:
            raise UsageError(
                f"{self.where(record)}: type {name!r} is not a class of the ontology"
                f"{_suggest(iri, self.vocab.classes)}"
            )
        return iri

    def _property_iri(self, key: str, record: Mapping[str, Any]) -> str:
        if key == "label":
            return RDFS_LABEL
        try:
            iri = expand(key) if ":" in key else CN + key
        except ValueError as exc:
            raise UsageError(f"{self.where(record)}: {exc}") from None
        if iri not in self.vocab.properties:
            raise UsageError(
                f"{self.where(record)}: {key!r} is not a property of the ontology"
                f"{_suggest(iri, self.vocab.properties)}"
            )
        return iri

    def _value(self, info: PropertyInfo, predicate: str, value: Any, record: Mapping[str, Any]) -> NamedNode | Literal:
        if info.kind == "object":
            if not isinstance(value, str):
                raise UsageError(f"{self.where(record)}: {_short(predicate)} takes an id, got {value!r}")
            return NamedNode(resource_iri(value))
        if info.kind == "annotation":
            return Literal(str(value).strip())
        datatype = XSD + "date" if predicate in DATE_PROPERTIES else info.range
        try:
            return typed_literal(value, datatype)
        except ValueError as exc:
            raise UsageError(f"{self.where(record)}: {_short(predicate)}: {exc}") from None


def typed_literal(value: Any, datatype: str | None) -> Literal:
    """A literal of ``datatype`` for a YAML scalar; dates may be given as YYYY or YYYY-MM."""
    if datatype == XSD + "date":
        return Literal(_date(value).isoformat(), datatype=NamedNode(datatype))
    if datatype == XSD + "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        return Literal(str(value), datatype=NamedNode(datatype))
    if datatype == XSD + "decimal":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"expected a number, got {value!r}")
        return Literal(str(value), datatype=NamedNode(datatype))
    if datatype == XSD + "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return Literal(value)
    if datatype == XSD + "anyURI":
        return Literal(uri_form(str(value).strip()), datatype=NamedNode(datatype))
    return Literal(str(value).strip())


#: Printable ASCII, kept as it is when a web address is written as a URI (``%`` included, so
#: an address that is already percent-encoded stays as it is).
_URI_SAFE = "".join(chr(code) for code in range(0x21, 0x7F))


def uri_form(address: str) -> str:
    """A web address as a URI: other characters (``é``, spaces) percent-encoded as UTF-8.

    RFC 3987's mapping of an IRI to a URI. Curators write addresses as they read them; the
    reasoner (HermiT) refuses an ``xsd:anyURI`` with a non-ASCII character, and so may
    partners' tools.
    """
    return quote(address, safe=_URI_SAFE)


def _date(value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value)
    for pattern, fmt in ((r"\d{4}", "%Y"), (r"\d{4}-\d{2}", "%Y-%m"), (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d")):
        if re.fullmatch(pattern, text):
            return _dt.datetime.strptime(text, fmt).date()
    raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _short(iri: str) -> str:
    from cybernorms.namespaces import shorten

    return shorten(iri)


def _suggest(iri: str, known: Iterable[str]) -> str:
    import difflib

    names = {_short(k): k for k in known}
    close = difflib.get_close_matches(_short(iri), list(names), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def compile_file(path: Path, vocab: Vocabulary) -> list[Quad]:
    """The quads of one curated file."""
    data = load_yaml(path)
    defaults = {k: v for k, v in data.items() if k != "records"}
    compiler = RecordCompiler(vocab, path, defaults)
    quads: list[Quad] = []
    for record in data["records"]:
        if not isinstance(record, Mapping):
            raise UsageError(f"{path.name}: every entry of 'records' is a mapping, got {record!r}")
        quads.extend(compiler.compile(record))
    return quads


def compile_directory(directory: Path, ontology: Path) -> list[Quad]:
    """The quads of every ``*.yaml`` file in ``directory``, in a stable order, deduplicated."""
    vocab = Vocabulary.from_ontology(ontology)
    seen: dict[Quad, None] = {}
    for path in sorted(directory.glob("*.yaml")):
        for quad in compile_file(path, vocab):
            seen.setdefault(quad, None)
    return list(seen)
