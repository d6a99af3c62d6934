#!/usr/bin/env bash
# Builds bench/client-go/main.go against client-go v1.20.2 as vendored in the kubernetes tree that
# .ci/kube-apiserver.sh unpacks (GOPATH mode, as that tree builds), and prints the binary's path. Exits 3, saying
# why, when Go or the tree is not there (run `.ci/kube-apiserver.sh --build` first).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${RX_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rx-kube-events/kube-1.20.2}
go_bin=/usr/lib/go-1.19/bin/go
tree=$cache/gopath/src/k8s.io/kubernetes
if [[ ! -x $go_bin ]] || [[ ! -f $tree/vendor/k8s.io/client-go/tools/record/event.go ]]; then
  echo "no Go 1.19 or kubernetes v1.20.2 tree under $cache (.ci/kube-apiserver.sh --build makes them)" >&2
  exit 3
fi
out=$cache/bin/client-go-bench
# Inside the tree, so that its vendor/ applies; a copy, so that the tree never points into a clone.
pkg=$tree/cmd/rx-kube-events-client-go-bench
mkdir -p "$pkg"
cp "$here/main.go" "$pkg/main.go"
cd "$tree"
GOPATH=$cache/gopath GO111MODULE=off GOPROXY=off GOFLAGS= CGO_ENABLED=0 GOCACHE=$cache/gocache \
  nice -n 10 "$go_bin" build -o "$out" ./cmd/rx-kube-events-client-go-bench
echo "$out"
