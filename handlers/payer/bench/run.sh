#!/usr/bin/env bash
# The warm payment page against the same server's own content-hashed stylesheet, with the headers a
# browser sends, over loopback with wrk. For each Accept-Encoding (none, gzip, what browsers send)
# the two targets alternate, round after round, so both see the same machine load; the script prints
# each round and the medians with their spread (min–max) and the ratio of the medians.
# usage: handlers/payer/bench/run.sh [duration] [connections] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../../.."
dur=${1:-5s}; conns=${2:-32}; rounds=${3:-3}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
tmp=$(mktemp -d); pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/checkout" .
key=benchkey; secret=bench-secret-0123456789abcdef; base=http://127.0.0.1:18290
DATA_DIR="$tmp/data" LISTEN_ADDR=127.0.0.1:18290 PUBLIC_URL=$base LOG_LEVEL=warn \
  STORE_API_KEY=$key STORE_API_SECRET=$secret "$tmp/checkout" >/dev/null & pids+=($!)
for _ in $(seq 50); do curl -fs $base/healthz >/dev/null && break; sleep 0.1; done
url=$(curl -fs -u "$key:$secret" $base/int/payment \
  -d '{"amount":100,"asset_id":"USD","payment_asset_id":"BTC","description":"Order 1042"}' | sed -E 's/.*"payment_url":"([^"]+)".*/\1/')
id=${url#*/payment/}; id=${id%%\?*}
curl -fs -u "$key:$secret" "$base/int/test/payment/$id/tx" -d '{"amount":"0.0004"}' >/dev/null # partially paid: the fullest screen
css=$base$(curl -fs "$url" | grep -oE '/static/checkout\.[0-9a-f]+\.css' | head -1)
ua='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'
browser=(-H "User-Agent: $ua" -H "Accept-Language: en-US,en;q=0.9")
size() { curl -fs -o /dev/null -w '%{size_download}' -H "Accept-Encoding: $2" "$1"; }
echo "page: $url"; echo "yardstick: $css"
for enc in none gzip "gzip, deflate, br"; do
  h=(); [ "$enc" = none ] || h=(-H "Accept-Encoding: $enc")
  echo "== Accept-Encoding: $enc — page $(size "$url" "${enc/none/identity}") bytes, stylesheet $(size "$css" "${enc/none/identity}") bytes on the wire"
  for r in $(seq "$rounds"); do
    for target in page css; do
      if [ $target = page ]; then u=$url; accept='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'; else u=$css; accept='text/css,*/*;q=0.1'; fi
      wrk -t2 -c"$conns" -d"$dur" --latency "${browser[@]}" -H "Accept: $accept" "${h[@]}" "$u" > "$tmp/out"
      rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/out"); p99=$(awk '$1 == "99%" {print $2}' "$tmp/out")
      echo "round $r $target: $rps req/s, p99 $p99"
      echo "$rps" >> "$tmp/$target.$enc"
    done
  done
  median() { sort -g "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  spread() { sort -g "$1" | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.0f–%.0f", lo, hi}'; }
  mp=$(median "$tmp/page.$enc"); mc=$(median "$tmp/css.$enc")
  printf 'median page %.0f req/s (%s), stylesheet %.0f req/s (%s): ratio %.2f\n' "$mp" "$(spread "$tmp/page.$enc")" "$mc" "$(spread "$tmp/css.$enc")" "$(awk -v p="$mp" -v c="$mc" 'BEGIN {print p/c}')"
done
