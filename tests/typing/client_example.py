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

for result in again.dois:
    doi_status: citecheck.DoiStatus = result.status
    if result.registered is not None:
        registered: citecheck.RegisteredWork = result.registered
        print(registered.title, registered.year, registered.agency, result.differences)
    for notice in result.notices:
        kind: citecheck.NoticeKind = notice.kind
        print(result.doi, kind.value, notice.date, notice.source)
    if result.suggested_doi is not None:
        print("suggested:", result.suggested_doi)
broken_dois: tuple[citecheck.DoiResult, ...] = again.broken_dois
with citecheck.Client(settings) as client:
    registry = citecheck.Registry(client, mailto="editor@example.org")
    checked = citecheck.verify(doc, settings=settings, client=client, registry=registry)
    print(checked.has_broken, registry.crossref_calls)
