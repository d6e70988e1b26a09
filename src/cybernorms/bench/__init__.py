"""The benchmark (:mod:`.run`: load, named queries, reasoning, memory, rdflib for comparison) and the generator of
synthetic graphs of any size it measures on (:mod:`.synth`)."""
