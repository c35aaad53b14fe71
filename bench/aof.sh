#!/usr/bin/env bash
# Write throughput with the append-only file on: real Redis and Vigil side by side, appendonly yes with
# appendfsync everysec and always (and appendonly no as the reference), redis-benchmark SET and INCR.
#
#   bench/aof.sh                 # N=100000 requests per test (always: N_ALWAYS=20000)
#   QUICK=1 bench/aof.sh         # N=20000, N_ALWAYS=5000
#
# Environment: VIGIL_CMD, REDIS_CMD (as bench/compare.sh), N, N_ALWAYS, CLIENTS (default 50), PIPELINE
# (default 1), TESTS (default set,incr), START_TIMEOUT (default 180), KEEP=1 keeps the work dir.
# Each server gets its own dir and free port on 127.0.0.1; the runs alternate Redis, Vigil per mode. After each
# Vigil run the script prints Vigil's own measurement of the event-loop time spent in AOF write()/fsync() (the
# "AOF write path" line it logs at shutdown).
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cmdline="$0${*:+ $*}"
QUICK="${QUICK:-0}"
if [ "$QUICK" = "1" ]; then N="${N:-20000}"; N_ALWAYS="${N_ALWAYS:-5000}"; else N="${N:-100000}"; N_ALWAYS="${N_ALWAYS:-20000}"; fi
CLIENTS="${CLIENTS:-50}"
PIPELINE="${PIPELINE:-1}"
TESTS="${TESTS:-set,incr}"
START_TIMEOUT="${START_TIMEOUT:-180}"
HOST=127.0.0.1
read -r -a redis_cmd <<<"${REDIS_CMD:-redis-server}"
read -r -a vigil_cmd <<<"${VIGIL_CMD:-$here/bin/vigil-server}"

die() { echo "aof.sh: $*" >&2; exit 1; }
for tool in redis-benchmark redis-cli awk; do command -v "$tool" >/dev/null 2>&1 || die "$tool not found"; done

work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-aof-bench.XXXXXX")"
declare -A PID=() PORT=()

stop_server() { # name: SHUTDOWN, then SIGTERM/SIGKILL by PID if needed
  local name="$1" pid i
  pid="${PID[$name]:-}"
  [ -n "$pid" ] || return 0
  redis-cli -h "$HOST" -p "${PORT[$name]}" SHUTDOWN >/dev/null 2>&1 || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; sleep 2; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
  PID[$name]=""
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_server redis || true
  stop_server vigil || true
  if [ "${KEEP:-0}" = "1" ]; then echo "work dir kept: $work" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
free_port() {
  local p i
  for ((i = 0; i < 500; i++)); do p=$((20000 + RANDOM % 35000)); port_in_use "$p" || { echo "$p"; return 0; }; done
  die "no free port found"
}

start_server() { # name mode cmd...
  local name="$1" mode="$2"; shift 2
  local port dir pid i
  port="$(free_port)"; PORT[$name]="$port"
  dir="$work/$name-$mode"; rm -rf "$dir"; mkdir -p "$dir"
  local aof=(--appendonly yes --appendfsync "$mode")
  [ "$mode" = "off" ] && aof=(--appendonly no)
  "$@" --port "$port" --bind "$HOST" --save '' "${aof[@]}" --dir "$dir" --logfile "$dir/log" >"$dir/out" 2>&1 </dev/null &
  pid=$!; PID[$name]="$pid"
  for ((i = 0; i < START_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$dir/log" "$dir/out" >&2; die "$name exited during startup"; }
    [ "$(redis-cli -h "$HOST" -p "$port" PING 2>/dev/null || true)" = "PONG" ] && return 0
    sleep 0.1
  done
  die "$name did not answer PING within ${START_TIMEOUT}s"
}

declare -A RPS=()
run_mode() { # mode n
  local mode="$1" n="$2" name t
  for name in redis vigil; do
    if [ "$name" = redis ]; then start_server redis "$mode" "${redis_cmd[@]}"; else start_server vigil "$mode" "${vigil_cmd[@]}"; fi
    while IFS=, read -r t rps _; do
      t="${t//\"/}"; rps="${rps//\"/}"
      RPS[$mode|$t|$name]="$rps"
    done < <(redis-benchmark -h "$HOST" -p "${PORT[$name]}" -t "$TESTS" -n "$n" -c "$CLIENTS" -P "$PIPELINE" -r 100000 -q --csv | tail -n +2)
    if [ "$name" = vigil ]; then
      stop_server vigil
      echo "  vigil $mode: $(grep -o 'AOF write path.*' "$work/vigil-$mode/log" || echo 'no AOF writes')" >&2
    else
      stop_server redis
    fi
  done
}

echo "aof.sh: $cmdline (N=$N N_ALWAYS=$N_ALWAYS -c $CLIENTS -P $PIPELINE)" >&2
run_mode off "$N"
run_mode everysec "$N"
run_mode always "$N_ALWAYS"

printf '\n%-10s %-6s %12s %12s %7s\n' "appendfsync" "test" "redis rps" "vigil rps" "ratio"
for mode in off everysec always; do
  for t in $(echo "$TESTS" | tr 'a-z,' 'A-Z '); do
    r="${RPS[$mode|$t|redis]:-}"; v="${RPS[$mode|$t|vigil]:-}"
    [ -n "$r" ] && [ -n "$v" ] || continue
    printf '%-10s %-6s %12s %12s %7s\n' "$mode" "$t" "$r" "$v" "$(awk -v a="$v" -v b="$r" 'BEGIN { printf "%.2f", a / b }')"
  done
done
