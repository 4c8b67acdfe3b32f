#!/usr/bin/env bash
# Load test of the /int API with wrk on each store the engine has: POST /int/payment (the
# create-nohook.lua body) then GET /int/payment/{id} (read.lua, one payment created with curl) against
#   sqlite  one process on a fresh DATA_DIR (SQLite);
#   pg1     one process on a fresh PostgreSQL database;
#   pg2     two processes on one fresh PostgreSQL database, on two ports, loaded at once: two wrk runs
#           side by side (-t1, half the connections each), one per port; req/s is their sum, p99 the
#           larger of the two. The first process creates the test store, the second starts once the
#           first answers /healthz and accepts the same credentials; the payment read is created on
#           the first and read on both.
# The binary of HEAD is built once (git archive, so uncommitted changes are not measured). Sides run in
# an order that alternates round by round (sqlite,pg1,pg2 then pg2,pg1,sqlite, ...), so that a machine
# shared with other work loads them alike. Each database bench_<pid>_<n> is created with psql and
# dropped afterwards. Any non-2xx answer or socket error makes the script fail. Prints every run, then
# per side the median and [min-max] of req/s and p99 for creates and reads.
# usage: handlers/api/bench/db.sh [rounds] [duration] [connections]
# env: PG (default postgres://postgres@127.0.0.1:5432) the server to create databases on;
#      SERVER_PROCS (default 2) the GOMAXPROCS of every server process.
# On a 2-core machine pg2 is not scale-out: both processes, PostgreSQL and wrk share the same 2
# cores; it shows correctness under sharing and what the coordination costs.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/../../.."
rounds=${1:-3}; dur=${2:-10s}; conns=${3:-64}
pg=${PG:-postgres://postgres@127.0.0.1:5432}
procs=${SERVER_PROCS:-2}
portA=18183; portB=18184
for c in wrk psql curl; do command -v $c >/dev/null || { echo "$c is needed" >&2; exit 1; }; done
[ $((conns % 2)) -eq 0 ] || { echo "connections must be even (pg2 splits them between two ports)" >&2; exit 1; }

tmp=$(mktemp -d); pids=(); dbs=(); n=0
psqlc() { psql "$pg/postgres?sslmode=disable" -v ON_ERROR_STOP=1 -qAtc "$1"; }
stop_servers() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
drop_dbs() {
  local d
  for d in "${dbs[@]}"; do psqlc "DROP DATABASE IF EXISTS $d WITH (FORCE)" || echo "could not drop database $d" >&2; done
  dbs=()
}
cleanup() {
  local w
  for w in $(jobs -p); do kill "$w" 2>/dev/null || true; done
  stop_servers; drop_dbs; rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

psqlc 'SELECT 1' >/dev/null || fail "cannot reach PostgreSQL at $pg"
mkdir -p "$tmp/src"
git archive HEAD | tar -x -C "$tmp/src"
(cd "$tmp/src" && go build -o "$tmp/checkout" .)
echo "HEAD $(git rev-parse --short HEAD), $rounds rounds, wrk $dur, $conns connections, GOMAXPROCS=$procs per server, $(nproc) cores"
echo "started $(date '+%F %T %Z'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

key=benchkey; secret=bench-secret-0123456789abcdef
export AUTH_B64=$(printf '%s:%s' "$key" "$secret" | base64 -w0)

start() { # start <port> <data dir> [database URL]: one server; waits for /healthz
  local log="$tmp/server-$1.log"
  DATA_DIR="$2" DATABASE_URL="${3:-}" LISTEN_ADDR=127.0.0.1:$1 LOG_LEVEL=warn STORE_API_KEY=$key \
    STORE_API_SECRET=$secret GOMAXPROCS=$procs "$tmp/checkout" >"$log" 2>&1 &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 200); do
    curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "server on port $1 exited at start"; }
    sleep 0.1
  done
  cat "$log" >&2; fail "server on port $1 did not answer /healthz within 20 s"
}
newdb() { # newdb: creates a fresh database, sets url to its URL
  n=$((n + 1)); local d="bench_$$_$n"
  psqlc "CREATE DATABASE $d" >/dev/null; dbs+=("$d")
  url="$pg/$d?sslmode=disable"
}
parse() { # parse <wrk output file>: prints "rps p99ms"; fails on non-2xx or socket errors
  local non2xx sock
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$1"); sock=$(grep 'Socket errors' "$1" || true)
  [ -z "$non2xx" ] || { cat "$1" >&2; fail "$non2xx non-2xx answers"; }
  [ -z "$sock" ] || { cat "$1" >&2; fail "$sock"; }
  awk '/^Requests\/sec/ {rps=$2}
       $1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; p99=v}
       END {if (rps == "" || p99 == "") exit 1; print rps, p99}' "$1" || { cat "$1" >&2; fail "no figures in wrk's output"; }
}
load() { # load <script> <url path> <port>...: wrk on each port at once; prints "rps p99ms" (sum, max)
  local script=$1 path=$2; shift 2
  local i=0 w=() f
  if [ $# -eq 1 ]; then
    wrk -t2 -c"$conns" -d"$dur" --latency -s "handlers/api/bench/$script" "http://127.0.0.1:$1$path" >"$tmp/wrk.0" || fail "wrk"
  else
    for p in "$@"; do
      wrk -t1 -c$((conns / $#)) -d"$dur" --latency -s "handlers/api/bench/$script" "http://127.0.0.1:$p$path" >"$tmp/wrk.$i" &
      w+=("$!"); i=$((i + 1))
    done
    for p in "${w[@]}"; do wait "$p" || fail "wrk"; done
  fi
  for f in "$tmp"/wrk.*; do parse "$f"; done | awk '{s += $1; if ($2 > m) m = $2} END {printf "%.2f %s\n", s, m}'
  rm -f "$tmp"/wrk.*
}
run() { # run <side>: fresh store, creates then reads; appends "crps cp99 rrps rp99" to $tmp/<side>.txt
  local side=$1 data="$tmp/data-$1-$r" url="" ports c rd id
  case $side in
    sqlite) start $portA "$data"; ports=($portA) ;;
    pg1) newdb; start $portA "$data" "$url"; ports=($portA) ;;
    pg2) newdb; start $portA "$data-a" "$url"; start $portB "$data-b" "$url"; ports=($portA $portB) ;;
  esac
  c=$(load create-nohook.lua /int/payment "${ports[@]}")
  id=$(curl -fs -u "$key:$secret" -X POST "http://127.0.0.1:$portA/int/payment" \
    -d '{"amount":100,"asset_id":"USD","payment_asset_id":"BTC"}' | sed -E 's/.*"payment_id":"([^"]+)".*/\1/')
  [ -n "$id" ] || fail "$side: no payment_id from the curl create"
  rd=$(load read.lua "/int/payment/$id" "${ports[@]}")
  stop_servers; drop_dbs; rm -rf "$data" "$data"-?
  read -r crps cp99 <<<"$c"; read -r rrps rp99 <<<"$rd"
  printf '%-6s round %s: creates %9.2f/s p99 %7.2f ms | reads %9.2f/s p99 %7.2f ms | load %s\n' \
    "$side" "$r" "$crps" "$cp99" "$rrps" "$rp99" "$(cut -d' ' -f1 /proc/loadavg)"
  echo "$c $rd" >>"$tmp/$side.txt"
}
for r in $(seq "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then order="sqlite pg1 pg2"; else order="pg2 pg1 sqlite"; fi
  for s in $order; do run "$s"; done
done
echo "finished $(date '+%F %T %Z'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
stat() { # stat <file> <column>: "median [min-max]"
  sort -g -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.0f [%.0f-%.0f]", m, v[1], v[NR]}'
}
statms() { sort -g -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.1f [%.1f-%.1f]", m, v[1], v[NR]}'; }
echo "side    creates/s              creates p99 ms        reads/s                reads p99 ms"
for s in sqlite pg1 pg2; do
  f="$tmp/$s.txt"
  printf '%-7s %-22s %-21s %-22s %s\n' "$s" "$(stat "$f" 1)" "$(statms "$f" 2)" "$(stat "$f" 3)" "$(statms "$f" 4)"
done
