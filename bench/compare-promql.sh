#!/usr/bin/env bash
# PromQL range queries, Amphora's engine vs Debian's Prometheus, on the same data:
#   bench/compare-promql.sh [dataset ...]        datasets: <thousands>k-<hours>h, default 1k-1h 10k-1h 100k-1h 1k-24h 10k-24h
#
# For each dataset, in turn: starts a fresh Prometheus (empty temp data dir, remote-write receiver, retention, sample
# limit and query timeout raised, no scrape jobs, a free port), then runs PromqlCompare, which loads the generated
# data into it through remote write in time order and into an in-memory queryable in its own JVM, runs every query
# RUNS times on both engines and prints the medians, the ratio Amphora/Prometheus and whether the results agree;
# then stops Prometheus and deletes its data. A summary of all datasets comes last. Prometheus's figure is its
# engine's own execTotalTime (stats=all), without HTTP and JSON; Amphora's is the wall time of QueryEngine.rangeQuery.
#
# Needs: the bench jar (./mvnw -q -pl bench -am package -DskipTests), a JDK 25 (JAVA_HOME, else
# /usr/lib/jvm/temurin-25-jdk-amd64), Debian's prometheus package, curl.
# Environment: RUNS (default 5) timed runs per query and engine, WARMUP (default 3) untimed Amphora runs first, and
# for at least WARMUP_SECONDS (default 3),
# QUERIES (default all; e.g. "rate,topk"), COMPARE_JAVA_OPTS JVM options of the tool (default -Xmx10g),
# COMPARE_OPTS more PromqlCompare options, BENCH_JAR another benchmarks.jar (e.g. from a -Damphora.build.suffix build),
# KEEP_WORK=1 keeps the temp dir with the logs.
# Exits 1 if any query failed on either engine or the results differed, 2 for a missing prerequisite.
set -euo pipefail

datasets=("$@")
[[ ${#datasets[@]} -gt 0 ]] || datasets=(1k-1h 10k-1h 100k-1h 1k-24h 10k-24h)
runs="${RUNS:-5}"
warmup="${WARMUP:-3}"
warmup_seconds="${WARMUP_SECONDS:-3}"
queries="${QUERIES:-all}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_jar="${BENCH_JAR:-$repo/bench/target/benchmarks.jar}"

java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$java_home/bin/java"
[[ -x "$java" ]] || { echo "no java at $java: set JAVA_HOME to a JDK 25" >&2; exit 2; }
prometheus="$(command -v prometheus || true)"
[[ -n "$prometheus" ]] || { echo "prometheus not found: apt-get install prometheus" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 2; }
[[ -f "$bench_jar" ]] || { echo "$bench_jar is missing: ./mvnw -q -pl bench -am package -DskipTests" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/amphora-compare-promql.XXXXXX")"
prom_pid=""
cleanup() {
  if [[ -n "$prom_pid" ]] && kill -0 "$prom_pid" 2>/dev/null; then
    kill -KILL "$prom_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# Waits until $2 answers 2xx, failing early if process $1 exits; $3 is its log.
wait_ready() {
  local pid="$1" url="$2" log="$3"
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "Prometheus exited before it was ready; last lines of $log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "Prometheus not ready after 120 s; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  return 1
}

# SIGTERM, then up to 120 s for Prometheus to close its TSDB.
stop_gracefully() {
  local pid="$1"
  kill -TERM "$pid"
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      return 0
    fi
    sleep 0.5
  done
  echo "Prometheus did not stop within 120 s of SIGTERM" >&2
  return 1
}

prom_version="$("$prometheus" --version 2>&1 | head -n1 | awk '{print $3}')"
printf 'global:\n  scrape_interval: 15s\n' > "$work/prometheus.yml"
failed=0
for dataset in "${datasets[@]}"; do
  port="$(free_port)"
  data="$work/prometheus-$dataset"
  mkdir -p "$data"
  echo "=== $dataset: Prometheus $prom_version on 127.0.0.1:$port, data in $data"
  # Retention far beyond the data's age; sample limit and timeout raised as PromqlCompare raises Amphora's.
  "$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$data" \
    --web.listen-address="127.0.0.1:$port" --web.enable-remote-write-receiver \
    --storage.tsdb.retention.time=3650d --query.max-samples=1000000000 --query.timeout=10m \
    >"$work/prometheus-$dataset.log" 2>&1 &
  prom_pid=$!
  wait_ready "$prom_pid" "http://127.0.0.1:$port/-/ready" "$work/prometheus-$dataset.log"

  status=0
  # shellcheck disable=SC2086 # COMPARE_JAVA_OPTS and COMPARE_OPTS are lists of options on purpose.
  "$java" ${COMPARE_JAVA_OPTS:--Xmx10g} --enable-native-access=ALL-UNNAMED -cp "$bench_jar" \
    io.amphora.bench.promql.PromqlCompare --prometheus-url="http://127.0.0.1:$port" --prometheus-pid="$prom_pid" \
    --dataset="$dataset" --runs="$runs" --warmup="$warmup" --warmup-seconds="$warmup_seconds" --queries="$queries" ${COMPARE_OPTS:-} \
    | tee "$work/compare-$dataset.out" || status=$?
  [[ "$status" == 0 ]] || { echo "$dataset: not every query ran on both engines with equal results" >&2; failed=1; }

  stop_gracefully "$prom_pid"
  prom_pid=""
  rm -rf "$data"
  echo
done

echo "=== summary: median ms per range query (step 15 s), Prometheus $prom_version execTotalTime vs Amphora"
printf '%-10s %-20s %14s %12s %8s  %s\n' dataset query "Prometheus ms" "Amphora ms" "A/P" check
field() {
  sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"
}
for dataset in "${datasets[@]}"; do
  while IFS= read -r line; do
    printf '%-10s %-20s %14s %12s %8s  %s\n' "$(field dataset "$line")" "$(field query "$line")" \
      "$(field prometheus_ms "$line")" "$(field amphora_ms "$line")" "$(field ratio "$line")" "$(field check "$line")"
  done < <(grep '^RESULT ' "$work/compare-$dataset.out" || true)
done
echo "A/P below 1: Amphora faster. Prometheus reads its TSDB (compressed chunks, memory-mapped); Amphora an in-memory"
echo "queryable. Both ran on this machine ($(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg))."
exit "$failed"
