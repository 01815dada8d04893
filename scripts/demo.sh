#!/usr/bin/env bash
# Set up a virtual environment with plansync and its first-party plugins,
# then run the main job on the example repository in plans/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e . -e plugins/plansync-bake-tracker
.venv/bin/plansync --repo plans validate
.venv/bin/plansync --repo plans plan christmas-2026
.venv/bin/plansync --repo plans shopping christmas-2026
.venv/bin/plansync --repo plans shopping christmas-2026 --by supplier
.venv/bin/plansync --repo plans stock unsalted-butter red-satin-ribbon --lots
.venv/bin/plansync --repo plans cost christmas-2026
