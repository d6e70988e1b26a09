"""Views of the graph: networkx graphs built from query results and their pyvis pages."""
