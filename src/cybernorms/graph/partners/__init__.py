"""Partners' data: safe parsing of untrusted files (:mod:`.safe_parse`), readers per input kind (RDF files, the
Paris Call supporters' CSV in :mod:`.paris_call`), and the import gate (:mod:`.gate`) that takes a partner's
triples into its own named graph only when they pass every check."""
