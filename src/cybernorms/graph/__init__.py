"""The dataset: the store of named graphs and the build that compiles the curated data into it."""
