"""The report: reader words, tables, charts, the fact-check page, safe output and the book's read
tracer. The top layer: it may import every other layer, and nothing outside it imports it.
Needs the ``[report]`` extra (altair) for charts.
"""
