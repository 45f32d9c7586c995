#!/usr/bin/env bash
# What the gateway's checks cost on the write path: Amphora's CPU per million remote-written samples with every
# request SigV4-signed (signature, body hash, policy, workspace lookup, rate limit) versus the gateway open
# (--amphora.gateway.auth-enabled=false), same load, alternating, RUNS times each:
#   bench/gateway-overhead.sh [series] [samples-per-series]      defaults: 10000 120
#
# Each run starts a fresh Amphora (temp data dir, ingestion limits lifted, admin key from the environment), creates
# a workspace with curl --aws-sigv4 when signing, sends an untimed warm-up load, then the measured load with
# RemoteWriteLoad (signing with its SigV4 signer, service aps), and reads the process's CPU ticks before and after.
# Needs: the exec jar (AMPHORA_JAR, default app/target/amphora-exec.jar), the bench jar (BENCH_JAR, default
# bench/target/benchmarks.jar), a JDK 25 (JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64), curl. RUNS default 3.
set -euo pipefail

series="${1:-10000}"
steps="${2:-120}"
runs="${RUNS:-3}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${AMPHORA_JAR:-$repo/app/target/amphora-exec.jar}"
bench="${BENCH_JAR:-$repo/bench/target/benchmarks.jar}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
for f in "$jar" "$bench"; do [[ -f "$f" ]] || { echo "$f is missing (./mvnw -q -pl app,bench -am package -DskipTests)" >&2; exit 2; }; done
[[ -x "$java" ]] || { echo "no java at $java" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 2; }

key=AKIABENCH00000000001
secret=benchsecretbenchsecretbenchsecretbench00
work="$(mktemp -d "${TMPDIR:-/tmp}/amphora-gateway-overhead.XXXXXX")"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# One run; prints CPU seconds per million samples.
measure() {
  local auth="$1" dir port ws before after
  dir="$(mktemp -d "$work/run.XXXX")"
  port=$((30000 + RANDOM % 20000))
  printf 'defaults:\n  ingestion_rate: 100000000\n  ingestion_burst_size: 100000000\n' > "$dir/runtime.yaml"
  AMPHORA_ADMIN_ACCESS_KEY_ID=$key AMPHORA_ADMIN_SECRET_ACCESS_KEY=$secret \
    "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$jar" \
    --server.port=$port --amphora.grpc.port=$((port + 1)) --amphora.data-dir="$dir/data" \
    --amphora.runtime-config.file="$dir/runtime.yaml" --amphora.gateway.auth-enabled="$auth" > "$dir/amphora.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" 2>/dev/null && break; sleep 0.5; done
  local sign=()
  if [[ "$auth" == true ]]; then
    ws="$(curl -sS --aws-sigv4 "aws:amz:us-east-1:aps" --user "$key:$secret" -H 'Content-Type: application/json' \
      -X POST -d '{"alias":"bench"}' "http://127.0.0.1:$port/workspaces" | sed -n 's/.*"workspaceId":"\([^"]*\)".*/\1/p')"
    sleep 1
    sign=(--sigv4-region=us-east-1 --sigv4-access-key=$key --sigv4-secret-key=$secret)
  else
    ws=ws-bench
  fi
  local url="http://127.0.0.1:$port/workspaces/$ws/api/v1/remote_write"
  "$java" -cp "$bench" io.amphora.bench.remotewrite.RemoteWriteLoad --url="$url" --series="$series" \
    --samples-per-series=20 --start=now-3h "${sign[@]}" > "$dir/warm-up.out" 2>&1
  before="$(awk '{print $14+$15}' /proc/$pid/stat)"
  "$java" -cp "$bench" io.amphora.bench.remotewrite.RemoteWriteLoad --url="$url" --series="$series" \
    --samples-per-series="$steps" "${sign[@]}" > "$dir/load.out" 2>&1
  after="$(awk '{print $14+$15}' /proc/$pid/stat)"
  grep -q "requests_4xx=0 requests_5xx=0 requests_other=0 requests_failed=0" "$dir/load.out" \
    || { echo "auth=$auth: not every request was accepted:" >&2; tail -3 "$dir/load.out" >&2; exit 1; }
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v s=$((series * steps)) 'BEGIN {printf "%.2f\n", t / hz / (s / 1e6)}'
}

open=(); signed=()
for i in $(seq 1 "$runs"); do
  open+=("$(measure false)"); signed+=("$(measure true)")
  echo "run $i: open ${open[-1]} s/M samples, signed ${signed[-1]} s/M samples; load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "median CPU s per million samples ($series series x $steps, $runs runs): open $(median "${open[@]}"), signed $(median "${signed[@]}")"
