#!/usr/bin/env bash
# Build the softlayer.support docs site, offline, from the plugins and docs/docsite:
#   antsibull-docs writes RST into .build/docs/rst, Sphinx writes HTML into .build/docs/html.
# Any Sphinx warning (an unknown reference, bad markup) fails the build.
# Usage: bash docs/build.sh        then open .build/docs/html/index.html
set -euo pipefail

DOCS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
source "$DOCS/../scripts/lib.sh"

# scripts/test has already set up the tool venv and the collection path; standalone, do it here.
if [ "${ANSIBLE_COLLECTIONS_PATH:-}" != "$BUILD/collections" ] || [ "$(command -v antsibull-docs)" != "$VENV/bin/antsibull-docs" ]; then
    bootstrap
fi

OUT="$BUILD/docs"
export SL_DOCS_BUILD_DIR="$OUT"

# Nothing here may reach the network: point every proxy variable at a closed local port,
# so that a stray download fails at once (and fails the build) instead of hanging or leaking.
offline() {
    env http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 \
        HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 no_proxy= NO_PROXY= "$@"
}

rm -rf "$OUT"
mkdir -p "$OUT/rst"
chmod 700 "$OUT/rst"  # antsibull-docs only writes into a directory no one else can write to

log "docs: stub inventory for the docs.ansible.com labels the site links to"
python "$DOCS/sphinx/stub_inventory.py" "$OUT/ansible_devel.inv"

log "docs: RST from the plugins and docs/docsite (antsibull-docs)"
offline antsibull-docs --config-file "$DOCS/sphinx/antsibull-docs.cfg" \
    collection \
    --use-current \
    --squash-hierarchy \
    --fail-on-error \
    --cleanup everything \
    --dest-dir "$OUT/rst" \
    softlayer.support

# antsibull-docs renders no event sources: their pages come from the plugins' own DOCUMENTATION/EXAMPLES.
log "docs: the Event-Driven Ansible event sources, next to the modules"
python "$DOCS/sphinx/event_sources.py" "$DOCS/.." "$OUT/rst"

log "docs: HTML (Sphinx, warnings are errors)"
offline sphinx-build -b html -c "$DOCS/sphinx" -d "$OUT/doctrees" \
    -W --keep-going -n -E -q \
    "$OUT/rst" "$OUT/html"

echo "docs site: $OUT/html/index.html"
