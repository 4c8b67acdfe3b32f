#!/usr/bin/env bash
# Many live streams of one payment on one server process: memory per stream and the time one change
# takes to reach them all. usage: handlers/payer/bench/sse.sh [clients]
# (MAX_CONNS_PER_IP=0: the clients come from four loopback addresses, far over the per-address cap.)
set -euo pipefail
cd "$(dirname "$0")/../../.."
n=${1:-5000}
ulimit -n 20000 2>/dev/null || true
tmp=$(mktemp -d); pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/checkout" . && go build -o "$tmp/sseclients" ./handlers/payer/bench/sseclients
key=benchkey; secret=bench-secret-0123456789abcdef
DATA_DIR="$tmp/data" LISTEN_ADDR=127.0.0.1:18292 PUBLIC_URL=http://127.0.0.1:18292 LOG_LEVEL=warn \
  MAX_CONNS_PER_IP=0 STORE_API_KEY=$key STORE_API_SECRET=$secret GOGC=${GOGC:-100} "$tmp/checkout" >/dev/null & server=$!; pids+=($server)
for _ in $(seq 50); do curl -fs http://127.0.0.1:18292/healthz >/dev/null && break; sleep 0.1; done
url=$(curl -fs -u "$key:$secret" http://127.0.0.1:18292/int/payment \
  -d '{"amount":100,"asset_id":"USD","payment_asset_id":"BTC"}' | sed -E 's/.*"payment_url":"([^"]+)".*/\1/')
id=${url#*/payment/}; id=${id%%\?*}; code=${url#*code=}
curl -fs "$url" >/dev/null   # warm: the page and its first read
rss() { awk '/VmRSS/ {print $2}' /proc/$server/status; }
before=$(rss)
"$tmp/sseclients" -clients "$n" -sources 4 -hold 3s -ready-file "$tmp/ready" \
  -stream "http://127.0.0.1:18292/payment/$id/events?code=$code" \
  -trigger "http://$key:$secret@127.0.0.1:18292/int/test/payment/$id/tx" & pids+=($!)
for _ in $(seq 600); do [ -e "$tmp/ready" ] && break; sleep 0.1; done
sleep 2; after=$(rss)
echo "server RSS: ${before} KB before, ${after} KB with $n streams: $(( (after - before) / n )) KB per stream"
wait "${pids[1]}"
