"""A library user's program: must type-check with ``mypy --strict`` against citecheck."""

import citecheck

doc = citecheck.parse("paper.md")
report = citecheck.verify(doc)
for link in report.broken:
    print(link.url, link.status)
bib: str = citecheck.to_bibtex(doc)

settings = citecheck.Settings(concurrency=8, archive_lookups=False)
with citecheck.Client(settings) as client:
    again: citecheck.Report = citecheck.verify([doc], settings=settings, client=client)
status: citecheck.LinkStatus = again.links[0].status
if status is citecheck.LinkStatus.DEAD and again.links[0].archive is not None:
    snapshot: citecheck.Snapshot = again.links[0].archive
    print(snapshot.url)
