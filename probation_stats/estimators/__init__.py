"""Estimates: one module per family, each taking a DataFrame and column names and returning an
:class:`~probation_stats.estimators.results.EstimateTable`. Imports only the shared vocabulary
(never the data package, the derived tables or ``report``), so it runs on anyone's data.
"""
