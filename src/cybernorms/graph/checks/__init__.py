"""Checks of data against the ontology: the SHACL shapes and their validation (:mod:`.shacl`, ``shapes.ttl``) and
the lexical forms of typed literals (:mod:`.literals`)."""
