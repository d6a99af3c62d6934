#!/usr/bin/env bash
# The whole suite (npm test: typecheck + lint + tests) on Node 24 with @kubernetes/client-node 2.x, then the consumer
# test on that pair. Node 24 comes from the npm registry (scripts/node24.sh). client-node 2.x is installed into a
# scratch copy of this tree, so the repository's package.json, lock file and node_modules (Node 20, client-node 1.4)
# are never touched. The scratch copy is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
node24=$(scripts/node24.sh)
export PATH="$(dirname "$node24"):$PATH"
echo "test:node24: node $(node --version), npm $(npm --version)"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rx-kube-events-node24.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# What git would commit (tracked and new files, not ignored ones): the tree as it stands, without node_modules or dist.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [[ -e "$f" ]] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$scratch"
else
  tar --exclude=./node_modules --exclude=./dist --exclude=./docs/api -cf - . | tar -xf - -C "$scratch"
fi
cd "$scratch"
# The lock file pins everything else; client-node is the one package replaced, in node_modules only.
npm install --no-save --no-audit --no-fund --loglevel=error '@kubernetes/client-node@^2.0.0'
version=$(node -p "require('@kubernetes/client-node/package.json').version")
[[ "$version" == 2.* ]] || { echo "test:node24: expected @kubernetes/client-node 2.x, got ${version}" >&2; exit 1; }
echo "test:node24: @kubernetes/client-node ${version}"
npm test
scripts/test-consumer.sh '^2.0.0'
cd "$root"
