#!/usr/bin/env bash
# README command (2): installs what is missing, builds, and runs the whole
# suite (lit regression and integration tests, GoogleTest unit tests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
"$root/scripts/build.sh" mini-doc   # op, dialect and pass reference into build/docs
"$root/scripts/build.sh" check-mini
