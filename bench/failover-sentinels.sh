#!/usr/bin/env bash
# Failover time of the sentinels alone (bench/failover.sh compares whole Vigil with whole Redis): Vigil sentinels
# vs real redis-sentinel over the same real Redis servers, on the guide's topology on one machine:
# a real Redis 7.0 master on 127.0.0.1 and replicas on 127.0.0.2/.3 (one free port), three sentinels on
# 127.0.0.1-3 (announce-ip 127.0.0.N) with the guide's settings (quorum 2, down-after-milliseconds 5000,
# failover-timeout 10000). The master is SIGKILLed; we measure
#   agree: time until all three sentinels answer GET-MASTER-ADDR-BY-NAME with the same new address
#   write: time until a client that asks a sentinel for the master (as Jedis/redis-py do) writes again
#
#   bench/failover-sentinels.sh            # one run of each
#   ROUNDS=3 bench/failover-sentinels.sh   # median of 3
#   DOWN_AFTER=2000 bench/failover.sh
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
ROUNDS="${ROUNDS:-1}"
DOWN_AFTER="${DOWN_AFTER:-5000}"
FAILOVER_TIMEOUT="${FAILOVER_TIMEOUT:-10000}"
work="$(mktemp -d /tmp/vigil-failover-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
}
now_ms() { date +%s%3N; }

# run <vigil|redis>: prints "agree_ms write_ms"
run() {
  local kind="$1" port sport d i
  port="$(free_port)"; sport="$(free_port)"
  d="$work/$kind-$port"; mkdir -p "$d"
  local spids=() rpids=()
  for i in 1 2 3; do
    local extra=()
    [ "$i" -gt 1 ] && extra=(--replicaof 127.0.0.1 "$port" --bind-source-addr "127.0.0.$i")
    redis-server --bind "127.0.0.$i" --port "$port" --protected-mode no --save '' --dir "$d" \
      --logfile "$d/redis$i.log" "${extra[@]}" &
    rpids+=($!); pids+=($!)
  done
  for i in 1 2 3; do
    printf 'sentinel monitor redis-cluster 127.0.0.1 %s 2\nsentinel down-after-milliseconds redis-cluster %s\nsentinel failover-timeout redis-cluster %s\nsentinel announce-ip 127.0.0.%s\n' \
      "$port" "$DOWN_AFTER" "$FAILOVER_TIMEOUT" "$i" > "$d/sentinel$i.conf"
    if [ "$kind" = vigil ]; then
      "$here/bin/vigil-sentinel" "$d/sentinel$i.conf" --bind "127.0.0.$i" --port "$sport" --logfile "$d/sentinel$i.log" &
    else
      redis-sentinel "$d/sentinel$i.conf" --bind "127.0.0.$i" --port "$sport" --logfile "$d/sentinel$i.log" &
    fi
    spids+=($!); pids+=($!)
  done
  # Wait for full discovery (slaves=2, sentinels=3 everywhere).
  local deadline=$(( $(now_ms) + 180000 ))
  while :; do
    local ok=0
    for i in 1 2 3; do
      redis-cli -h "127.0.0.$i" -p "$sport" info sentinel 2>/dev/null | grep -q 'slaves=2,sentinels=3' && ok=$((ok+1))
    done
    [ "$ok" = 3 ] && break
    [ "$(now_ms)" -gt "$deadline" ] && { echo "discovery timed out ($kind)" >&2; return 1; }
    sleep 0.2
  done
  # Measure the failover, not the start-up: wait until no sentinel is in TILT (a JVM starting on a loaded
  # machine may stall its timer long enough to enter TILT, as a stalled redis-sentinel would).
  while :; do
    local tilted=0
    for i in 1 2 3; do
      redis-cli -h "127.0.0.$i" -p "$sport" info sentinel 2>/dev/null | grep -q 'sentinel_tilt:0' || tilted=1
    done
    [ "$tilted" = 0 ] && break
    [ "$(now_ms)" -gt "$deadline" ] && { echo "TILT did not end ($kind)" >&2; return 1; }
    sleep 0.5
  done
  sleep 2
  local t0 agree="" write=""
  kill -9 "${rpids[0]}"
  t0="$(now_ms)"
  while [ -z "$agree" ] || [ -z "$write" ]; do
    local addrs=() a
    for i in 1 2 3; do
      a="$(redis-cli -h "127.0.0.$i" -p "$sport" sentinel get-master-addr-by-name redis-cluster 2>/dev/null | tr '\n' ':')"
      addrs+=("$a")
    done
    if [ -z "$agree" ] && [ "${addrs[0]}" = "${addrs[1]}" ] && [ "${addrs[1]}" = "${addrs[2]}" ] \
        && [ "${addrs[0]}" != "127.0.0.1:$port:" ]; then
      agree=$(( $(now_ms) - t0 ))
    fi
    if [ -z "$write" ]; then
      local host="${addrs[0]%%:*}"
      if [ "$host" != "127.0.0.1" ] && [ -n "$host" ] \
          && [ "$(redis-cli -h "$host" -p "$port" set bench:failover 1 2>/dev/null)" = "OK" ]; then
        write=$(( $(now_ms) - t0 ))
      fi
    fi
    [ $(( $(now_ms) - t0 )) -gt 120000 ] && { echo "failover timed out ($kind)" >&2; break; }
    sleep 0.1
  done
  for p in "${spids[@]}" "${rpids[@]:1}"; do kill -9 "$p" 2>/dev/null || true; done
  echo "${agree:-NA} ${write:-NA}"
}

# Build the jar (if needed) before anything is timed.
"$here/bin/vigil-server" --version >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "# bench/failover-sentinels.sh ROUNDS=$ROUNDS DOWN_AFTER=$DOWN_AFTER FAILOVER_TIMEOUT=$FAILOVER_TIMEOUT ($(date -u +%FT%TZ), $(nproc) cores)"
ra=(); rw=(); va=(); vw=()
for ((r = 1; r <= ROUNDS; r++)); do
  read -r a w < <(run redis); ra+=("$a"); rw+=("$w"); echo "round $r redis-sentinel: agree ${a} ms, write ${w} ms"
  read -r a w < <(run vigil); va+=("$a"); vw+=("$w"); echo "round $r vigil-sentinel: agree ${a} ms, write ${w} ms"
done
RA=$(printf '%s\n' "${ra[@]}" | median); RW=$(printf '%s\n' "${rw[@]}" | median)
VA=$(printf '%s\n' "${va[@]}" | median); VW=$(printf '%s\n' "${vw[@]}" | median)
echo "| sentinels | agree (ms) | first write (ms) |"
echo "| --- | --- | --- |"
echo "| redis-sentinel 7.0 | $RA | $RW |"
echo "| Vigil | $VA | $VW |"
awk -v ra="$RA" -v va="$VA" -v rw="$RW" -v vw="$VW" 'BEGIN { if (ra > 0 && rw > 0) printf "ratio Vigil/Redis: agree %.2f, write %.2f\n", va/ra, vw/rw }'
