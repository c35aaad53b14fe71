#!/usr/bin/env bash
# Runs real Redis and Vigil side by side on this machine and compares throughput, latency and memory.
#
#   bench/compare.sh                      # full run (N_P1=200000, N_P16=1000000, KEYS=1000000)
#   QUICK=1 bench/compare.sh              # much shorter run
#   VIGIL_CMD=redis-server bench/compare.sh   # test the script with a second real Redis as "Vigil"
#
# Environment:
#   VIGIL_CMD   command that starts Vigil (default: <repo>/bin/vigil-server); redis-server args are appended
#   REDIS_CMD   command that starts Redis (default: redis-server)
#   N_P1        requests per test with -P 1   (default 200000; QUICK: 20000)
#   N_P16       requests per test with -P 16  (default 1000000; QUICK: 100000)
#   KEYS        keys loaded for the memory test (default 1000000; QUICK: 100000)
#   COLLECTIONS hashes of 10 fields, and sorted sets of 10 members, loaded for the collection memory tests
#               (default 100000; QUICK: 20000)
#   TESTS       redis-benchmark -t list (default set,get,incr,mset,lpush,lpop,rpush,rpop,sadd,hset,spop,zadd,
#               zpopmin,lrange_100)
#   MEMORY=0    skip the memory tests
#   CLIENTS     redis-benchmark -c (default 50)
#   ROUNDS      repeat the whole alternation this many times and report, per cell, the run with the
#               median rps (default 1; use 3 or 5 on a noisy machine)
#   START_TIMEOUT  seconds to wait for each server's PONG (default 180: Vigil may build its jar first)
#   KEEP=1      keep the work dir (logs, generated RESP) instead of deleting it
#
# Both servers run on 127.0.0.1, each on its own free port, with --save '' --appendonly no.
# The benchmarks alternate between the servers (Redis, Vigil, Redis, Vigil...). Each memory test (1M strings,
# 100k hashes, 100k sorted sets) runs on freshly started servers, so "RSS before" is the empty server and no
# test inherits heap or allocator pages grown by an earlier one.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cmdline="$0${*:+ $*}"
env_used=""
for v in QUICK VIGIL_CMD REDIS_CMD N_P1 N_P16 KEYS COLLECTIONS TESTS MEMORY CLIENTS ROUNDS; do
  if [ -n "${!v:-}" ]; then env_used+="$v=${!v} "; fi
done

QUICK="${QUICK:-0}"
if [ "$QUICK" = "1" ]; then
  N_P1="${N_P1:-20000}"
  N_P16="${N_P16:-100000}"
  KEYS="${KEYS:-100000}"
  COLLECTIONS="${COLLECTIONS:-20000}"
else
  N_P1="${N_P1:-200000}"
  N_P16="${N_P16:-1000000}"
  KEYS="${KEYS:-1000000}"
  COLLECTIONS="${COLLECTIONS:-100000}"
fi
CLIENTS="${CLIENTS:-50}"
ROUNDS="${ROUNDS:-1}"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: ROUNDS must be a positive integer" >&2; exit 1; }
START_TIMEOUT="${START_TIMEOUT:-180}"
TESTS="${TESTS:-set,get,incr,mset,lpush,lpop,rpush,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100}"
MEMORY="${MEMORY:-1}"
VALUE_SIZE=32
HOST=127.0.0.1

read -r -a redis_cmd <<<"${REDIS_CMD:-redis-server}"
read -r -a vigil_cmd <<<"${VIGIL_CMD:-$here/bin/vigil-server}"

die() { echo "compare.sh: $*" >&2; exit 1; }

for tool in redis-benchmark redis-cli awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install redis-tools)"
done
command -v "${redis_cmd[0]}" >/dev/null 2>&1 || die "${redis_cmd[0]} not found (apt-get install redis-server)"
command -v "${vigil_cmd[0]}" >/dev/null 2>&1 || [ -x "${vigil_cmd[0]}" ] || die "${vigil_cmd[0]} not found"

work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench.XXXXXX")"
declare -A PID=()   # server name -> PID we started (and the PID the server reports, if different)
declare -A PORT=()

stop_server() { # name: SIGTERM by PID, wait up to 10 s, then SIGKILL by PID
  local name="$1" pid i
  for pid in ${PID[$name]:-}; do
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "compare.sh: $name (pid $pid) ignored SIGTERM for 10 s, sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  PID[$name]=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_server redis || true
  stop_server vigil || true
  if [ "${KEEP:-0}" = "1" ]; then
    echo "work dir kept: $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

free_port() { # a port nobody listens on, not already picked by this script, with room for +10000
  local p i
  for ((i = 0; i < 500; i++)); do
    p=$((20000 + RANDOM % 35000))
    [ "$p" = "${PORT[redis]:-}" ] && continue
    port_in_use "$p" && continue
    echo "$p"
    return 0
  done
  die "no free port found"
}

cli() { # name args...
  local name="$1"; shift
  redis-cli -h "$HOST" -p "${PORT[$name]}" "$@"
}

info_field() { # name section field
  cli "$1" INFO "$2" | tr -d '\r' | awk -F: -v f="$3" '$1 == f && !done { print $2; done = 1 }'
}

start_server() { # name cmd...
  local name="$1"; shift
  local port dir log pid i reported
  port="$(free_port)"
  PORT[$name]="$port"
  dir="$work/$name-data"
  log="$work/$name.log"
  mkdir -p "$dir"
  "$@" --port "$port" --bind "$HOST" --save '' --appendonly no --dir "$dir" >"$log" 2>&1 </dev/null &
  pid=$!
  PID[$name]="$pid"
  for ((i = 0; i < START_TIMEOUT * 10; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "compare.sh: $name exited during startup; last lines of $log:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    if [ "$(cli "$name" PING 2>/dev/null || true)" = "PONG" ]; then
      break
    fi
    sleep 0.1
  done
  [ "$(cli "$name" PING 2>/dev/null || true)" = "PONG" ] || {
    echo "compare.sh: $name did not answer PING within ${START_TIMEOUT}s; last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  }
  # The PID that holds the memory is the one the server reports (the same as $! when the launcher execs).
  reported="$(info_field "$name" server process_id || true)"
  if [[ "$reported" =~ ^[0-9]+$ ]] && [ "$reported" != "$pid" ] && [ -r "/proc/$reported/status" ]; then
    PID[$name]="$reported $pid"
    RSSPID[$name]="$reported"
  else
    RSSPID[$name]="$pid"
  fi
  echo "started $name on $HOST:$port (pid ${RSSPID[$name]}): $* " >&2
}
declare -A RSSPID=()

rss_kb() { awk '/^VmRSS:/ { print $2; exit }' "/proc/${RSSPID[$1]}/status"; }

# ------------------------------------------------------------------ memory
# Each data set: start both servers, load the same RESP files into each (first half, then second half),
# read used_memory and RSS after each half, stop them. The second half gives a marginal RSS per key that
# leaves out fixed costs paid during the first loads (a JVM touches its whole young generation early on).
declare -A MEM_BEFORE=() MEM_AFTER=() RSS_BEFORE=() RSS_MID=() RSS_AFTER=() MEM_COUNT=() MEM_LABEL=()
MEM_SETS=()
memory_test() { # id label count generator (generator from to > file)
  local id="$1" label="$2" count="$3" gen="$4" name out n half file part
  local first="$work/load-1.resp" second="$work/load-2.resp"
  half=$((count / 2))
  "$gen" 0 "$half" >"$first"
  "$gen" "$half" "$count" >"$second"
  MEM_SETS+=("$id"); MEM_LABEL[$id]="$label"; MEM_COUNT[$id]="$count"
  start_server redis "${redis_cmd[@]}"
  start_server vigil "${vigil_cmd[@]}"
  for name in redis vigil; do
    MEM_BEFORE[$id|$name]="$(info_field "$name" memory used_memory)"
    RSS_BEFORE[$id|$name]="$(rss_kb "$name")"
    echo "memory: loading $label into $name ..." >&2
    for part in 1 2; do
      if [ "$part" = 1 ]; then file="$first"; n="$half"; else file="$second"; n=$((count - half)); fi
      out="$(cli "$name" --pipe <"$file" 2>&1)" || die "redis-cli --pipe into $name failed: $out"
      grep -q "errors: 0, replies: $n" <<<"$out" || die "redis-cli --pipe into $name: $out"
      sleep 1 # let the server settle (a JVM may be finishing a GC cycle)
      if [ "$part" = 1 ]; then RSS_MID[$id|$name]="$(rss_kb "$name")"; fi
    done
    n="$(cli "$name" DBSIZE)"
    [ "$n" = "$count" ] || die "$name has $n keys after loading $count"
    MEM_AFTER[$id|$name]="$(info_field "$name" memory used_memory)"
    RSS_AFTER[$id|$name]="$(rss_kb "$name")"
  done
  stop_server redis
  stop_server vigil
  rm -f "$first" "$second"
}

gen_strings() { # from to: SET key:i <VALUE_SIZE bytes>
  awk -v from="$1" -v to="$2" -v vs="$VALUE_SIZE" 'BEGIN {
    fmt = "v%0" (vs - 1) "d"
    for (i = from; i < to; i++) {
      k = "key:" i
      v = sprintf(fmt, i)
      printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v
    }
  }'
}

gen_hashes() { # from to: HSET hash:i field:0 value:i:0 ... field:9 value:i:9
  awk -v from="$1" -v to="$2" 'BEGIN {
    for (i = from; i < to; i++) {
      k = "hash:" i
      printf "*22\r\n$4\r\nHSET\r\n$%d\r\n%s\r\n", length(k), k
      for (j = 0; j < 10; j++) {
        f = "field:" j; v = "value:" i ":" j
        printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(f), f, length(v), v
      }
    }
  }'
}

gen_zsets() { # from to: ZADD zset:i <score> member:i:0 ... (10 members)
  awk -v from="$1" -v to="$2" 'BEGIN {
    for (i = from; i < to; i++) {
      k = "zset:" i
      printf "*22\r\n$4\r\nZADD\r\n$%d\r\n%s\r\n", length(k), k
      for (j = 0; j < 10; j++) {
        sc = sprintf("%.2f", (i * 7 + j * 13) % 1000 / 10); m = "member:" i ":" j
        printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(sc), sc, length(m), m
      }
    }
  }'
}

if [ "$MEMORY" = "1" ]; then
  memory_test strings "$KEYS keys, ${VALUE_SIZE}-byte values" "$KEYS" gen_strings
  memory_test hashes "$COLLECTIONS hashes x 10 fields" "$COLLECTIONS" gen_hashes
  memory_test zsets "$COLLECTIONS sorted sets x 10 members" "$COLLECTIONS" gen_zsets
fi

# ------------------------------------------------------------------ start both servers
start_server redis "${redis_cmd[@]}"
start_server vigil "${vigil_cmd[@]}"
redis_version="$(info_field redis server redis_version)"
vigil_version="$(info_field vigil server redis_version || true)"

# ------------------------------------------------------------------ throughput and latency
declare -A RPS=() P50=() P99=() SEEN=()
TEST_NAMES=() # redis-benchmark's test names, in the order it printed them
bench() { # name pipeline n round
  local name="$1" pl="$2" n="$3" round="$4" csv
  csv="$work/bench-$name-P$pl-r$round.csv"
  echo "round $round/$ROUNDS: redis-benchmark -c $CLIENTS -P $pl -t $TESTS -r 100000 -n $n against $name ..." >&2
  redis-benchmark -h "$HOST" -p "${PORT[$name]}" -c "$CLIENTS" -P "$pl" -t "$TESTS" -r 100000 -n "$n" --csv \
    >"$csv" 2>"$csv.err" || die "redis-benchmark against $name failed: $(cat "$csv.err")"
  # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  while IFS=$'\t' read -r test rps p50 p99; do
    if [ -z "${SEEN[$test]:-}" ]; then SEEN[$test]=1; TEST_NAMES+=("$test"); fi
    RPS["$test|$pl|$name|$round"]="$rps"
    P50["$test|$pl|$name|$round"]="$p50"
    P99["$test|$pl|$name|$round"]="$p99"
  done < <(tr -d '\r' <"$csv" | awk -F'","' 'NR > 1 && NF >= 8 {
    gsub(/^"|"$/, "", $1); gsub(/"$/, "", $8); print $1 "\t" $2 "\t" $5 "\t" $7 }')
  cli "$name" FLUSHALL >/dev/null
}

for ((round = 1; round <= ROUNDS; round++)); do
  for pl in 1 16; do
    if [ "$pl" = 1 ]; then n="$N_P1"; else n="$N_P16"; fi
    bench redis "$pl" "$n" "$round"
    bench vigil "$pl" "$n" "$round"
  done
done

median_round() { # key-prefix ("test|pipeline|name"): the round whose rps is the median (lower middle)
  local prefix="$1" r
  for ((r = 1; r <= ROUNDS; r++)); do
    if [ -n "${RPS[$prefix|$r]:-}" ]; then echo "${RPS[$prefix|$r]} $r"; fi
  done | sort -g | awk '{ v[NR] = $2 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# ------------------------------------------------------------------ report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "") print "n/a"; else printf "%.2f", a / b }'; }
mib() { awk -v b="$1" 'BEGIN { if (b == "") print "n/a"; else printf "%.1f MiB", b / 1048576 }'; }

table_bench() {
  echo "| test | pipeline | Redis rps | Vigil rps | Vigil/Redis | Redis p50 ms | Vigil p50 ms | Redis p99 ms | Vigil p99 ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  local pl test k r v rr vr
  for pl in 1 16; do
    for test in "${TEST_NAMES[@]}"; do
      k="$test|$pl"
      rr="$(median_round "$k|redis")"; vr="$(median_round "$k|vigil")"
      r="${RPS[$k|redis|$rr]:-}"; v="${RPS[$k|vigil|$vr]:-}"
      [ -n "$r$v" ] || continue
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$test" "$pl" "${r:-n/a}" "${v:-n/a}" "$(ratio "$v" "$r")" \
        "${P50[$k|redis|$rr]:-n/a}" "${P50[$k|vigil|$vr]:-n/a}" "${P99[$k|redis|$rr]:-n/a}" "${P99[$k|vigil|$vr]:-n/a}"
    done
  done
}

per_key() { awk -v b="$1" -v k="$2" 'BEGIN { printf "%.1f", b / k }'; }

table_mem() { # id
  local id="$1" k="${MEM_COUNT[$1]}" r_dused v_dused r_rss v_rss r_per v_per
  r_dused=$((MEM_AFTER[$id|redis] - MEM_BEFORE[$id|redis])); v_dused=$((MEM_AFTER[$id|vigil] - MEM_BEFORE[$id|vigil]))
  r_rss=$(((RSS_AFTER[$id|redis] - RSS_BEFORE[$id|redis]) * 1024)); v_rss=$(((RSS_AFTER[$id|vigil] - RSS_BEFORE[$id|vigil]) * 1024))
  r_per="$(per_key "$r_rss" "$k")"; v_per="$(per_key "$v_rss" "$k")"
  echo "| ${MEM_LABEL[$id]} | Redis | Vigil | Vigil/Redis |"
  echo "|---|---:|---:|---:|"
  echo "| used_memory after load | $(mib "${MEM_AFTER[$id|redis]}") | $(mib "${MEM_AFTER[$id|vigil]}") | $(ratio "${MEM_AFTER[$id|vigil]}" "${MEM_AFTER[$id|redis]}") |"
  echo "| used_memory per key (after - before) | $(per_key "$r_dused" "$k") B | $(per_key "$v_dused" "$k") B | $(ratio "$v_dused" "$r_dused") |"
  echo "| RSS before load | $(mib $((RSS_BEFORE[$id|redis] * 1024))) | $(mib $((RSS_BEFORE[$id|vigil] * 1024))) | $(ratio "${RSS_BEFORE[$id|vigil]}" "${RSS_BEFORE[$id|redis]}") |"
  echo "| RSS after load | $(mib $((RSS_AFTER[$id|redis] * 1024))) | $(mib $((RSS_AFTER[$id|vigil] * 1024))) | $(ratio "${RSS_AFTER[$id|vigil]}" "${RSS_AFTER[$id|redis]}") |"
  echo "| RSS per key (after - before) | $r_per B | $v_per B | $(ratio "$v_per" "$r_per") |"
  local half=$((k - k / 2)) r_m v_m
  r_m="$(per_key $(((RSS_AFTER[$id|redis] - RSS_MID[$id|redis]) * 1024)) "$half")"
  v_m="$(per_key $(((RSS_AFTER[$id|vigil] - RSS_MID[$id|vigil]) * 1024)) "$half")"
  echo "| RSS per key, second half only (marginal) | $r_m B | $v_m B | $(ratio "$v_m" "$r_m") |"
}

tables_mem() {
  local id
  if [ "${#MEM_SETS[@]}" = 0 ]; then echo "(skipped: MEMORY=0)"; return; fi
  for id in "${MEM_SETS[@]}"; do
    table_mem "$id"
    echo
  done
}

cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
mem_total="$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576; exit }' /proc/meminfo 2>/dev/null || true)"
for name in redis vigil; do
  cli "$name" FLUSHALL >/dev/null || true
  stop_server "$name"
done

cat <<EOF

## Vigil vs Redis — $(date -u '+%Y-%m-%d %H:%M UTC')

Command: \`${env_used}${cmdline}\` (N_P1=$N_P1, N_P16=$N_P16, KEYS=$KEYS, COLLECTIONS=$COLLECTIONS, clients=$CLIENTS, rounds=$ROUNDS)
Machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}, ${mem_total:-? GiB} RAM, Linux $(uname -r)
Redis: \`${redis_cmd[*]}\` (redis_version $redis_version); Vigil: \`${vigil_cmd[*]}\` (reports redis_version ${vigil_version:-?})
Both on 127.0.0.1 with --save '' --appendonly no; redis-benchmark on the same machine,
\`-c $CLIENTS -t $TESTS -r 100000 --csv\`, servers run alternately, Redis first$(if [ "$ROUNDS" -gt 1 ]; then echo "; each cell is the run with the median rps of $ROUNDS rounds"; fi)

### Throughput and latency

$(table_bench)

### Memory

$(tables_mem)
EOF
