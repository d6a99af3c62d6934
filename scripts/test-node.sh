#!/usr/bin/env bash
# scripts/test-node.sh MAJOR: the whole suite (npm test: typecheck + lint + tests) on Node MAJOR with
# @kubernetes/client-node 2.x, then the consumer test (the package as published) on Node MAJOR with client-node 2.x
# and with 1.4, the two majors a user of that Node can pick. Node MAJOR comes from the npm registry (scripts/node.sh).
# client-node 2.x is installed into a scratch copy of this tree, so the repository's package.json, lock file and
# node_modules (Node 20, client-node 1.4) are never touched. The scratch copy is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
major=${1:-}
[[ "$major" =~ ^[0-9]+$ ]] || { echo "usage: scripts/test-node.sh MAJOR (e.g. 22 or 24)" >&2; exit 2; }
node=$(scripts/node.sh "$major")
export PATH="$(dirname "$node"):$PATH"
name="test:node${major}"
echo "${name}: node $(node --version), npm $(npm --version)"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rx-kube-events-node${major}.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# What git would commit (tracked and new files, not ignored ones): the tree as it stands, without node_modules or dist.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do if [[ -e "$f" ]]; then printf '%s\0' "$f"; fi; done |
    tar --null -T - -cf - | tar -xf - -C "$scratch"
else
  tar --exclude=./node_modules --exclude=./dist --exclude=./docs/api -cf - . | tar -xf - -C "$scratch"
fi
cd "$scratch"
# The lock file pins everything else; client-node is the one package replaced, in node_modules only.
npm install --no-save --no-audit --no-fund --loglevel=error '@kubernetes/client-node@^2.0.0'
version=$(node -p "require('@kubernetes/client-node/package.json').version")
[[ "$version" == 2.* ]] || { echo "${name}: expected @kubernetes/client-node 2.x, got ${version}" >&2; exit 1; }
echo "${name}: @kubernetes/client-node ${version}"
npm test
scripts/test-consumer.sh '^2.0.0'
scripts/test-consumer.sh '^1.4.0'
cd "$root"
