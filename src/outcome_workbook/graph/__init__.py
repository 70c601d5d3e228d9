"""The outcome graph: a networkx model of the workbook, structural queries and renderers.

Submodules are imported explicitly (`graph.build`, `graph.drawing`, ...) so that code
which never draws a graph does not pay for importing networkx.
"""
