#!/usr/bin/env bash
# A/B load test of POST /int/payment (no webhook_url, the create-nohook.lua body) with wrk: the
# binary of a git ref (A, default main) against this branch's HEAD (B), each on a fresh data
# directory, alternated A,B then B,A round after round so that a machine shared with other work
# loads both alike. Prints every run, then the median and the range of req/s and p99 per side.
# usage: handlers/api/bench/ab.sh [ref] [rounds] [duration] [connections]
# SYNCHRONOUS=FULL builds both sides with the writer at PRAGMA synchronous=FULL instead of what
# their db.go says (NORMAL), to see what group commit does when every commit is an fsync.
# CALL=read measures GET /int/payment/{id} (read.lua, one payment created with curl) instead.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ref=${1:-main}; rounds=${2:-3}; dur=${3:-10s}; conns=${4:-64}
call=${CALL:-create}
case $call in create) unit=creates ;; read) unit=reads ;; *) echo "CALL is create or read" >&2; exit 1 ;; esac
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
tmp=$(mktemp -d); pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT

build() { # build <side> <git ref>
  mkdir -p "$tmp/$1/src"
  git archive "$2" | tar -x -C "$tmp/$1/src"
  if [ -n "${SYNCHRONOUS:-}" ]; then
    db=$tmp/$1/src/gateway/store/db.go # gateway/engine/db.go before the storage package
    [ -f "$db" ] || db=$tmp/$1/src/gateway/engine/db.go
    sed -i -E "s/synchronous\((NORMAL|FULL|OFF|EXTRA)\)/synchronous(${SYNCHRONOUS})/" "$db"
    grep -q "synchronous(${SYNCHRONOUS})" "$db" || { echo "$1: no synchronous pragma to set" >&2; exit 1; }
  fi
  (cd "$tmp/$1/src" && go build -o "$tmp/$1/checkout" .)
}
build A "$ref"; build B HEAD
echo "A = $ref ($(git rev-parse --short "$ref")), B = HEAD ($(git rev-parse --short HEAD)), synchronous=${SYNCHRONOUS:-as in db.go}"

key=benchkey; secret=bench-secret-0123456789abcdef
export AUTH_B64=$(printf '%s:%s' "$key" "$secret" | base64 -w0)
run() { # run <side>: one fresh server, one wrk run; appends "rps p99ms" to $tmp/<side>.txt
  rm -rf "$tmp/data"
  DATA_DIR="$tmp/data" LISTEN_ADDR=127.0.0.1:18182 LOG_LEVEL=warn STORE_API_KEY=$key STORE_API_SECRET=$secret \
    GOMAXPROCS=${SERVER_PROCS:-2} "$tmp/$1/checkout" >/dev/null &
  pid=$!
  for _ in $(seq 100); do curl -fs http://127.0.0.1:18182/healthz >/dev/null && break; sleep 0.1; done
  if [ "$call" = read ]; then
    id=$(curl -fs -u "$key:$secret" -X POST http://127.0.0.1:18182/int/payment \
      -d '{"amount":100,"asset_id":"USD","payment_asset_id":"BTC"}' | sed -E 's/.*"payment_id":"([^"]+)".*/\1/')
    out=$(wrk -t2 -c"$conns" -d"$dur" --latency -s handlers/api/bench/read.lua "http://127.0.0.1:18182/int/payment/$id")
  else
    out=$(wrk -t2 -c"$conns" -d"$dur" --latency -s handlers/api/bench/create-nohook.lua http://127.0.0.1:18182/int/payment)
  fi
  kill $pid; wait $pid 2>/dev/null || true; pid=
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  echo "$1 round $r: ${rps} $unit/s, p99 ${p99} ms${non2xx:+, non-2xx $non2xx}"
  echo "$rps $p99" >>"$tmp/$1.txt"
}
for r in $(seq "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then run A; run B; else run B; run A; fi
done
summary() { # summary <side>: median and range of each column
  for col in 1 2; do
    sort -n -k$col "$tmp/$1.txt" | awk -v c=$col '{v[NR]=$c} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%s [%s..%s]", m, v[1], v[NR]}'
    [ $col -eq 1 ] && printf " %s/s, p99 " "$unit" || printf " ms\n"
  done
}
echo "A ($ref): $(summary A)"
echo "B (HEAD): $(summary B)"
paste "$tmp/A.txt" "$tmp/B.txt" | awk '{print $3/$1}' | sort -n | awk -v u="$unit" '{v[NR]=$1} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "B/A %s/s per round: median %.2f [%.2f..%.2f]\n", u, m, v[1], v[NR]}'
