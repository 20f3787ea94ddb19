"""Which web addresses are copies: reprints, document-sharing mirrors, aggregators and staging
sites. A source whose only address is such a copy is marked ``link = copy`` in
``data/sources.csv``; reader pages never link a copy as the source (the References page shows it
as "read in a copy at"). The validator's ``copy-marked`` rule keeps the data and this list agreeing.
"""

from __future__ import annotations

from urllib.parse import urlparse

__all__ = ["MIRROR_HOSTS", "is_copy_address"]

#: Hosts that only ever hold copies of other publishers' documents (or unpublished staging sites).
MIRROR_HOSTS = frozenset({
    # reprints of Parliament's answers and debates
    "parallelparliament.co.uk", "theyworkforyou.com", "parliamenttoday.com", "ukpol.co.uk",
    # document-sharing mirrors
    "vlex.co.uk", "readkong.com", "docslib.org", "vdocument.in", "vdocuments.net", "vdocuments.site",
    "fdocuments.us", "dokumen.tips", "zbook.org",
    # aggregators and syndication copies of newspapers and press agencies
    "aol.co.uk", "aol.com", "inkl.com", "daily8.com", "expressdigest.com", "smipo.cn", "thetrafficseo.com",
    "careappointments.com", "converseprisonnews.com", "now.sustainableactionnow.org", "blog.govnet.co.uk",
    "feeds.bbci.co.uk", "snackydog.com", "theworkoutfactory.com", "mmuperu.co.uk", "raw.githubusercontent.com",
    "reflectivepractice.info",
    # staging and prototype sites, never the published document
    "search-prototype.herokuapp.com", "dm-qa-committees-web.azurewebsites.net", "inspectorates-staging.bang-on.net",
})


def is_copy_address(url: str) -> bool:
    """True when ``url`` is on a host that only holds copies.

    >>> is_copy_address("https://www.parallelparliament.co.uk/question/3550/probation")
    True
    >>> is_copy_address("https://questions-statements.parliament.uk/written-questions/detail/2024-09-11/3550")
    False
    """
    host = urlparse(url).netloc.lower().split(":")[0]
    host = host[4:] if host.startswith("www.") else host
    return host in MIRROR_HOSTS or any(host.endswith("." + m) for m in MIRROR_HOSTS)
