#!/usr/bin/env bash
# Failover time of the guide's topology, Vigil and real Redis side by side in one run.
#
#   bench/failover.sh                  # ROUNDS=3 failovers of each, guide settings (down-after 5000, failover-timeout 10000)
#   ROUNDS=1 DOWN_AFTER=2000 bench/failover.sh
#
# For each kind, `bin/vigil up --detach` starts 3 data nodes and 3 sentinels on 127.0.0.1-3 (free base port), a probe
# (io.vigil.bench.FailoverProbe) runs a Jedis JedisSentinelPool writer and a Lettuce sentinel-URI writer (every
# 10 ms), SIGKILLs the master and reports the milliseconds from the kill until all three sentinels name the same
# new master, and until each client's first successful write. Prints medians and the Vigil/Redis ratios.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
DOWN_AFTER="${DOWN_AFTER:-5000}"
FAILOVER_TIMEOUT="${FAILOVER_TIMEOUT:-10000}"
work="$(mktemp -d /tmp/vigil-failover-XXXXXX)"
trap 'for d in "$work"/*/; do [ -f "$d/cluster.properties" ] && "$here/bin/vigil" down --dir "$d" >/dev/null 2>&1; done; rm -rf "$work"' EXIT

cd "$here"
mvn -B -ntp -q -o test-compile >/dev/null 2>&1 || mvn -B -ntp -q test-compile >/dev/null
mvn -B -ntp -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null 2>&1 \
  || mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp="$here/target/test-classes:$here/target/classes:$(cat "$work/cp")"

free_base() { # a port free on 127.0.0.1-3, with port + 10000 free too
  python3 - <<'PY'
import socket, random
for _ in range(200):
    p = random.randint(20000, 40000)
    ok = True
    for h in ("127.0.0.1", "127.0.0.2", "127.0.0.3"):
        for q in (p, p + 10000):
            s = socket.socket()
            try:
                s.bind((h, q))
            except OSError:
                ok = False
            finally:
                s.close()
    if ok:
        print(p); break
PY
}

run_one() { # kind round -> prints "agree jedis lettuce"
  local kind="$1" dir="$work/$1-$2" port
  port="$(free_base)"
  local flags=(up --detach --base-port "$port" --dir "$dir" --down-after "$DOWN_AFTER" --failover-timeout "$FAILOVER_TIMEOUT")
  [ "$kind" = redis ] && flags+=(--redis)
  "$here/bin/vigil" "${flags[@]}" >"$work/$1-$2.up.log" 2>&1 || { cat "$work/$1-$2.up.log" >&2; return 1; }
  local i
  for ((i = 0; i < 300; i++)); do # until the sentinels see 2 replicas and each other (at most 60 s)
    if "$here/bin/vigil" status --dir "$dir" 2>/dev/null | grep -q "The sentinels agree" &&
       [ "$("$here/bin/vigil" status --dir "$dir" | grep -c ' ok  *2  *3$')" = 3 ]; then break; fi
    sleep 0.2
  done
  local out
  out="$(java -cp "$cp" io.vigil.bench.FailoverProbe "$dir" "$((port + 10000))" redis-cluster 2>/dev/null | tail -1)"
  "$here/bin/vigil" down --dir "$dir" >/dev/null 2>&1 || true
  sed -E 's/agree_ms=(-?[0-9]+) jedis_ms=(-?[0-9]+) lettuce_ms=(-?[0-9]+)/\1 \2 \3/' <<<"$out"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print a[int((NR + 1) / 2)]}'; }

echo "# bench/failover.sh ROUNDS=$ROUNDS DOWN_AFTER=$DOWN_AFTER FAILOVER_TIMEOUT=$FAILOVER_TIMEOUT ($(date -u +%F), $(nproc) cores)"
declare -A res
for ((r = 1; r <= ROUNDS; r++)); do
  for kind in redis vigil; do
    line="$(run_one "$kind" "$r")"
    echo "round $r $kind: agree/jedis/lettuce ms = $line"
    res[$kind]+="$line"$'\n'
  done
done
printf '\n%-26s %10s %10s %8s\n' "median ms after SIGKILL" "Redis" "Vigil" "ratio"
col=1
for what in "sentinels agree" "Jedis writes again" "Lettuce writes again"; do
  rv="$(printf '%s' "${res[redis]}" | awk -v c=$col 'NF {print $c}' | median)"
  vv="$(printf '%s' "${res[vigil]}" | awk -v c=$col 'NF {print $c}' | median)"
  ratio="$(awk -v a="$vv" -v b="$rv" 'BEGIN { if (b > 0 && a >= 0) printf "%.2f", a / b; else print "-" }')"
  printf '%-26s %10s %10s %8s\n' "$what" "$rv" "$vv" "$ratio"
  col=$((col + 1))
done
echo "target: Vigil no slower than Redis, and <= down-after + 2000 = $((DOWN_AFTER + 2000)) ms to agreement"
