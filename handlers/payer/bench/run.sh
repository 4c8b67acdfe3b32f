#!/usr/bin/env bash
# Payment page (warm) vs Fiber serving a static file of the same size, both over loopback with wrk.
# usage: handlers/payer/bench/run.sh [duration] [connections]
set -euo pipefail
cd "$(dirname "$0")/../../.."
dur=${1:-10s}; conns=${2:-32}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
tmp=$(mktemp -d); pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/checkout" . && go build -o "$tmp/staticfile" ./handlers/payer/bench/staticfile
key=benchkey; secret=bench-secret-0123456789abcdef
DATA_DIR="$tmp/data" LISTEN_ADDR=127.0.0.1:18290 PUBLIC_URL=http://127.0.0.1:18290 LOG_LEVEL=warn \
  STORE_API_KEY=$key STORE_API_SECRET=$secret "$tmp/checkout" >/dev/null & pids+=($!)
for _ in $(seq 50); do curl -fs http://127.0.0.1:18290/healthz >/dev/null && break; sleep 0.1; done
url=$(curl -fs -u "$key:$secret" http://127.0.0.1:18290/int/payment \
  -d '{"amount":100,"asset_id":"USD","payment_asset_id":"BTC","description":"Order 1042"}' | sed -E 's/.*"payment_url":"([^"]+)".*/\1/')
id=${url#*/payment/}; id=${id%%\?*}
curl -fs -u "$key:$secret" "http://127.0.0.1:18290/int/test/payment/$id/tx" -d '{"amount":"0.0004"}' >/dev/null
size=$(curl -fs "$url" | wc -c)
mkdir -p "$tmp/www" && head -c "$size" /dev/urandom | base64 -w0 | head -c "$size" > "$tmp/www/page.html"
"$tmp/staticfile" -addr 127.0.0.1:18291 -dir "$tmp/www" & pids+=($!)
for _ in $(seq 50); do curl -fs http://127.0.0.1:18291/page.html >/dev/null && break; sleep 0.1; done
echo "== payment page, $size bytes: $url"
wrk -t2 -c"$conns" -d"$dur" --latency "$url" | tee "$tmp/page.txt"
echo "== static file of the same size"
wrk -t2 -c"$conns" -d"$dur" --latency http://127.0.0.1:18291/page.html | tee "$tmp/static.txt"
p=$(awk '/Requests\/sec/ {print $2}' "$tmp/page.txt"); s=$(awk '/Requests\/sec/ {print $2}' "$tmp/static.txt")
echo "ratio page/static = $(awk -v p="$p" -v s="$s" 'BEGIN {printf "%.2f", p/s}')"
