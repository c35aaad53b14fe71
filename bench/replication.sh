#!/usr/bin/env bash
# Replication benchmarks, real Redis and Vigil side by side in the same run (results for BENCHMARKS.md):
#   1. master throughput (redis-benchmark SET, -P 16) with no replica, then with 2 replicas attached;
#   2. replica lag while the master takes a steady ~RATE writes/s (p50/p99/max, bench/ReplLag.java: PUBLISH
#      probes with the send time travel in the stream and are delivered by the replica when applied);
#   3. full sync time of KEYS keys (REPLICAOF until master_link_status:up on a fresh replica).
#
#   bench/replication.sh                 # N=1000000 SETs per throughput run, RATE=50000, KEYS=1000000
#   QUICK=1 bench/replication.sh         # N=200000, 5 s of lag, KEYS=200000
#
# Environment: VIGIL_CMD (default <repo>/bin/vigil-server), REDIS_CMD (default redis-server), N, RATE,
# LAG_SECONDS (default 10), KEYS, CLIENTS (default 50), KEEP=1 (keep the work dir).
# Every server runs on 127.0.0.1 with its own free port, --save '' --appendonly no, repl-diskless-sync-delay 0.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
QUICK="${QUICK:-0}"
if [ "$QUICK" = "1" ]; then N="${N:-200000}"; LAG_SECONDS="${LAG_SECONDS:-5}"; KEYS="${KEYS:-200000}";
else N="${N:-1000000}"; LAG_SECONDS="${LAG_SECONDS:-10}"; KEYS="${KEYS:-1000000}"; fi
RATE="${RATE:-50000}"
CLIENTS="${CLIENTS:-50}"
VIGIL_CMD="${VIGIL_CMD:-$here/bin/vigil-server}"
REDIS_CMD="${REDIS_CMD:-redis-server}"
work="$(mktemp -d /tmp/vigil-repl-bench.XXXXXX)"
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" != "1" ]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start KIND NAME -> prints the port; the pid goes to $work/NAME.pid
start() {
  local kind="$1" name="$2" port cmd
  port="$(free_port)"
  mkdir -p "$work/$name"
  if [ "$kind" = vigil ]; then cmd="$VIGIL_CMD"; else cmd="$REDIS_CMD"; fi
  # shellcheck disable=SC2086
  $cmd --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work/$name" \
      --repl-diskless-sync-delay 0 --logfile "$work/$name.log" >"$work/$name.out" 2>&1 &
  echo $! >"$work/$name.pid"
  for _ in $(seq 1 1800); do
    if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then echo "$port"; return; fi
    sleep 0.1
  done
  echo "server $name did not start" >&2; exit 1
}

link_up() { redis-cli -p "$1" info replication | tr -d '\r' | grep -q '^master_link_status:up'; }
wait_up() { for _ in $(seq 1 6000); do link_up "$1" && return; sleep 0.05; done; echo "link never up" >&2; exit 1; }
rps() { redis-benchmark -p "$1" -t set -n "$N" -P 16 -c "$CLIENTS" -r 100000 -q 2>/dev/null | tr '\r' '\n' \
        | grep -o '[0-9.]* requests per second' | tail -1 | cut -d' ' -f1; }

declare -A R
for kind in redis vigil; do
  echo "== $kind" >&2
  m=$(start $kind ${kind}-master); pids+=("$(cat "$work/${kind}-master.pid")")
  r1=$(start $kind ${kind}-r1); pids+=("$(cat "$work/${kind}-r1.pid")")
  r2=$(start $kind ${kind}-r2); pids+=("$(cat "$work/${kind}-r2.pid")")
  R[$kind,rps0]=$(rps "$m")
  redis-cli -p "$r1" replicaof 127.0.0.1 "$m" >/dev/null; redis-cli -p "$r2" replicaof 127.0.0.1 "$m" >/dev/null
  wait_up "$r1"; wait_up "$r2"
  R[$kind,rps2]=$(rps "$m")
  R[$kind,lag]=$(java "$here/bench/ReplLag.java" 127.0.0.1 "$m" 127.0.0.1 "$r1" "$RATE" "$LAG_SECONDS")
  # Full sync: KEYS keys on the master, a fresh replica, time from REPLICAOF to link up.
  redis-cli -p "$m" flushall >/dev/null
  awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) { k = "key:" i; v = "value:" i;
      printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }' \
      | redis-cli -p "$m" --pipe >/dev/null
  r3=$(start $kind ${kind}-r3); pids+=("$(cat "$work/${kind}-r3.pid")")
  t0=$(date +%s.%N)
  redis-cli -p "$r3" replicaof 127.0.0.1 "$m" >/dev/null
  wait_up "$r3"
  t1=$(date +%s.%N)
  R[$kind,sync]=$(echo "$t1 - $t0" | bc)
  R[$kind,synckeys]=$(redis-cli -p "$r3" dbsize)
  for n in master r1 r2 r3; do
    p=$(cat "$work/${kind}-$n.pid"); kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true
  done
done

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
ratio() { echo "scale=2; $1 / $2" | bc; }
echo
echo "replication benchmarks ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; N=$N RATE=$RATE LAG_SECONDS=$LAG_SECONDS KEYS=$KEYS)"
printf '%-42s %14s %14s %8s\n' "" "redis" "vigil" "vigil/redis"
printf '%-42s %14s %14s %8s\n' "SET -P16 rps, no replica" "${R[redis,rps0]}" "${R[vigil,rps0]}" "$(ratio "${R[vigil,rps0]}" "${R[redis,rps0]}")"
printf '%-42s %14s %14s %8s\n' "SET -P16 rps, 2 replicas" "${R[redis,rps2]}" "${R[vigil,rps2]}" "$(ratio "${R[vigil,rps2]}" "${R[redis,rps2]}")"
printf '%-42s %14s %14s\n' "  with 2 replicas / none" "$(ratio "${R[redis,rps2]}" "${R[redis,rps0]}")" "$(ratio "${R[vigil,rps2]}" "${R[vigil,rps0]}")"
for f in writes_per_sec lag_p50_ms lag_p99_ms lag_max_ms; do
  printf '%-42s %14s %14s\n' "replica $f" "$(field "${R[redis,lag]}" $f)" "$(field "${R[vigil,lag]}" $f)"
done
printf '%-42s %14s %14s %8s\n' "full sync of $KEYS keys (s)" "${R[redis,sync]}" "${R[vigil,sync]}" "$(ratio "${R[vigil,sync]}" "${R[redis,sync]}")"
printf '%-42s %14s %14s\n' "  keys on the new replica" "${R[redis,synckeys]}" "${R[vigil,synckeys]}"
