"""The build: the curated YAML compiled into one claim graph per cited passage (:mod:`.compile`), the reasoner's
inferences written into their own graph (:mod:`.inferred`), and the built dataset cached by a hash of everything
that goes into it (:mod:`.dataset`)."""
