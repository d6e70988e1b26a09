"""Exchange with partners: deterministic exports in every RDF syntax (:mod:`.export`, :mod:`.canonical`,
:mod:`.jsonld`), and the release bundle (:mod:`.bundle`) with its CSV tables (:mod:`.tables`) and VoID/DCAT
description (:mod:`.void`)."""
