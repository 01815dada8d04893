#!/usr/bin/env bash
# Set up a virtual environment with plansync, then serve the example
# repository in plans/ as a web view at http://localhost:8765/ (Ctrl-C stops).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e . -e plugins/plansync-bake-tracker
exec .venv/bin/plansync --repo plans serve "$@"
