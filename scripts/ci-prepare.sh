#!/usr/bin/env bash
# Installs what the tests and the document check use, only what is missing: the DejaVu fonts the charts are drawn
# with, LibreOffice (Writer, Calc) for scripts/check-documents-libreoffice.sh, and Debian's chromium for the browser
# tests (tests/UnionReview.WebApp.BrowserTests, which fail with a clear message without it). Quiet, non-interactive, and never
# fatal: without them the chart tests say which package is missing and the document check reports it did not run.
set -u
missing=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
command -v apt-get >/dev/null 2>&1 || { echo "ci-prepare: no apt-get; missing: ${missing[*]}"; exit 0; }
echo "ci-prepare: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || echo "ci-prepare: could not install ${missing[*]}"
exit 0
