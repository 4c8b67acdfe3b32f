#!/usr/bin/env bash
# Many live streams on one server process: memory per stream, and the time changes take to reach
# them, in the two shapes of BENCHMARKS.md:
#   handlers/payer/bench/sse.sh one  15000   # 15,000 streams of one payment, one change to all
#   handlers/payer/bench/sse.sh many 10000   # 10,000 payments with a stream each, each changed once
# Streams open at RATE per second (default 5000; RATE=0 opens them all at once, like the reconnects
# after a restart, and then the memory figure holds the burst's request goroutines too).
# The open-file limit is raised for both processes (the server's stream cap follows it).
# SERVER_LOG=<file> keeps the server's log; SERVER_REF=<git ref> runs that ref's server instead of
# this tree's, against this tree's client (A/B).
# (MAX_CONNS_PER_IP=0: the clients come from four loopback addresses, far over the per-address cap.)
set -euo pipefail
cd "$(dirname "$0")/../../.."
shape=${1:-one}; n=${2:-5000}
case $shape in one) payments=1 ;; many) payments=$n ;; *) echo "usage: $0 one|many [streams]" >&2; exit 2 ;; esac
ulimit -n "$(( n + 4096 > 20000 ? n + 4096 : 20000 ))" 2>/dev/null || ulimit -n 20000 2>/dev/null || true
tmp=$(mktemp -d); pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$tmp"' EXIT
if [ -n "${SERVER_REF:-}" ]; then # the server of another git ref, against this tree's client (A/B)
  mkdir "$tmp/src" && git archive "$SERVER_REF" | tar -x -C "$tmp/src" && (cd "$tmp/src" && go build -o "$tmp/checkout" .)
else
  go build -o "$tmp/checkout" .
fi
go build -o "$tmp/sseclients" ./handlers/payer/bench/sseclients
key=benchkey; secret=bench-secret-0123456789abcdef
DATA_DIR="$tmp/data" LISTEN_ADDR=127.0.0.1:18292 PUBLIC_URL=http://127.0.0.1:18292 LOG_LEVEL=warn \
  MAX_CONNS_PER_IP=0 STORE_API_KEY=$key STORE_API_SECRET=$secret STREAMS_PER_IP=$n GOGC=${GOGC:-100} GODEBUG=${GODEBUG:-} "$tmp/checkout" >${SERVER_LOG:-/dev/null} 2>&1 & server=$!; pids+=($server)
for _ in $(seq 50); do curl -fs http://127.0.0.1:18292/healthz >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2}' /proc/$server/status; }
"$tmp/sseclients" -api "http://$key:$secret@127.0.0.1:18292" -clients "$n" -payments "$payments" -sources 4 -rate "${RATE:-5000}" \
  -created-file "$tmp/created" -settle 3s -ready-file "$tmp/ready" -hold ${HOLD:-3s} & pids+=($!)
for _ in $(seq 1200); do [ -e "$tmp/created" ] && break; sleep 0.1; done
sleep 2; before=$(rss)
for _ in $(seq 1200); do [ -e "$tmp/ready" ] && break; sleep 0.1; done
sleep 2; after=$(rss)
echo "server RSS: ${before} KB before the streams, ${after} KB with $n streams: $(( (after - before) / n )) KB per stream"
wait "${pids[1]}"
