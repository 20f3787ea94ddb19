"""Research tables derived from the data package, in the data's own terms.

Facts (one row per fact from the statement-level evidence), rating coverage, PDU summaries, claim
checks, the gap list and unit profiles. Imports the data package and the shared vocabulary; never
``report``.
"""
