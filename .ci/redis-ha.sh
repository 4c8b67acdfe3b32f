#!/usr/bin/env bash
# Starts the Redis setups operators run, for the tests of redisclient, the cache, the live hub and
# the replicas: a 3-master Redis Cluster and a master watched by two sentinels, on free local
# ports, and exports REDIS_CLUSTER_URL and REDIS_SENTINEL_URL. Sourced by .ci/test; run it alone
# (`. .ci/redis-ha.sh`) to get the same setup for a local `go test`. The servers keep running, in
# .cache/redis-ha; a second run reuses them while they answer.
# Needs redis-server, redis-cli and redis-sentinel (Debian: redis-server, redis-sentinel).
redis_ha_dir="$(pwd)/.cache/redis-ha"

redis_ha_free_port() { # a port p with p and p+10000 (a cluster node's bus) both free
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 9000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((p + 10000))") 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  echo "no free port" >&2; return 1
}

redis_ha_wait() { # redis_ha_wait <what> <command…>: up to 10 s for the command to succeed
  local what=$1; shift
  for _ in $(seq 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis-ha: $what did not come up" >&2; return 1
}

redis_ha_start() {
  mkdir -p "$redis_ha_dir"
  if [ -f "$redis_ha_dir/env" ]; then
    . "$redis_ha_dir/env"
    local seed=${REDIS_CLUSTER_URL#redis-cluster://}; seed=${seed%%,*}
    local sentinel=${REDIS_SENTINEL_URL#redis-sentinel://}; sentinel=${sentinel%%\?*}; sentinel=${sentinel%%,*}
    if redis-cli -u "redis://$seed" cluster info 2>/dev/null | grep -q cluster_state:ok &&
      redis-cli -u "redis://$sentinel" sentinel get-master-addr-by-name checkout >/dev/null 2>&1; then
      export REDIS_CLUSTER_URL REDIS_SENTINEL_URL
      return 0
    fi
    rm -rf "$redis_ha_dir"; mkdir -p "$redis_ha_dir"
  fi

  # Cluster: three masters, no replicas, slots split evenly by redis-cli.
  local nodes=() p
  for _ in 1 2 3; do
    p=$(redis_ha_free_port)
    mkdir -p "$redis_ha_dir/cluster-$p"
    redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf \
      --dir "$redis_ha_dir/cluster-$p" --save "" --appendonly no --daemonize yes \
      --pidfile "$redis_ha_dir/cluster-$p/pid" --logfile "$redis_ha_dir/cluster-$p/log"
    redis_ha_wait "cluster node $p" redis-cli -p "$p" ping
    nodes+=("127.0.0.1:$p")
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >/dev/null
  redis_ha_wait "the cluster" sh -c "redis-cli -p ${nodes[0]#*:} cluster info | grep -q cluster_state:ok"

  # Sentinel: one master, two sentinels (quorum 1).
  local master sentinels=()
  master=$(redis_ha_free_port)
  mkdir -p "$redis_ha_dir/master-$master"
  redis-server --port "$master" --bind 127.0.0.1 --dir "$redis_ha_dir/master-$master" --save "" --appendonly no \
    --daemonize yes --pidfile "$redis_ha_dir/master-$master/pid" --logfile "$redis_ha_dir/master-$master/log"
  redis_ha_wait "the sentinel's master" redis-cli -p "$master" ping
  for _ in 1 2; do
    p=$(redis_ha_free_port)
    mkdir -p "$redis_ha_dir/sentinel-$p"
    cat >"$redis_ha_dir/sentinel-$p/sentinel.conf" <<CONF
port $p
bind 127.0.0.1
daemonize yes
pidfile $redis_ha_dir/sentinel-$p/pid
logfile $redis_ha_dir/sentinel-$p/log
dir $redis_ha_dir/sentinel-$p
sentinel monitor checkout 127.0.0.1 $master 1
sentinel down-after-milliseconds checkout 5000
CONF
    redis-server "$redis_ha_dir/sentinel-$p/sentinel.conf" --sentinel
    redis_ha_wait "sentinel $p" sh -c "redis-cli -p $p sentinel get-master-addr-by-name checkout | grep -q $master"
    sentinels+=("127.0.0.1:$p")
  done

  REDIS_CLUSTER_URL="redis-cluster://$(IFS=,; echo "${nodes[*]}")"
  REDIS_SENTINEL_URL="redis-sentinel://$(IFS=,; echo "${sentinels[*]}")?master=checkout"
  printf 'REDIS_CLUSTER_URL=%q\nREDIS_SENTINEL_URL=%q\n' "$REDIS_CLUSTER_URL" "$REDIS_SENTINEL_URL" >"$redis_ha_dir/env"
  export REDIS_CLUSTER_URL REDIS_SENTINEL_URL
}

redis_ha_start
echo "REDIS_CLUSTER_URL=$REDIS_CLUSTER_URL"
echo "REDIS_SENTINEL_URL=$REDIS_SENTINEL_URL"
