#!/usr/bin/env bash
# Installs the ops UI's pinned npm packages (when missing or older than the lockfile) and bundles them into
# ui/target/web (build.mjs). Called by ui/pom.xml in generate-resources, so every Maven build of the ui module has it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v node >/dev/null 2>&1 || { echo "ui/web/build.sh: Node.js is needed to bundle the ops UI (apt-get install nodejs npm)" >&2; exit 1; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi
node build.mjs "$@"
