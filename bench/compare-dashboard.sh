#!/usr/bin/env bash
# End-to-end query latency of a Grafana dashboard, Amphora vs Debian's Prometheus, on the same data:
#   bench/compare-dashboard.sh [dataset ...]     datasets: <thousands>k-<hours>h[@<seconds>s],
#                                                default 10k-1h 100k-1h 10k-24h 100k-24h@60s
#
# For each dataset, in turn: starts a fresh Prometheus (empty temp data dir, remote-write receiver, retention, sample
# limit and query timeout raised, no scrape jobs, a free port) and a fresh Amphora single process (empty temp data dir,
# free ports, workspace ws-bench's ingestion and per-query limits lifted, engine sample limit and timeouts raised as
# Prometheus's), then runs DashboardCompare: it loads the same generated data into both through remote write in time
# order, waits until both are idle, and times the dashboard's range queries (DashboardPanel) through both HTTP APIs,
# round trip from the client, both servers alternately, and checks that the answers agree. Then it stops both
# (SIGTERM), notes their peak RSS and deletes their data. A summary of all datasets comes last.
#
# Needs: the bench jar and the executable (./mvnw -q -pl app,bench -am package -DskipTests), a JDK 25 (JAVA_HOME,
# else /usr/lib/jvm/temurin-25-jdk-amd64), Debian's prometheus package, curl.
# Environment: RUNS (default 5) timed runs of the dashboard per server, WARMUP (2) untimed runs first and for at least
# WARMUP_SECONDS (20), STATS_RUNS (3) runs with stats=true for the servers' own execution times, PANELS (all),
# MAX_DATA_POINTS (1000), COMPARE_JAVA_OPTS JVM options of the tool (-Xmx2g), COMPARE_OPTS more DashboardCompare
# options (e.g. --aws-region=us-east-1 to sign Amphora's requests with the AWS_* credentials of the environment),
# AMPHORA_JAVA_OPTS extra JVM options for Amphora, AMPHORA_OPTS extra Amphora properties, AMPHORA_JAR and BENCH_JAR
# other jars than app/target/amphora-exec.jar and bench/target/benchmarks.jar (builds with -Damphora.build.suffix
# write elsewhere), KEEP_WORK=1 keeps the temp dir with the logs.
# Exits 1 if any panel failed on either server, the answers differed or a load failed; 2 for a missing prerequisite.
set -euo pipefail

datasets=("$@")
[[ ${#datasets[@]} -gt 0 ]] || datasets=(10k-1h 100k-1h 10k-24h 100k-24h@60s)
runs="${RUNS:-5}"
warmup="${WARMUP:-2}"
warmup_seconds="${WARMUP_SECONDS:-20}"
stats_runs="${STATS_RUNS:-3}"
panels="${PANELS:-all}"
max_data_points="${MAX_DATA_POINTS:-1000}"
workspace=ws-bench
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_jar="${BENCH_JAR:-$repo/bench/target/benchmarks.jar}"
app_jar="${AMPHORA_JAR:-$repo/app/target/amphora-exec.jar}"

java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$java_home/bin/java"
[[ -x "$java" ]] || { echo "no java at $java: set JAVA_HOME to a JDK 25" >&2; exit 2; }
prometheus="$(command -v prometheus || true)"
[[ -n "$prometheus" ]] || { echo "prometheus not found: apt-get install prometheus" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 2; }
for jar in "$bench_jar" "$app_jar"; do
  [[ -f "$jar" ]] || { echo "$jar is missing: ./mvnw -q -pl app,bench -am package -DskipTests" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/amphora-compare-dashboard.XXXXXX")"
prom_pid=""
amphora_pid=""
cleanup() {
  local pid
  for pid in "$prom_pid" "$amphora_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
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

# Waits until $2 answers 2xx, failing early if process $1 exits; $3 names it, $4 is its log.
wait_ready() {
  local pid="$1" url="$2" name="$3" log="$4"
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited before it was ready; last lines of $log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "$name not ready after 120 s; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  return 1
}

# SIGTERM, then waits up to 120 s for the process to finish its shutdown (Amphora checkpoints, Prometheus closes
# its TSDB).
stop_gracefully() {
  local pid="$1" name="$2"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      return 0
    fi
    sleep 0.5
  done
  echo "$name did not stop within 120 s of SIGTERM" >&2
  return 1
}

peak_rss_mib() {
  awk '/^VmHWM:/ {printf "%.0f\n", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo n/a
}

prom_version="$("$prometheus" --version 2>&1 | head -n1 | awk '{print $3}')"
printf 'global:\n  scrape_interval: 15s\n' > "$work/prometheus.yml"
# Prometheus has no ingestion quota and no per-query fetch limits; lifting the workspace's (140,000 samples/s with
# 429 beyond; 2M chunks and 50M samples per query) lets both servers load and answer the same things. 0 = no limit.
cat > "$work/amphora-runtime.yaml" <<YAML
overrides:
  $workspace:
    ingestion_rate: 100000000
    ingestion_burst_size: 100000000
    max_fetched_chunks_per_query: 0
    max_fetched_samples_per_query: 0
YAML
failed=0
for dataset in "${datasets[@]}"; do
  name="${dataset//@/-}"
  # ---------------------------------------------------------------- Prometheus
  prom_port="$(free_port)"
  prom_data="$work/prometheus-$name"
  mkdir -p "$prom_data"
  echo "=== $dataset: Prometheus $prom_version on 127.0.0.1:$prom_port, data in $prom_data"
  # Retention far beyond the data's age; sample limit and timeout raised as Amphora's are below.
  "$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$prom_data" \
    --web.listen-address="127.0.0.1:$prom_port" --web.enable-remote-write-receiver \
    --storage.tsdb.retention.time=3650d --query.max-samples=1000000000 --query.timeout=10m \
    >"$work/prometheus-$name.log" 2>&1 &
  prom_pid=$!
  wait_ready "$prom_pid" "http://127.0.0.1:$prom_port/-/ready" Prometheus "$work/prometheus-$name.log"

  # ---------------------------------------------------------------- Amphora
  amphora_port="$(free_port)"
  amphora_grpc_port="$(free_port)"
  amphora_data="$work/amphora-$name"
  mkdir -p "$amphora_data"
  echo "=== $dataset: Amphora on 127.0.0.1:$amphora_port (gRPC $amphora_grpc_port), data in $amphora_data"
  # The engine's sample limit and timeout as Prometheus's above; the querier's read of the ingesters may take as
  # long as a query may. The distributor's push to the ingester may take 30 s instead of 2 s: on this 2-core machine
  # with other builds running, a 20,000-sample push once took over 2 s and the load failed with 500 (Prometheus's
  # receiver has no such deadline). The gateway runs open (no SigV4, no workspace lookup), as Prometheus checks
  # nothing; bench/gateway-overhead.sh measures what the checks cost.
  # shellcheck disable=SC2086 # AMPHORA_JAVA_OPTS and AMPHORA_OPTS are lists of options on purpose.
  "$java" ${AMPHORA_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -jar "$app_jar" --server.port="$amphora_port" --amphora.grpc.port="$amphora_grpc_port" \
    --amphora.data-dir="$amphora_data" --amphora.runtime-config.file="$work/amphora-runtime.yaml" \
    --amphora.querier.promql.max-samples=1000000000 --amphora.querier.promql.timeout=10m \
    --amphora.querier.ingester-timeout=10m --amphora.distributor.remote-timeout=30s \
    --amphora.gateway.auth-enabled=false ${AMPHORA_OPTS:-} \
    >"$work/amphora-$name.log" 2>&1 &
  amphora_pid=$!
  wait_ready "$amphora_pid" "http://127.0.0.1:$amphora_port/ready" Amphora "$work/amphora-$name.log"

  status=0
  # shellcheck disable=SC2086 # COMPARE_JAVA_OPTS and COMPARE_OPTS are lists of options on purpose.
  "$java" ${COMPARE_JAVA_OPTS:--Xmx2g} --enable-native-access=ALL-UNNAMED -cp "$bench_jar" \
    io.amphora.bench.promql.DashboardCompare --prometheus-url="http://127.0.0.1:$prom_port" \
    --amphora-url="http://127.0.0.1:$amphora_port/workspaces/$workspace" \
    --prometheus-pid="$prom_pid" --amphora-pid="$amphora_pid" --dataset="$dataset" --runs="$runs" \
    --warmup="$warmup" --warmup-seconds="$warmup_seconds" --stats-runs="$stats_runs" --panels="$panels" \
    --max-data-points="$max_data_points" ${COMPARE_OPTS:-} \
    | tee "$work/compare-$name.out" || status=$?
  [[ "$status" == 0 ]] || { echo "$dataset: not every panel ran on both servers with equal answers" >&2; failed=1; }

  prom_rss="$(peak_rss_mib "$prom_pid")"
  amphora_rss="$(peak_rss_mib "$amphora_pid")"
  echo "RSS dataset=$dataset prometheus_peak_rss_mib=$prom_rss amphora_peak_rss_mib=$amphora_rss" \
    | tee -a "$work/compare-$name.out"
  stop_gracefully "$prom_pid" Prometheus || failed=1
  prom_pid=""
  stop_gracefully "$amphora_pid" Amphora || failed=1
  amphora_pid=""
  rm -rf "$prom_data" "$amphora_data"
  echo
done

echo "=== summary: median round trip ms per range query, Prometheus $prom_version vs Amphora, through their HTTP APIs"
printf '%-14s %-26s %12s %12s %7s %11s %11s  %s\n' dataset panel "Prom ms" "Amphora ms" "A/P" "P exec ms" \
  "A exec ms" check
field() {
  sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"
}
for dataset in "${datasets[@]}"; do
  name="${dataset//@/-}"
  while IFS= read -r line; do
    printf '%-14s %-26s %12s %12s %7s %11s %11s  %s\n' "$(field dataset "$line")" "$(field panel "$line")" \
      "$(field prometheus_ms "$line")" "$(field amphora_ms "$line")" "$(field ratio "$line")" \
      "$(field prometheus_exec_ms "$line")" "$(field amphora_exec_ms "$line")" "$(field check "$line")"
  done < <(grep '^RESULT ' "$work/compare-$name.out" || true)
  grep '^RSS ' "$work/compare-$name.out" | sed 's/^RSS /  peak RSS: /' || true
done
echo "A/P below 1: Amphora faster. Round trip: POST sent to last byte of the JSON read, no compression, no stats."
echo "Both servers ran on this machine ($(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg))."
exit "$failed"
