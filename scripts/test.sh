#!/usr/bin/env bash
# Set up a virtual environment with plansync, its first-party plugins and
# the test tools, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]' -e plugins/plansync-bake-tracker
.venv/bin/python -m pytest "$@"
