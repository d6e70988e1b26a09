"""The OWL ontology: the Turtle master copy, its lint checks and the reasoner run over it."""
