"""Parse a partner's RDF file with safe settings, or say in one line what is wrong with it.

Nothing in a partner's file may make the parser reach outside the file or blow up in
memory, and nothing may be silently changed on the way in:

* the size is checked before a byte is parsed (default limit :data:`DEFAULT_MAX_MB`);
* the format comes from ``--format`` or the extension, and the first bytes must fit it;
* the text must be UTF-8 (Turtle, N-Triples, N-Quads, TriG and JSON-LD are UTF-8 by
  definition; an RDF/XML file that declares another encoding is refused);
* RDF/XML may not hold a DOCTYPE: entity declarations are refused before parsing (the
  "billion laughs" expansion bomb, external entities that read files or URLs), and the XML
  is checked once more by defusedxml (https://pypi.org/project/defusedxml/);
* JSON-LD is processed with a document loader that serves only the context shipped with
  the package (:mod:`cybernorms.graph.exchange.jsonld`): no remote ``@context`` is fetched, and a
  relative or malformed IRI or a key no context defines is an error, not a dropped triple;
* ``owl:imports`` are kept as triples and never followed;
* every IRI must be absolute and valid, and every typed literal's lexical form must fit
  its XSD datatype (:mod:`cybernorms.graph.checks.literals`);
* input the dataset cannot hold is :class:`Unsupported` (exit 2, like bad usage): RDF-star and RDF 1.2
  triple terms (Turtle-star ``<< >>``, N-Triples-star; https://www.w3.org/TR/rdf12-concepts/#section-triple-terms),
  which the curated graph, the SHACL engine and the reasoner have no place for, and JSON nested deeper than
  :data:`~cybernorms.graph.partners.limits.MAX_JSON_DEPTH` levels, checked before the JSON decoder runs.

Each problem is a :class:`FileRejected` whose message names the file, the line (where
there is one) and the problem. Parsing itself is pyoxigraph's (Turtle, N-Triples,
N-Quads, TriG, RDF/XML) and pyLD's (JSON-LD).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cybernorms.errors import CheckFailed, UsageError
from cybernorms.graph.partners.limits import DEFAULT_MAX_MB, MAX_JSON_DEPTH
from cybernorms.graph.checks.literals import lexical_problem
from cybernorms.graph import formats
from cybernorms.namespaces import PREFIXES

__all__ = [
    "DEFAULT_MAX_MB",
    "FORMAT_NAMES",
    "FileRejected",
    "ParsedFile",
    "Unsupported",
    "format_for",
    "parse_safely",
]

#: The name of each syntax in messages (``Turtle``, ``RDF/XML``), by short name.
FORMAT_NAMES: dict[str, str] = {syntax.name: syntax.label for syntax in formats.SYNTAXES}
_MAX_PROBLEMS = 20
_OWL_IMPORTS = PREFIXES["owl"] + "imports"
_XML_DECLARATION = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_XML_START = re.compile(r"^(<\?xml|<!DOCTYPE|<!--|<[A-Za-z_][\w.-]*:[\w.-]+[\s>/])")
_XML_POSITION = re.compile(r": line \d+, column \d+$")
_ENTITY = re.compile(r"<!ENTITY\s+(%\s+)?([^\s>]+)\s+(SYSTEM|PUBLIC)?")


class FileRejected(CheckFailed):
    """A partner file that failed safe parsing: exit code 1, one message per problem."""

    def __init__(self, path: Path, problems: list[tuple[int | None, str]]) -> None:
        self.path = path
        self.problems = problems
        lines = [_located(path, line, problem) for line, problem in problems[:_MAX_PROBLEMS]]
        if len(problems) > _MAX_PROBLEMS:
            lines.append(f"{path}: ... and {len(problems) - _MAX_PROBLEMS} more problems of the same kinds")
        super().__init__("\n".join(lines))


class Unsupported(FileRejected):
    """Input of a kind the import does not take (RDF-star, JSON nested too deep): exit code 2, one line."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        super().__init__(path, [(line, problem)])
        self.exit_code = 2


def _located(path: Path, line: int | None, problem: str) -> str:
    if not line:
        return f"{path}: {problem}"
    return f"{path}: line {line}{', ' if problem.startswith('column ') else ': '}{problem}"


@dataclass
class ParsedFile:
    """A file that passed safe parsing: its quads (graph names as the file gives them)."""

    path: Path
    format: str
    sha256: str
    size: int
    quads: list[ox.Quad]
    notices: list[str] = field(default_factory=list)
    source: str = ""
    """The document the data was taken from, as a reader of the package states it (never the file itself):
    the gate writes it into the partner graph's provenance as ``dcterms:source``."""

    @classmethod
    def of_triples(cls, path: Path, kind: str, triples: list[ox.Triple], *, source: str = "") -> ParsedFile:
        """What a reader of ``kind`` read from ``path``: its triples, fingerprinted by their canonical Turtle.

        The fingerprint is that of the Turtle the statements serialise to, so importing the same input
        again is a no-op whatever reader produced it.
        """
        from cybernorms.graph.exchange.canonical import canonical_turtle

        data = canonical_turtle(triples)
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        return cls(path, kind, hashlib.sha256(data).hexdigest(), len(data), quads, source=source)


def format_for(path: Path, given: str | None = None) -> str:
    """The format key of ``path``: ``given`` if set, else from the extension."""
    if given is not None:
        return formats.by_name(given).name
    suffix = path.suffix.lower()
    if suffix not in formats.BY_EXTENSION:
        known = ", ".join(sorted(formats.BY_EXTENSION))
        what = f"the extension {suffix!r}" if suffix else "a file without an extension"
        raise FileRejected(path, [(None, f"unknown format: cannot tell an RDF format from {what} "
                                         f"(known: {known}); name it with --format {{{','.join(formats.NAMES)}}}")])
    return formats.BY_EXTENSION[suffix]


def parse_safely(path: Path, format: str | None = None, *, max_mb: float = DEFAULT_MAX_MB) -> ParsedFile:
    """Parse ``path`` with the checks of this module; raise :class:`FileRejected` on the first failing one."""
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    size = path.stat().st_size
    if size > max_mb * 1_000_000:
        shown = f"{size / 1_000_000:,.1f} MB" if size >= 100_000 else f"{size:,} bytes"
        raise FileRejected(path, [(None, f"the file is {shown}, over the import limit of {max_mb:g} MB: "
                                         "refused before parsing (raise the limit with --max-size MB)")])
    rdf_format = format_for(path, format)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    text = _decode(path, data, rdf_format)
    _check_kind(path, text, rdf_format)
    if rdf_format == "xml":
        _check_xml(path, text)
    quads = _parse_jsonld(path, text) if rdf_format == "jsonld" else _parse_rdf(path, text, rdf_format)
    if not quads:
        raise FileRejected(path, [(None, "the file holds no triples: nothing to import")])
    _check_terms(path, text, quads)
    notices = [f"{path}: owl:imports {q.object} is kept as a triple but not fetched"
               for q in quads if q.predicate.value == _OWL_IMPORTS]
    return ParsedFile(path, rdf_format, digest, size, quads, notices)


# -- bytes and text --


def _decode(path: Path, data: bytes, rdf_format: str) -> str:
    """The file as text: UTF-8 (a BOM is dropped), else a message with the line of the bad byte."""
    declared = ""
    if rdf_format == "xml":
        match = _XML_DECLARATION.match(data.lstrip(b"\xef\xbb\xbf"))
        if match:
            declared = match.group(1).decode("ascii")
            if declared.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
                raise FileRejected(path, [(1, f"the file declares encoding {declared!r}; only UTF-8 is accepted: "
                                              f"re-save it as UTF-8 and declare encoding=\"UTF-8\"")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
        claim = (f"although the file declares encoding {declared!r}" if declared
                 else f"and {FORMAT_NAMES[rdf_format]} files are UTF-8 by definition")
        raise FileRejected(path, [(line, f"column {column}: bad encoding: byte 0x{data[start]:02X} is not valid "
                                         f"UTF-8 {claim}; the file looks like Latin-1 or Windows-1252: "
                                         f"re-save it as UTF-8")]) from None


def _kind(text: str) -> str:
    head = text.lstrip()[:200]
    if head.startswith(("{", "[")):
        return "jsonld"
    if _XML_START.match(head):
        return "xml"
    return "text"


def _check_kind(path: Path, text: str, rdf_format: str) -> None:
    """The first bytes must fit the format: catch an RDF/XML file named .ttl and the like."""
    kind = _kind(text)
    expected = rdf_format if rdf_format in ("xml", "jsonld") else "text"
    if kind == expected:
        return
    looks = {"xml": "RDF/XML (it starts with an XML tag)", "jsonld": "JSON-LD (it starts with { or [)",
             "text": "Turtle, N-Triples, N-Quads or TriG (it does not start with an XML tag or a JSON object)"}[kind]
    hint = {"xml": "xml", "jsonld": "jsonld", "text": "ttl, nt, nq or trig"}[kind]
    line = text[: len(text) - len(text.lstrip())].count("\n") + 1
    raise FileRejected(path, [(line, f"wrong format: read as {FORMAT_NAMES[rdf_format]}, but the file looks like "
                                     f"{looks}; give --format {hint}")])


# -- RDF/XML --


def _check_xml(path: Path, text: str) -> None:
    """Refuse a DOCTYPE and entity declarations before any XML parser sees them; then defusedxml."""
    doctype = text.find("<!DOCTYPE")
    if doctype >= 0:
        line = text.count("\n", 0, doctype) + 1
        entities = list(_ENTITY.finditer(text))
        external = [m for m in entities if m.group(3)]
        if external:
            name = external[0].group(2)
            problem = (f"external entity refused: <!ENTITY {name} {external[0].group(3)} ...> would make the "
                       "parser read another file or URL; remove the DOCTYPE")
            line = text.count("\n", 0, external[0].start()) + 1
        elif entities:
            problem = (f"entity declarations refused ({len(entities)} <!ENTITY> in the DOCTYPE): entities that "
                       "expand into each other are an entity-expansion bomb ('billion laughs'); remove the DOCTYPE")
        else:
            problem = "DOCTYPE refused: RDF/XML for import may not hold a document type declaration; remove it"
        raise FileRejected(path, [(line, problem)])
    import defusedxml.ElementTree as safe_tree
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    try:
        for _event in safe_tree.iterparse(io.BytesIO(text.encode("utf-8")), events=("end",),
                                          forbid_dtd=True, forbid_entities=True, forbid_external=True):
            pass
    except ParseError as error:
        line, column = error.position
        what = _truncation_hint(_XML_POSITION.sub("", str(error)))
        raise FileRejected(path, [(line, f"column {column + 1}: not well-formed XML: {what}")]) from None
    except DefusedXmlException as error:  # pragma: no cover - the text scan above catches these first
        raise FileRejected(path, [(None, f"unsafe XML refused: {error}")]) from None


# -- Turtle, N-Triples, N-Quads, TriG, RDF/XML by pyoxigraph --


def _parse_rdf(path: Path, text: str, rdf_format: str) -> list[ox.Quad]:
    try:
        quads = list(ox.parse(text.encode("utf-8"), formats.rdf_format(rdf_format)))
    except SyntaxError as error:
        star = _STAR.search(text)
        if star is not None:
            raise _star_refused(path, text, star.end() - 2, rdf_format) from None
        raise FileRejected(path, [_syntax_problem(error, rdf_format, text)]) from None
    for quad in quads:
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            star = _STAR.search(text)
            raise _star_refused(path, text, star.end() - 2 if star else None, rdf_format)
    return quads


#: The opening of a quoted triple or triple term (``<<`` or ``<<(``) where a term may start.
_STAR = re.compile(r"(?:^|[\s;,.(\[])<<")


def _star_refused(path: Path, text: str, at: int | None, rdf_format: str) -> Unsupported:
    """RDF-star input, refused in one line naming where the first quoted triple is."""
    line = text.count("\n", 0, at) + 1 if at is not None else None
    return Unsupported(path, line, f"RDF-star is not supported: the {FORMAT_NAMES[rdf_format]} file quotes a triple "
                                   "(<< ... >>), and the dataset holds only plain RDF 1.1 triples; state the "
                                   "triple itself, or describe the statement with an IRI or a blank node")


_POSITION = re.compile(r"^(?:Parser error )?at line (\d+) (?:between columns (\d+) and \d+|column (\d+)): ")


def _syntax_problem(error: SyntaxError, rdf_format: str, text: str) -> tuple[int | None, str]:
    message = re.sub(r" \(line \d+\)$", "", str(error))
    match = _POSITION.match(message)
    column = None
    if match:
        message = message[match.end():]
        column = match.group(2) or match.group(3)
    elif error.offset:
        column = str(error.offset)
    where = f"column {column}: " if column else ""
    if "IRI" in message:
        iri = _iri_at(text, error.lineno, int(column) if column else None)
        hint = " (IRIs may not hold spaces: write %20)" if "' '" in message else ""
        return error.lineno, f"{where}invalid IRI{' ' + iri if iri else ''}: {message}{hint}"
    return error.lineno, f"{where}not valid {FORMAT_NAMES[rdf_format]}: {_truncation_hint(message)}"


def _iri_at(text: str, line: int | None, column: int | None) -> str:
    """The ``<...>`` IRI at a parser's position, to quote it in the message."""
    if not line or not column:
        return ""
    lines = text.splitlines()
    if line > len(lines):
        return ""
    found = re.search(r"<[^<>\n]*>", lines[line - 1][max(column - 2, 0):])
    return found.group(0)[:200] if found else ""


def _truncation_hint(message: str) -> str:
    if re.search(r"(?i)unexpected end|end of file|no element found|unclosed|eof", message):
        return f"{message} (the file ends in the middle of a statement: is it truncated?)"
    return message


# -- JSON-LD by pyLD, fetching nothing --


def _parse_jsonld(path: Path, text: str) -> list[ox.Quad]:
    from pyld import jsonld

    from cybernorms.graph.exchange.jsonld import RemoteContextRefused, local_loader

    _check_depth(path, text)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        what = error.msg
        if error.pos >= len(text.rstrip()):
            what += " (the file ends in the middle of the document: is it truncated?)"
        raise FileRejected(path, [(error.lineno, f"column {error.colno}: not valid JSON: {what}")]) from None
    options: dict[str, Any] = {"documentLoader": local_loader, "base": None}
    try:
        expanded = jsonld.expand(document, options)
        _check_keys(path, text, document)
        _check_expanded(path, text, expanded)
        dataset = jsonld.to_rdf(expanded, options)
    except RecursionError:  # a structure the depth check lets through that the processor still recurses on
        raise Unsupported(path, None, "the JSON-LD document is nested too deeply for the JSON-LD processor: "
                                      "flatten it, e.g. one node object per entity in @graph, linked by @id") from None
    except jsonld.JsonLdError as error:
        refused = _cause(error, RemoteContextRefused)
        if refused is not None:
            raise FileRejected(path, [(_line_of(text, [json.dumps(refused.url)]),
                                       f"remote @context refused: {refused.url} is not fetched; only the context "
                                       f"shipped with cybernorms ({_context_iri()}) may be named, any other must be "
                                       "inline")]) from None
        raise FileRejected(path, [(None, f"not valid JSON-LD: {_jsonld_message(error)}")]) from None
    return list(_quads_from_pyld(dataset))


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _check_depth(path: Path, text: str) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH`, before a recursive decoder sees it."""
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = _line_at_depth(text, MAX_JSON_DEPTH + 1)
                raise Unsupported(path, line, f"JSON nested deeper than {MAX_JSON_DEPTH} levels is not supported "
                                              "(objects and arrays inside each other): flatten the document, "
                                              "e.g. one node object per entity in @graph, linked by @id")
        else:
            depth -= 1


def _line_at_depth(text: str, level: int) -> int | None:
    """The line on which the JSON text first reaches nesting ``level`` (strings blanked, lines kept)."""
    depth = 0
    blanked = _JSON_STRING.sub(lambda m: '"' + re.sub(r"[^\n]", " ", m.group()[1:-1]) + '"', text)
    for match in _JSON_BRACKET.finditer(blanked):
        depth += 1 if match.group() in "[{" else -1
        if depth >= level:
            return blanked.count("\n", 0, match.start()) + 1
    return None


def _context_iri() -> str:
    from cybernorms.graph.exchange.jsonld import CONTEXT_IRI

    return CONTEXT_IRI


def _cause(error: BaseException | None, kind: type[BaseException]) -> Any:
    seen = 0
    while error is not None and seen < 20:
        if isinstance(error, kind):
            return error
        error = getattr(error, "cause", None) or error.__cause__ or error.__context__
        seen += 1
    return None


def _jsonld_message(error: Exception) -> str:
    code = getattr(error, "code", None)
    first = str(error.args[0]) if error.args else str(error)
    return f"{first} ({code})" if code else first


def _check_keys(path: Path, text: str, document: Any) -> None:
    """A key no context defines would be dropped by JSON-LD expansion: refuse it instead."""
    defined: set[str] = set()
    has_vocab = False
    for context in _contexts(document):
        if isinstance(context, dict):
            defined.update(context)
            has_vocab = has_vocab or context.get("@vocab") is not None
        elif isinstance(context, str):
            from cybernorms.graph.exchange.jsonld import load_context

            defined.update(load_context()["@context"])
    if has_vocab:
        return
    undefined = sorted({key for key in _keys(document) if not key.startswith("@") and ":" not in key
                        and key not in defined})
    if undefined:
        raise FileRejected(path, [(_line_of(text, [json.dumps(key) + ":", json.dumps(key)]),
                                   f"the key {key!r} is defined by no @context, so JSON-LD would drop its values; "
                                   "define it in the context or use a full IRI") for key in undefined])


def _contexts(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        if "@context" in node:
            value = node["@context"]
            yield from value if isinstance(value, list) else [value]
        for key, value in node.items():
            if key != "@context":
                yield from _contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _contexts(item)


def _keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            yield key
            if key != "@value":
                yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


def _check_expanded(path: Path, text: str, expanded: Any) -> None:
    """Every IRI the expanded document holds must be absolute and valid (pyLD drops the others)."""
    problems = []
    for iri in sorted(set(_iris(expanded))):
        if iri.startswith("_:"):
            continue
        try:
            ox.NamedNode(iri)
        except ValueError as error:
            problems.append((_line_of(text, [json.dumps(iri), iri]), f"invalid IRI {iri!r}: {error}"
                             + (" (IRIs may not hold spaces: write %20)" if " " in iri else "")))
    if problems:
        raise FileRejected(path, problems)


def _iris(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _iris(item)
    elif isinstance(node, dict):
        is_value = "@value" in node
        for key, value in node.items():
            if key == "@id" and isinstance(value, str):
                yield value
            elif key == "@type":
                yield from ([value] if isinstance(value, str) else value)
            elif not key.startswith("@"):
                yield key
                yield from _iris(value)
            elif key in ("@graph", "@list", "@set", "@reverse", "@included") and not is_value:
                yield from _iris(value)


def _quads_from_pyld(dataset: dict[str, list[dict[str, Any]]]) -> Iterator[ox.Quad]:
    for graph_name, triples in dataset.items():
        graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph
        graph = ox.DefaultGraph() if graph_name == "@default" else _node({"type": _kind_of(graph_name),
                                                                            "value": graph_name})
        for triple in triples:
            yield ox.Quad(_node(triple["subject"]), _node(triple["predicate"]), _term(triple["object"]), graph)


def _kind_of(name: str) -> str:
    return "blank node" if name.startswith("_:") else "IRI"


def _node(term: dict[str, Any]) -> Any:
    return ox.BlankNode(term["value"][2:]) if term["type"] == "blank node" else ox.NamedNode(term["value"])


def _term(term: dict[str, Any]) -> Any:
    if term["type"] != "literal":
        return _node(term)
    if term.get("language"):
        return ox.Literal(term["value"], language=term["language"])
    return ox.Literal(term["value"], datatype=ox.NamedNode(term["datatype"]))


# -- what every format shares --


def _check_terms(path: Path, text: str, quads: Iterable[ox.Quad]) -> None:
    """Every typed literal's lexical form must fit its XSD datatype."""
    problems: list[tuple[int | None, str]] = []
    seen: set[tuple[str, str]] = set()
    for quad in quads:
        literal = quad.object
        if not isinstance(literal, ox.Literal) or (literal.value, literal.datatype.value) in seen:
            continue
        seen.add((literal.value, literal.datatype.value))
        problem = lexical_problem(literal.value, literal.datatype.value)
        if problem:
            needles = [str(ox.Literal(literal.value)) + "^^", str(ox.Literal(literal.value)),
                       json.dumps(literal.value), f">{literal.value}<", literal.value]
            problems.append((_line_of(text, needles),
                             f"literal does not fit its datatype: {problem} (object of {quad.predicate} "
                             f"for {quad.subject})"))
    if problems:
        raise FileRejected(path, sorted(problems, key=lambda p: (p[0] or 0, p[1])))


def _line_of(text: str, needles: Iterable[str]) -> int | None:
    """The line of the first of ``needles`` found in ``text`` (to point at a problem found after parsing)."""
    for needle in needles:
        if needle:
            index = text.find(needle)
            if index >= 0:
                return text.count("\n", 0, index) + 1
    return None
