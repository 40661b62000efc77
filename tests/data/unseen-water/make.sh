#!/bin/sh
# Make the unseen test paper in the formats real producers write (run in this folder).
# Needs pandoc and LibreOffice; the tests only read what this script wrote.
#   paper.docx, paper.tex (standalone, \footnote, \url/\href, \emph), paper.pandoc.html: pandoc
#   paper.odt, paper.libreoffice.html: LibreOffice headless, from paper.docx
set -eu
pandoc paper.md -o paper.docx
pandoc paper.md -s -o paper.tex
pandoc paper.md -s -o paper.pandoc.html
out=$(mktemp -d)
soffice --headless --convert-to odt --outdir "$out" paper.docx >/dev/null
soffice --headless --convert-to html --outdir "$out" paper.docx >/dev/null
mv "$out/paper.odt" paper.odt
mv "$out/paper.html" paper.libreoffice.html
rm -rf "$out"
