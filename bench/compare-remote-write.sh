#!/usr/bin/env bash
# Remote-write ingestion, Amphora vs Debian's Prometheus, in one run with the same load:
#   bench/compare-remote-write.sh [series=10000] [samples-per-series=120]
#
# Starts a fresh Prometheus (remote-write receiver, admin API, empty temp data dir) and a fresh Amphora single
# process (empty temp data dir), sends each the same synthetic load with RemoteWriteLoad, and prints for each:
#   samples/s            accepted samples per second of wall time, as the load tool saw it (client and server share
#                        this machine's cores)
#   CPU s / M samples    utime+stime of the server process (/proc/<pid>/stat, CLK_TCK ticks) from just before the
#                        load to SETTLE_SECONDS after it, per million accepted samples
#   peak RSS             VmHWM of the server process (/proc/<pid>/status) at the end of the load, startup included
#   disk bytes/sample    bytes of the files in the data dir after a graceful stop (SIGTERM) per accepted sample;
#                        for Prometheus that is its WAL (the head is not written as a block on shutdown), and a second
#                        figure is the block that POST /api/v1/admin/tsdb/snapshot writes from the head
# and the Amphora/Prometheus ratios. Exits 1 if either run had a request without a 2xx answer. Amphora runs with
# the ingestion rate limit of workspace ws-bench lifted (Prometheus has none).
#
# Needs: the bench jar and the executable (./mvnw -q -pl app,bench -am package -DskipTests), a JDK 25
# (JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64), Debian's prometheus package, curl.
# Environment: LOAD_OPTS extra RemoteWriteLoad options for both runs (e.g. "--concurrency=8 --batch-size=5000"),
# AMPHORA_JAVA_OPTS extra JVM options for Amphora (e.g. "-Xmx2g"), SETTLE_SECONDS (default 2),
# KEEP_WORK=1 keeps the temp dir with both data dirs and logs, AMPHORA_JAR and BENCH_JAR other jars than
# app/target/amphora-exec.jar and bench/target/benchmarks.jar (builds with -Damphora.build.suffix write elsewhere).
set -euo pipefail

series="${1:-10000}"
samples="${2:-120}"
settle="${SETTLE_SECONDS:-2}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_jar="${BENCH_JAR:-$repo/bench/target/benchmarks.jar}"
app_jar="${AMPHORA_JAR:-$repo/app/target/amphora-exec.jar}"
clk_tck="$(getconf CLK_TCK)"

java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$java_home/bin/java"
[[ -x "$java" ]] || { echo "no java at $java: set JAVA_HOME to a JDK 25" >&2; exit 2; }
prometheus="$(command -v prometheus || true)"
[[ -n "$prometheus" ]] || { echo "prometheus not found: apt-get install prometheus" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 2; }
for jar in "$bench_jar" "$app_jar"; do
  [[ -f "$jar" ]] || { echo "$jar is missing: ./mvnw -q -pl app,bench -am package -DskipTests" >&2; exit 2; }
done

if [[ " ${LOAD_OPTS:-} " == *" --protocol=2.0 "* ]]; then
  # Prometheus 2.42 reads a 2.0 body as an empty 1.0 request and answers 2xx: the comparison would be void.
  echo "LOAD_OPTS: Debian's Prometheus 2.42 does not understand remote write 2.0; compare with 1.0" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/amphora-compare-rw.XXXXXX")"
started_pids=()
cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
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

# utime + stime of a process, in clock ticks. The fields are counted after the ')' closing the command name, which
# may itself contain spaces.
cpu_ticks() {
  sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

peak_rss_kib() {
  awk '/^VmHWM:/ {print $2}' "/proc/$1/status"
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
# its WAL).
stop_gracefully() {
  local pid="$1" name="$2"
  kill -TERM "$pid"
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

# Sum of the sizes of the regular files under $1, skipping the subtree $2 if given.
files_bytes() {
  if [[ -n "${2:-}" ]]; then
    find "$1" -path "$2" -prune -o -type f -printf '%s\n'
  else
    find "$1" -type f -printf '%s\n'
  fi | awk '{s += $1} END {printf "%d\n", s}'
}

result_field() {
  sed -n "s/^RESULT .*\b$2=\([^ ]*\).*/\1/p" "$1"
}

# Runs the load against $1 (more RemoteWriteLoad options may follow); output to $work/$name.load, shown too.
# Prints nothing else; returns the load tool's exit status.
run_load() {
  local name="$1" url="$2"
  shift 2
  # shellcheck disable=SC2086 # LOAD_OPTS is a list of options on purpose.
  "$java" --enable-native-access=ALL-UNNAMED -cp "$bench_jar" io.amphora.bench.remotewrite.RemoteWriteLoad \
    --url="$url" --series="$series" --samples-per-series="$samples" ${LOAD_OPTS:-} "$@" \
    | tee "$work/$name.load" | sed "s/^/  [$name load] /" >&2
  return "${PIPESTATUS[0]}"
}

fmt() {
  awk -v x="$1" -v f="$2" 'BEGIN {if (x == "" || x == "n/a") print "n/a"; else printf f "\n", x}'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f\n", a / b}'
}

per_million() {
  awk -v ticks="$1" -v hz="$clk_tck" -v n="$2" 'BEGIN {if (n + 0 == 0) print "n/a"; else printf "%.3f\n", ticks / hz / n * 1e6}'
}

mib() {
  awk -v k="$1" 'BEGIN {if (k + 0 == 0) print "n/a"; else printf "%.1f\n", k / 1024}'
}

per_sample() {
  awk -v b="$1" -v n="$2" 'BEGIN {if (n + 0 == 0) print "n/a"; else printf "%.3f\n", b / n}'
}

failed=0

# ---------------------------------------------------------------- Prometheus
prom_version="$("$prometheus" --version 2>&1 | head -n1 | awk '{print $3}')"
prom_port="$(free_port)"
prom_data="$work/prometheus-data"
mkdir -p "$prom_data"
printf 'global:\n  scrape_interval: 15s\n' > "$work/prometheus.yml"
echo "Prometheus $prom_version on 127.0.0.1:$prom_port, data in $prom_data" >&2
"$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$prom_data" \
  --web.listen-address="127.0.0.1:$prom_port" --web.enable-remote-write-receiver --web.enable-admin-api \
  >"$work/prometheus.log" 2>&1 &
prom_pid=$!
started_pids+=("$prom_pid")
wait_ready "$prom_pid" "http://127.0.0.1:$prom_port/-/ready" Prometheus "$work/prometheus.log"

prom_ticks_before="$(cpu_ticks "$prom_pid")"
prom_status=0
run_load prometheus "http://127.0.0.1:$prom_port/api/v1/write" || prom_status=$?
sleep "$settle"
prom_ticks=$(( $(cpu_ticks "$prom_pid") - prom_ticks_before ))
prom_rss_kib="$(peak_rss_kib "$prom_pid")"
prom_accepted="$(result_field "$work/prometheus.load" samples_accepted)"
prom_rate="$(result_field "$work/prometheus.load" samples_per_second)"
[[ "$prom_status" == 0 ]] || { echo "Prometheus run: not every request was answered 2xx (see above)" >&2; failed=1; }

snapshot_answer="$(curl -sS -X POST "http://127.0.0.1:$prom_port/api/v1/admin/tsdb/snapshot" 2>&1)" || true
snapshot="$(sed -n 's/.*"name":"\([^"]*\)".*/\1/p' <<<"$snapshot_answer")"
[[ -n "$snapshot" ]] || { echo "Prometheus snapshot failed: $snapshot_answer" >&2; exit 1; }
snapshot_dir="$prom_data/snapshots/$snapshot"
prom_block_bytes="$(files_bytes "$snapshot_dir")"
prom_block_chunk_bytes="$(find "$snapshot_dir" -path '*/chunks/*' -type f -printf '%s\n' | awk '{s += $1} END {printf "%d\n", s}')"
stop_gracefully "$prom_pid" Prometheus
prom_disk_bytes="$(files_bytes "$prom_data" "$prom_data/snapshots")"
prom_wal_bytes="$(files_bytes "$prom_data/wal")"
prom_head_chunk_bytes="$(files_bytes "$prom_data/chunks_head")"

# ---------------------------------------------------------------- Amphora
amphora_port="$(free_port)"
amphora_grpc_port="$(free_port)"
amphora_data="$work/amphora-data"
mkdir -p "$amphora_data"
# Prometheus has no ingestion quota; lifting the workspace's (140,000 samples/s by default, 429 beyond) makes both
# runs measure what the server can do rather than a managed-service limit.
cat > "$work/amphora-runtime.yaml" <<'YAML'
overrides:
  ws-bench:
    ingestion_rate: 100000000
    ingestion_burst_size: 100000000
YAML
echo "Amphora on 127.0.0.1:$amphora_port (gRPC $amphora_grpc_port), data in $amphora_data, ws-bench ingestion limit lifted" >&2
# The gateway runs open (no SigV4, no workspace check), as Prometheus's receiver checks nothing; what signing costs
# is measured on its own (bench/README.md, "Gateway overhead").
# shellcheck disable=SC2086 # AMPHORA_JAVA_OPTS is a list of options on purpose.
"$java" ${AMPHORA_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -jar "$app_jar" --server.port="$amphora_port" --amphora.grpc.port="$amphora_grpc_port" \
  --amphora.data-dir="$amphora_data" --amphora.runtime-config.file="$work/amphora-runtime.yaml" \
  --amphora.gateway.auth-enabled=false >"$work/amphora.log" 2>&1 &
amphora_pid=$!
started_pids+=("$amphora_pid")
amphora_status=0
if wait_ready "$amphora_pid" "http://127.0.0.1:$amphora_port/ready" Amphora "$work/amphora.log"; then
  amphora_ticks_before="$(cpu_ticks "$amphora_pid")"
  run_load amphora "http://127.0.0.1:$amphora_port/workspaces/ws-bench/api/v1/remote_write" || amphora_status=$?
  sleep "$settle"
  amphora_ticks=$(( $(cpu_ticks "$amphora_pid") - amphora_ticks_before ))
  amphora_rss_kib="$(peak_rss_kib "$amphora_pid")"
  amphora_accepted="$(result_field "$work/amphora.load" samples_accepted)"
  amphora_rate="$(result_field "$work/amphora.load" samples_per_second)"
  [[ "$amphora_status" == 0 ]] || echo "Amphora run: not every request was answered 2xx (see above)" >&2
  stop_gracefully "$amphora_pid" Amphora
  amphora_disk_bytes="$(files_bytes "$amphora_data")"
  amphora_log_bytes="$(find "$amphora_data" -type f -name '*.log' -printf '%s\n' | awk '{s += $1} END {printf "%d\n", s}')"
  amphora_sst_bytes="$(find "$amphora_data" -type f -name '*.sst' -printf '%s\n' | awk '{s += $1} END {printf "%d\n", s}')"
else
  # Reported as a failed run, so that the Prometheus figures above are still printed.
  amphora_status=1
  amphora_ticks=0 amphora_rss_kib="" amphora_accepted=0 amphora_rate=n/a amphora_disk_bytes=0 amphora_log_bytes=0
  amphora_sst_bytes=0
fi
[[ "$amphora_status" == 0 ]] || failed=1

# ---------------------------------------------------------------- report
# Figures of a run that was not fully accepted are shown, but no ratio is drawn from them.
prom_ok=$([[ "$prom_status" == 0 ]] && echo 1 || echo 0)
amphora_ok=$([[ "$amphora_status" == 0 ]] && echo 1 || echo 0)
prom_cpu="$(per_million "$prom_ticks" "$prom_accepted")"
amphora_cpu="$(per_million "$amphora_ticks" "$amphora_accepted")"
prom_rss_mib="$(mib "$prom_rss_kib")"
amphora_rss_mib="$(mib "$amphora_rss_kib")"
prom_disk="$(per_sample "$prom_disk_bytes" "$prom_accepted")"
prom_block="$(per_sample "$prom_block_bytes" "$prom_accepted")"
prom_block_chunks="$(per_sample "$prom_block_chunk_bytes" "$prom_accepted")"
amphora_disk="$(per_sample "$amphora_disk_bytes" "$amphora_accepted")"
if [[ "$prom_ok$amphora_ok" == 11 ]]; then
  r() { ratio "$1" "$2"; }
else
  r() { echo "n/a"; }
fi

echo
echo "remote write 1.0: $series series x $samples samples = $((series * samples)) samples per run${LOAD_OPTS:+ (LOAD_OPTS: $LOAD_OPTS)}"
printf '%-44s %18s %18s %12s\n' "" "Prometheus $prom_version" "Amphora" "Amphora/Prom"
printf '%-44s %18s %18s %12s\n' "run fully accepted (every request 2xx)" \
  "$([[ $prom_ok == 1 ]] && echo yes || echo NO)" "$([[ $amphora_ok == 1 ]] && echo yes || echo NO)" ""
printf '%-44s %18s %18s %12s\n' "samples accepted" "${prom_accepted:-0}" "${amphora_accepted:-0}" ""
printf '%-44s %18s %18s %12s\n' "samples/s (accepted, wall time)" "$(fmt "$prom_rate" %.0f)" "$(fmt "$amphora_rate" %.0f)" \
  "$(r "$amphora_rate" "$prom_rate")"
printf '%-44s %18s %18s %12s\n' "server CPU s per million samples" "$prom_cpu" "$amphora_cpu" "$(r "$amphora_cpu" "$prom_cpu")"
printf '%-44s %18s %18s %12s\n' "server peak RSS MiB (VmHWM)" "$prom_rss_mib" "$amphora_rss_mib" \
  "$(r "$amphora_rss_mib" "$prom_rss_mib")"
printf '%-44s %18s %18s %12s\n' "disk B/sample, data dir after SIGTERM [1]" "$prom_disk" "$amphora_disk" "$(r "$amphora_disk" "$prom_disk")"
printf '%-44s %18s %18s %12s\n' "disk B/sample, Prometheus snapshot block [2]" "$prom_block" "-" "$(r "$amphora_disk" "$prom_block")"
printf '%-44s %18s %18s %12s\n' "  of which block chunks/ files" "$prom_block_chunks" "-" ""
echo "[1] Prometheus: its data dir ($prom_disk_bytes bytes: WAL $prom_wal_bytes, head chunk files $prom_head_chunk_bytes),"
echo "    the head's only on-disk form after a shutdown."
echo "    Amphora: its data dir ($amphora_disk_bytes bytes: RocksDB WAL *.log $amphora_log_bytes, SST files $amphora_sst_bytes)"
echo "    after the checkpoint it writes on SIGTERM."
echo "[2] the head written as a TSDB block (index + chunks + meta) by POST /api/v1/admin/tsdb/snapshot, before the"
echo "    stop; the ratio compares Amphora's data dir with it."
echo "CPU: $clk_tck ticks/s; Prometheus $prom_ticks ticks, Amphora $amphora_ticks ticks, load to ${settle} s after it."
exit "$failed"
