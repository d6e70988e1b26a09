"""The dataset: named graphs of curated facts, each with its provenance, and what is done with them.

One folder per concept, data flowing one way (see ``docs/architecture.md``):

* :mod:`cybernorms.graph.store` — the store interface, embedded or on disk (Oxigraph) or at a SPARQL endpoint;
* :mod:`cybernorms.graph.build` — curated YAML compiled into claim graphs, reasoned over, cached;
* :mod:`cybernorms.graph.checks` — SHACL shapes and lexical checks of literals;
* :mod:`cybernorms.graph.exchange` — exports, the release bundle, JSON-LD, VoID/DCAT, CSV tables;
* :mod:`cybernorms.graph.partners` — the import gate and the readers of partners' files;
* :mod:`cybernorms.graph.formats` — the one registry of RDF syntaxes; :mod:`cybernorms.graph.as_of` — the graph
  as it stood on a day; :mod:`cybernorms.graph._files` — atomic file writes.
"""
