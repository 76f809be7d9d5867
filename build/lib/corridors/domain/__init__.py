"""Vocabularies and records at the bottom of the library: the canonical record, the catalog
of corridors, nodes, segments and routes, the editor policy, where files live, how numbers
read, and the map selection as the URL carries it. Imports nothing else of corridors."""
