#!/usr/bin/env bash
# RDB persistence side by side with real Redis: SAVE time and load time for KEYS keys, BGSAVE's extra memory,
# and write throughput while a BGSAVE runs. Prints the Vigil/Redis ratios.
#
#   bench/persistence.sh                 # KEYS=1000000
#   QUICK=1 bench/persistence.sh         # KEYS=100000
#
# Environment: VIGIL_CMD (default <repo>/bin/vigil-server), REDIS_CMD (default redis-server), KEYS, VALUE_SIZE
# (default 32), BENCH_N (SET requests of the throughput runs, default 2000000; QUICK: 300000), START_TIMEOUT,
# KEEP=1 (keep the work dir).
#
# Both servers run on 127.0.0.1 on free ports with --save '' --appendonly no, and get the same data (KEYS string
# keys plus KEYS/100 hashes of 10 fields, loaded with redis-cli --pipe).
#   save:  wall time of a SAVE command (redis-cli, so including the round trip).
#   load:  "DB loaded from disk: x.xxx seconds" from each server's log after a restart on its own dump.
#   bgsave memory: Redis's rdb_last_cow_size (copy-on-write of the forked child) and Vigil's rdb_last_cow_size
#          (peak of captured data waiting for the writer thread), both with the write load below running; plus
#          the RSS growth of each server process during the BGSAVE (Redis: the child's RSS is not included).
#   throughput: redis-benchmark -t set -r KEYS -P 16 -c 50 -n BENCH_N, once alone and once started together with
#          a BGSAVE; the BGSAVE duration is printed so one sees how much of the run overlapped it.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cmdline="$0${*:+ $*}"
QUICK="${QUICK:-0}"
if [ "$QUICK" = "1" ]; then
  KEYS="${KEYS:-100000}"; BENCH_N="${BENCH_N:-300000}"
else
  KEYS="${KEYS:-1000000}"; BENCH_N="${BENCH_N:-2000000}"
fi
VALUE_SIZE="${VALUE_SIZE:-32}"
START_TIMEOUT="${START_TIMEOUT:-180}"
HOST=127.0.0.1
read -r -a redis_cmd <<<"${REDIS_CMD:-redis-server}"
read -r -a vigil_cmd <<<"${VIGIL_CMD:-$here/bin/vigil-server}"

die() { echo "persistence.sh: $*" >&2; exit 1; }
for tool in redis-benchmark redis-cli awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install redis-tools)"
done

work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-persist-bench.XXXXXX")"
declare -A PID=() PORT=() DIR=() LOG=()

stop_server() { # name: SIGTERM by PID (no save: --save ''), wait, then SIGKILL by PID
  local name="$1" pid="${PID[$1]:-}" i
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
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
  for ((i = 0; i < 500; i++)); do
    p=$((20000 + RANDOM % 35000))
    [ "$p" = "${PORT[redis]:-}" ] && continue
    port_in_use "$p" && continue
    echo "$p"; return 0
  done
  die "no free port found"
}
cli() { local name="$1"; shift; redis-cli -h "$HOST" -p "${PORT[$name]}" "$@"; }
info_field() { cli "$1" INFO "$2" | tr -d '\r' | awk -F: -v f="$3" '$1 == f { print $2; exit }'; }
rss_kb() { awk '/^VmRSS:/ { print $2; exit }' "/proc/${PID[$1]}/status"; }
now_ms() { date +%s%3N; }

start_server() { # name cmd...  (keeps the dir of an earlier start; a new port if the one picked got taken)
  local name="$1"; shift
  local i attempt
  DIR[$name]="$work/$name-data"; mkdir -p "${DIR[$name]}"
  LOG[$name]="$work/$name.log"
  for ((attempt = 1; attempt <= 5; attempt++)); do
    PORT[$name]="$(free_port)"
    "$@" --port "${PORT[$name]}" --bind "$HOST" --save '' --appendonly no --dir "${DIR[$name]}" \
      --enable-debug-command yes >"${LOG[$name]}" 2>&1 </dev/null &
    PID[$name]=$!
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
      if ! kill -0 "${PID[$name]}" 2>/dev/null; then
        wait "${PID[$name]}" 2>/dev/null || true
        grep -q "Address already in use" "${LOG[$name]}" && continue 2
        tail -n 30 "${LOG[$name]}" >&2; die "$name exited during startup"
      fi
      [ "$(cli "$name" PING 2>/dev/null || true)" = "PONG" ] && return 0
      sleep 0.1
    done
    die "$name did not answer PING within ${START_TIMEOUT}s"
  done
  die "$name: no free port after 5 attempts"
}

echo "generating $KEYS SETs and $((KEYS / 100)) HSETs ..." >&2
load="$work/load.resp"
awk -v n="$KEYS" -v vs="$VALUE_SIZE" 'BEGIN {
  v = ""; for (i = 0; i < vs; i++) v = v "x";
  for (i = 0; i < n; i++) { k = "key:" i; printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, vs, v }
  for (i = 0; i < n / 100; i++) {
    k = "hash:" i; printf "*22\r\n$4\r\nHSET\r\n$%d\r\n%s\r\n", length(k), k
    for (j = 0; j < 10; j++) { f = "field" j; val = "value" i "-" j; printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(f), f, length(val), val }
  }
}' >"$load"
total=$((KEYS + KEYS / 100))

declare -A SAVE_MS=() LOAD_S=() COW=() RSS_GROWTH=() RPS_ALONE=() RPS_BGSAVE=() BGSAVE_S=() DUMP_BYTES=()
bench_set() { # name -> requests per second
  redis-benchmark -h "$HOST" -p "${PORT[$1]}" -t set -r "$KEYS" -d "$VALUE_SIZE" -P 16 -c 50 -n "$BENCH_N" -q 2>/dev/null \
    | tr '\r' '\n' | awk '/requests per second/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) { v = $i; break } } END { print v }'
}

for name in redis vigil; do
  if [ "$name" = redis ]; then cmd=("${redis_cmd[@]}"); else cmd=("${vigil_cmd[@]}"); fi
  start_server "$name" "${cmd[@]}"
  echo "loading into $name ..." >&2
  out="$(cli "$name" --pipe <"$load" 2>&1)" || die "redis-cli --pipe into $name failed: $out"
  [ "$(cli "$name" DBSIZE)" = "$total" ] || die "$name: wrong DBSIZE"
  digest="$(cli "$name" DEBUG DIGEST)"
  # SAVE
  t0=$(now_ms); r="$(cli "$name" SAVE)"; t1=$(now_ms)
  [ "$r" = "OK" ] || die "$name SAVE: $r"
  SAVE_MS[$name]=$((t1 - t0))
  DUMP_BYTES[$name]=$(stat -c %s "${DIR[$name]}/dump.rdb")
  # write throughput alone, then together with a BGSAVE
  RPS_ALONE[$name]="$(bench_set "$name")"
  rss0=$(rss_kb "$name"); peak=$rss0
  t0=$(now_ms)
  r="$(cli "$name" BGSAVE)"
  bench_set "$name" >"$work/rps-$name" &
  bpid=$!
  while [ "$(info_field "$name" persistence rdb_bgsave_in_progress)" = "1" ]; do
    rss=$(rss_kb "$name"); [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.05
  done
  t1=$(now_ms)
  wait "$bpid"
  RPS_BGSAVE[$name]="$(cat "$work/rps-$name")"
  BGSAVE_S[$name]="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1000 }')"
  [ "$(info_field "$name" persistence rdb_last_bgsave_status)" = "ok" ] || die "$name BGSAVE failed"
  COW[$name]="$(info_field "$name" persistence rdb_last_cow_size)"
  RSS_GROWTH[$name]=$((peak - rss0))
  # load time: restart on the dump written by the BGSAVE
  cli "$name" SAVE >/dev/null
  digest2="$(cli "$name" DEBUG DIGEST)"
  stop_server "$name"
  start_server "$name" "${cmd[@]}"
  [ "$(cli "$name" DEBUG DIGEST)" = "$digest2" ] || die "$name: digest changed across the restart"
  LOAD_S[$name]="$(grep -o 'DB loaded from disk: [0-9.]* seconds' "${LOG[$name]}" | awk '{ print $5 }' | tail -1)"
  stop_server "$name"
  echo "$name done (digest after load $digest2, before writes $digest)" >&2
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
echo
echo "# bench/persistence.sh — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $total keys ($KEYS strings of ${VALUE_SIZE} B + $((KEYS / 100)) hashes x 10)"
echo "command: $cmdline${QUICK:+ (QUICK=$QUICK)}"
echo
printf '| %-40s | %14s | %14s | %12s |\n' "measure" "Redis" "Vigil" "Vigil/Redis"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" "$(printf -- '-%.0s' {1..16})" "$(printf -- '-%.0s' {1..16})" "$(printf -- '-%.0s' {1..14})"
row() { printf '| %-40s | %14s | %14s | %12s |\n' "$1" "$2" "$3" "$4"; }
row "SAVE time (ms)" "${SAVE_MS[redis]}" "${SAVE_MS[vigil]}" "$(ratio "${SAVE_MS[vigil]}" "${SAVE_MS[redis]}")"
row "load time at startup (s)" "${LOAD_S[redis]}" "${LOAD_S[vigil]}" "$(ratio "${LOAD_S[vigil]}" "${LOAD_S[redis]}")"
row "dump size (bytes)" "${DUMP_BYTES[redis]}" "${DUMP_BYTES[vigil]}" "$(ratio "${DUMP_BYTES[vigil]}" "${DUMP_BYTES[redis]}")"
row "BGSAVE duration under write load (s)" "${BGSAVE_S[redis]}" "${BGSAVE_S[vigil]}" "$(ratio "${BGSAVE_S[vigil]}" "${BGSAVE_S[redis]}")"
row "rdb_last_cow_size (bytes)" "${COW[redis]}" "${COW[vigil]}" "$(ratio "${COW[vigil]}" "${COW[redis]}")"
row "server RSS growth during BGSAVE (kB)" "${RSS_GROWTH[redis]}" "${RSS_GROWTH[vigil]}" "$(ratio "${RSS_GROWTH[vigil]}" "${RSS_GROWTH[redis]}")"
row "SET rps -P 16, no BGSAVE" "${RPS_ALONE[redis]}" "${RPS_ALONE[vigil]}" "$(ratio "${RPS_ALONE[vigil]}" "${RPS_ALONE[redis]}")"
row "SET rps -P 16, started with BGSAVE" "${RPS_BGSAVE[redis]}" "${RPS_BGSAVE[vigil]}" "$(ratio "${RPS_BGSAVE[vigil]}" "${RPS_BGSAVE[redis]}")"
