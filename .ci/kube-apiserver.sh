#!/usr/bin/env bash
# A real kube-apiserver v1.20.2 for the e2e specs and the client-go bench, from nothing (docs/testing.md):
#
#   .ci/kube-apiserver.sh [--] command [args…]   build when needed, start etcd + kube-apiserver on 127.0.0.1, run
#                                                 the command with the RX_KUBE_E2E_* variables below and KUBECONFIG
#                                                 in its environment, stop both, exit with the command's status
#   .ci/kube-apiserver.sh --build                 only install, fetch and build (nothing is started)
#
# Installs Debian's golang-1.19-go and etcd-server when missing, fetches Debian 12's `kubernetes` source package
# (upstream v1.20.2 with its vendor/ tree) and builds kube-apiserver into a cache folder outside the clone, which
# later runs reuse: ${RX_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rx-kube-events/kube-1.20.2}. Needs root for apt.
#
# The command's environment:
#   RX_KUBE_E2E_KUBECONFIG          (also KUBECONFIG) the admin user (group system:masters), TLS verified by the CA
#   RX_KUBE_E2E_LIMITED_KUBECONFIG  a second token's user with no RBAC binding: authenticated, allowed nothing much
#   RX_KUBE_E2E_SERVER              https://127.0.0.1:<port>
#   RX_KUBE_E2E_CA_FILE             the CA that signed the serving certificate
#   RX_KUBE_E2E_OTHER_CA_FILE       an unrelated CA, for a client that must fail TLS verification
#   RX_KUBE_E2E_SERVER_PIDS         the pids of kube-apiserver and etcd (the bench reads their CPU time from /proc)
#   RX_KUBE_TREE                    the built source tree (GOPATH layout: $RX_KUBE_GOPATH/src/k8s.io/kubernetes)
#   RX_KUBE_GOPATH, RX_KUBE_GO      the GOPATH around it and the go binary that built it
set -euo pipefail

readonly version=v1.20.2
readonly go_bin=/usr/lib/go-1.19/bin/go
cache=${RX_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rx-kube-events/kube-1.20.2}
readonly cache
readonly gopath=$cache/gopath
readonly tree=$gopath/src/k8s.io/kubernetes
readonly bin=$cache/bin
readonly apt_lock=(-o DPkg::Lock::Timeout=900)

log() { printf 'kube-apiserver.sh: %s\n' "$*" >&2; }
die() {
  log "$*"
  exit 1
}

# --- packages ------------------------------------------------------------------------------------------------------

ensure_packages() {
  if [[ -x $go_bin ]] && command -v etcd >/dev/null && command -v openssl >/dev/null && command -v curl >/dev/null; then
    return
  fi
  log 'installing golang-1.19-go, etcd-server, openssl and curl from the Debian archive'
  apt-get "${apt_lock[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive apt-get "${apt_lock[@]}" install -y -qq --no-install-recommends \
    golang-1.19-go etcd-server ca-certificates openssl curl >/dev/null
}

# --- source --------------------------------------------------------------------------------------------------------

readonly src_entries=/etc/apt/sources.list.d/rx-kube-events-deb-src
# deb-src twins of the machine's enabled `deb` entries (one-line .list files and deb822 .sources files), so that the
# source comes from the same suites and mirrors as the machine's binaries.
write_deb_src_entries() {
  local list_files=() sources_files=()
  [[ -f /etc/apt/sources.list ]] && list_files+=(/etc/apt/sources.list)
  shopt -s nullglob
  list_files+=(/etc/apt/sources.list.d/*.list)
  sources_files=(/etc/apt/sources.list.d/*.sources)
  shopt -u nullglob
  if ((${#list_files[@]})); then
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "${list_files[@]}" >"$src_entries.list"
  fi
  if ((${#sources_files[@]})); then
    # One stanza per paragraph; keep the enabled ones whose Types include deb, as Types: deb-src.
    awk 'function flush() {
           if (stanza != "" && hasdeb && !disabled) printf "%sTypes: deb-src\n\n", stanza
           stanza = ""; hasdeb = 0; disabled = 0
         }
         /^[[:space:]]*$/ { flush(); next }
         /^#/ { next }
         tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") hasdeb = 1; next }
         tolower($1) == "enabled:" { if (tolower($2) == "no") disabled = 1 }
         { stanza = stanza $0 "\n" }
         END { flush() }' "${sources_files[@]}" >"$src_entries.sources"
  fi
}

remove_deb_src_entries() { rm -f "$src_entries.list" "$src_entries.sources"; }

# Debian 12's kubernetes source package: its orig tarball is the upstream tree with vendor/.
ensure_tree() {
  [[ -f $tree/cmd/kube-apiserver/apiserver.go ]] && return
  local download=$cache/download
  mkdir -p "$download"
  if ! compgen -G "$download/kubernetes_*.orig.tar.*" >/dev/null; then
    log 'fetching the kubernetes source package (deb-src entries are added for this and removed afterwards)'
    trap remove_deb_src_entries EXIT
    write_deb_src_entries
    apt-get "${apt_lock[@]}" update -qq
    (cd "$download" && apt-get "${apt_lock[@]}" source --download-only -qq kubernetes)
    remove_deb_src_entries
    trap - EXIT
  fi
  local tarballs=("$download"/kubernetes_*.orig.tar.*)
  log "unpacking ${tarballs[0]##*/}"
  rm -rf "$tree.partial"
  mkdir -p "$tree.partial"
  tar -xf "${tarballs[0]}" -C "$tree.partial" --strip-components=1
  patch_tree "$tree.partial"
  mv "$tree.partial" "$tree"
}

# The two source fixes v1.20.2 needs when built with Go 1.19 (see docs/testing.md).
patch_tree() {
  local root=$1
  # 1. The vendored modern-go/reflect2 v1.0.1 links reflect.mapiterinit, which since Go 1.18 fills a caller-owned
  #    iterator, but declares that iterator with only its first two fields: the runtime writes the whole struct past
  #    the allocation whenever json-iterator encodes a map. The fix is v1.0.2's: the runtime's full hiter layout.
  local link=$root/vendor/github.com/modern-go/reflect2/unsafe_link.go
  perl -0pi -e 's/type hiter struct \{\n\tkey   unsafe.Pointer[^\n]*\n\tvalue unsafe.Pointer[^\n]*\n\t\/\/ rest fields are ignored\n\}/type hiter struct {\n\tkey         unsafe.Pointer\n\tvalue       unsafe.Pointer\n\tt           unsafe.Pointer\n\th           unsafe.Pointer\n\tbuckets     unsafe.Pointer\n\tbptr        unsafe.Pointer\n\toverflow    *[]unsafe.Pointer\n\toldoverflow *[]unsafe.Pointer\n\tstartBucket uintptr\n\toffset      uint8\n\twrapped     bool\n\tB           uint8\n\ti           uint8\n\tbucket      uintptr\n\tcheckBucket uintptr\n}/' "$link"
  grep -q 'checkBucket uintptr' "$link" || die "the reflect2 fix does not apply to $link"
  # 2. The core Event strategy's ValidateUpdate takes "old" from the new object, so an update is validated against
  #    itself and events.k8s.io/v1's immutability checks never fire; upstream later used old, as here.
  local strategy=$root/pkg/registry/core/event/strategy.go
  grep -q 'oldEvent := obj.(\*api.Event)' "$strategy" || die "the Event strategy fix does not apply to $strategy"
  sed -i 's/oldEvent := obj.(\*api.Event)/oldEvent := old.(*api.Event)/' "$strategy"
}

# --- build ---------------------------------------------------------------------------------------------------------

go_env() {
  export GOPATH=$gopath GO111MODULE=off GOPROXY=off GOFLAGS= CGO_ENABLED=0 GOCACHE=$cache/gocache
  export PATH=${go_bin%/go}:$PATH
}

built() { [[ -x $bin/kube-apiserver ]] && "$bin/kube-apiserver" --version 2>/dev/null | grep -qx "Kubernetes $version"; }

ensure_build() {
  built && return
  go_env
  mkdir -p "$bin"
  cd "$tree"
  log "building openapi-gen and kube-apiserver $version in GOPATH mode under $cache (minutes; log: $cache/build.log)"
  {
    go build -o "$bin/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
    generate_openapi
    local pkg=k8s.io/kubernetes/vendor/k8s.io
    local ldflags=
    for v in "$pkg/component-base/version" "$pkg/client-go/pkg/version"; do
      ldflags+=" -X $v.gitVersion=$version -X $v.gitMajor=1 -X $v.gitMinor=20 -X $v.gitTreeState=archive"
      ldflags+=" -X $v.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    done
    go build -o "$bin/kube-apiserver.partial" -ldflags "$ldflags" ./cmd/kube-apiserver
    mv "$bin/kube-apiserver.partial" "$bin/kube-apiserver"
  } >"$cache/build.log" 2>&1 || {
    tail -n 40 "$cache/build.log" >&2
    die "the build failed; the whole log is $cache/build.log"
  }
  built || die "the built kube-apiserver does not report $version"
  cd - >/dev/null
}

# pkg/generated/openapi/zz_generated.openapi.go, as build/root/Makefile.generated_files makes it: every directory of
# the tree (staging seen as vendor/, the rest of vendor/ left out) with a file tagged +k8s:openapi-gen=.
generate_openapi() {
  local out=pkg/generated/openapi/zz_generated.openapi.go
  [[ -f $out ]] && return
  local dirs
  dirs=$(find -H . \( -path './_*' -o -path './.*' -o -path ./vendor \) -prune -o -type f -name '*.go' -print |
    sed 's|^\./staging/src/|vendor/|; s|^\./||' |
    grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' |
    xargs grep -l '^// *+k8s:' | xargs grep -l '+k8s:openapi-gen=' | xargs -n1 dirname | LC_ALL=C sort -u |
    sed 's|^|k8s.io/kubernetes/|' | paste -sd, -)
  "$bin/openapi-gen" --logtostderr -i "$dirs" -p k8s.io/kubernetes/pkg/generated/openapi -O zz_generated.openapi \
    -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt -r "$cache/openapi-violations.report"
  [[ -f $out ]] || die "openapi-gen did not write $out"
}

# --- run -----------------------------------------------------------------------------------------------------------

free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# A CA, a serving certificate it signs (SANs 127.0.0.1 and localhost), an unrelated second CA, and the
# service-account key pair.
make_certificates() {
  local dir=$1
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=rx-kube-events-e2e-ca -keyout ca.key -out ca.crt \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
    openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout serving.key -out serving.csr
    printf '%s\n' subjectAltName=IP:127.0.0.1,DNS:localhost extendedKeyUsage=serverAuth \
      keyUsage=critical,digitalSignature,keyEncipherment >serving.ext
    openssl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile serving.ext \
      -out serving.crt
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=rx-kube-events-e2e-other-ca -keyout other-ca.key \
      -out other-ca.crt -addext basicConstraints=critical,CA:TRUE
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
  ) >/dev/null 2>&1 || die "openssl could not make the certificates in $dir"
}

# write_kubeconfig <file> <server> <ca file> <user> <token>
write_kubeconfig() {
  printf '%s\n' 'apiVersion: v1' 'kind: Config' 'clusters:' '  - name: e2e' '    cluster:' "      server: $2" \
    "      certificate-authority: $3" 'users:' "  - name: $4" '    user:' "      token: $5" 'contexts:' \
    '  - name: e2e' '    context:' '      cluster: e2e' "      user: $4" '      namespace: default' \
    'current-context: e2e' >"$1"
}

etcd_pid=
apiserver_pid=
run_dir=
# Stops what start_servers started, by pid: TERM, then KILL after 10 s.
stop_servers() {
  local pid
  for pid in $apiserver_pid $etcd_pid; do
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n $run_dir ]]; then rm -rf "$run_dir"; fi
}

start_servers() {
  run_dir=$(mktemp -d "${TMPDIR:-/tmp}/rx-kube-apiserver.XXXXXX")
  trap stop_servers EXIT
  trap 'exit 130' INT TERM
  make_certificates "$run_dir"
  local etcd_client etcd_peer etcd_metrics port
  etcd_client=$(free_port) etcd_peer=$(free_port) etcd_metrics=$(free_port) port=$(free_port)
  etcd --name e2e --data-dir "$run_dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "e2e=http://127.0.0.1:$etcd_peer" --listen-metrics-urls "http://127.0.0.1:$etcd_metrics" \
    >"$run_dir/etcd.log" 2>&1 &
  etcd_pid=$!

  local admin_token limited_token
  admin_token=$(openssl rand -hex 16) limited_token=$(openssl rand -hex 16)
  printf '%s\n' "$admin_token,e2e-admin,e2e-admin,\"system:masters\"" "$limited_token,e2e-limited,e2e-limited" \
    >"$run_dir/tokens.csv"
  local issuer=https://kubernetes.default.svc.cluster.local
  "$bin/kube-apiserver" --etcd-servers="http://127.0.0.1:$etcd_client" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --insecure-port=0 --secure-port="$port" \
    --tls-cert-file="$run_dir/serving.crt" --tls-private-key-file="$run_dir/serving.key" --cert-dir="$run_dir/certs" \
    --token-auth-file="$run_dir/tokens.csv" --authorization-mode=RBAC \
    --service-account-issuer="$issuer" --api-audiences="$issuer" \
    --service-account-key-file="$run_dir/sa.pub" --service-account-signing-key-file="$run_dir/sa.key" \
    --service-cluster-ip-range=10.96.0.0/24 --endpoint-reconciler-type=none \
    >"$run_dir/kube-apiserver.log" 2>&1 &
  apiserver_pid=$!

  local server=https://127.0.0.1:$port started=$SECONDS
  log "waiting for kube-apiserver $version at $server (etcd pid $etcd_pid, kube-apiserver pid $apiserver_pid)"
  until [[ $(curl -s --cacert "$run_dir/ca.crt" -H "Authorization: Bearer $admin_token" "$server/readyz") == ok ]]; do
    if ! kill -0 "$apiserver_pid" 2>/dev/null || ! kill -0 "$etcd_pid" 2>/dev/null || ((SECONDS - started > 180)); then
      tail -n 30 "$run_dir/etcd.log" "$run_dir/kube-apiserver.log" >&2
      die 'kube-apiserver did not become ready'
    fi
    sleep 0.5
  done
  log "ready after $((SECONDS - started)) s"

  write_kubeconfig "$run_dir/admin.kubeconfig" "$server" "$run_dir/ca.crt" e2e-admin "$admin_token"
  write_kubeconfig "$run_dir/limited.kubeconfig" "$server" "$run_dir/ca.crt" e2e-limited "$limited_token"
  export KUBECONFIG=$run_dir/admin.kubeconfig RX_KUBE_E2E_KUBECONFIG=$run_dir/admin.kubeconfig
  export RX_KUBE_E2E_LIMITED_KUBECONFIG=$run_dir/limited.kubeconfig RX_KUBE_E2E_SERVER=$server
  export RX_KUBE_E2E_CA_FILE=$run_dir/ca.crt RX_KUBE_E2E_OTHER_CA_FILE=$run_dir/other-ca.crt
  export RX_KUBE_E2E_SERVER_PIDS="$apiserver_pid $etcd_pid"
  export RX_KUBE_TREE=$tree RX_KUBE_GOPATH=$gopath RX_KUBE_GO=$go_bin
}

ensure_packages
ensure_tree
ensure_build
if [[ ${1:-} == --build ]]; then
  log "built: $bin/kube-apiserver"
  exit 0
fi
[[ ${1:-} == -- ]] && shift
(($#)) || die 'usage: kube-apiserver.sh --build | [--] command [args…]'
start_servers
status=0
"$@" || status=$?
exit "$status"
