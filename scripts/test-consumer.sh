#!/usr/bin/env bash
# The package as published, used as a user would: `npm pack` this tree, install the tarball into a fresh project with
# the README's install line (rxjs and @kubernetes/client-node as the user's own dependencies), check that the project
# ends up with ONE client-node, type-check every TypeScript block of README.md and docs/*.md and an example under a
# strict consumer tsconfig, then run the example against the fake API server from `rx-kube-events/testing`.
#
#   scripts/test-consumer.sh [client-node range]   (default ^1.4.0; client-node 2.x needs Node ≥ 22.19)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
range=${1:-^1.4.0}
node_major=$(node -p 'process.versions.node.split(".")[0]')
work=$(mktemp -d "${TMPDIR:-/tmp}/rx-kube-events-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "test:consumer: node $(node --version), @kubernetes/client-node@${range}, in ${work}"

# prepack builds dist/ first.
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
app="$work/app"
mkdir -p "$app"
cd "$app"
printf '{ "name": "consumer", "private": true, "type": "module" }\n' >package.json
npm() { command npm --no-audit --no-fund --loglevel=error "$@"; }
# The README's install line, with the tarball standing for `rx-kube-events`.
npm install "$work/$tarball" rxjs "@kubernetes/client-node@${range}"
# The user's own toolchain: the TypeScript this repository supports, Node's types, and a test runner for the test
# snippets of the guides.
npm install --save-dev typescript@~5.9.3 "@types/node@^${node_major}" vitest@^4

copies=$(command npm ls @kubernetes/client-node --all --parseable | sort -u | grep -c . || true)
if [[ "$copies" != 1 ]]; then
  command npm ls @kubernetes/client-node --all >&2 || true
  echo "test:consumer: expected one @kubernetes/client-node in the project, found ${copies}" >&2
  exit 1
fi
echo "test:consumer: one @kubernetes/client-node ($(node -p "require('@kubernetes/client-node/package.json').version"))"

node "$root/scripts/doc-blocks.mjs" docs "$root/README.md" "$root"/docs/*.md
mkdir -p examples && cp "$root"/examples/*.ts examples/
# skipLibCheck as most projects have it: client-node 1.4's own typings need @types/ws, which it does not depend on.
cat >tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "types": ["node"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "noPropertyAccessFromIndexSignature": true,
    "noImplicitOverride": true,
    "noImplicitReturns": true,
    "verbatimModuleSyntax": true,
    "isolatedModules": true,
    "skipLibCheck": true,
    "outDir": "out",
    "rootDir": "."
  },
  "include": ["docs", "examples"]
}
JSON
npx tsc -p tsconfig.json
echo "test:consumer: $(ls docs | wc -l) doc blocks and $(ls examples | wc -l) examples compile"

out=$(KUBECONFIG='' node out/examples/record-to-cluster.js)
echo "$out" | tail -n 2
grep -q 'written 5, skipped 0, failed 0, dropped 0' <<<"$out" || {
  echo 'test:consumer: the example did not write its 5 events to the fake API server' >&2
  exit 1
}
echo "test:consumer: passed"
