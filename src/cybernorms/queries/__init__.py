"""The named SPARQL queries (one question per ``.rq`` file) and the code that runs them."""
