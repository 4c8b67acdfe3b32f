#!/usr/bin/env bash
# Load test of the /int API over loopback against the SQLite engine, with wrk.
# usage: handlers/api/bench/run.sh [duration] [connections]
# Prints wrk's summary (req/s, latency percentiles) for POST /int/payment and GET /int/payment/{id}.
set -euo pipefail
cd "$(dirname "$0")/../../.."
dur=${1:-15s}; conns=${2:-64}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
tmp=$(mktemp -d); trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/checkout" .
key=benchkey; secret=bench-secret-0123456789abcdef
export AUTH_B64=$(printf '%s:%s' "$key" "$secret" | base64 -w0)
DATA_DIR="$tmp/data" LISTEN_ADDR=127.0.0.1:18181 LOG_LEVEL=warn STORE_API_KEY=$key STORE_API_SECRET=$secret \
  GOMAXPROCS=${SERVER_PROCS:-2} "$tmp/checkout" >/dev/null &
pid=$!
for _ in $(seq 50); do curl -fs http://127.0.0.1:18181/healthz >/dev/null && break; sleep 0.1; done
echo "== POST /int/payment without webhook_url ($dur, $conns connections)"
wrk -t2 -c"$conns" -d"$dur" --latency -s handlers/api/bench/create-nohook.lua http://127.0.0.1:18181/int/payment
echo "== POST /int/payment with webhook_url: each payment.open is also delivered ($dur, $conns connections)"
wrk -t2 -c"$conns" -d"$dur" --latency -s handlers/api/bench/create.lua http://127.0.0.1:18181/int/payment
id=$(curl -fs -u "$key:$secret" -X POST http://127.0.0.1:18181/int/payment \
  -d '{"amount":100,"asset_id":"USD","payment_asset_id":"BTC"}' | sed -E 's/.*"payment_id":"([^"]+)".*/\1/')
echo "== GET /int/payment/{id} ($dur, $conns connections)"
wrk -t2 -c"$conns" -d"$dur" --latency -s handlers/api/bench/read.lua "http://127.0.0.1:18181/int/payment/$id"
