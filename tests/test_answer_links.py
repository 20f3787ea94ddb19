"""report.answer_links: the answer block links the primary document, never a copy."""

import probation_stats as ps
from probation_stats.report.answer_links import source_markdown_link


def test_a_primary_source_is_linked_and_a_copy_only_named():
    sources = ps.load_sources()
    link = source_markdown_link("gov-omsq-2025-q2", sources)
    assert link.startswith("[Ministry of Justice, Offender management statistics quarterly: April to June 2025](https://www.gov.uk/")
    copy = sources[sources.link == "copy"]
    if len(copy):
        sid = copy.source_id.iloc[0]
        assert "](" not in source_markdown_link(sid, sources)
