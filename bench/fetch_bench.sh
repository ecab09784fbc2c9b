#!/usr/bin/env bash
# Fetch benchmark: our HTTPClient (libcurl worker pool, response store) through the CBS OData v4 connector, against
# Debian's curl on the same loopback server and the same pages, in the same run.
#
# Usage: bench/fetch_bench.sh [pages] [page_kb] [repetitions]     (defaults 200 300 3)
#        IMPACTMON=/path/to/impactmon bench/fetch_bench.sh         (skip the release build)
#
# The server (tools/loopback/odata_server.py --pages N) serves a synthetic v4 table: N Observations pages of about
# page_kb KB, chained by absolute @odata.nextLink, plus its metadata (Properties, Dimensions, MeasureCodes,
# RegioSCodes, PeriodenCodes). Measured, each `repetitions` times, wall time:
#   ours        `impactmon fetch` (release build) on a one-source pipeline: the v4 connector's request plan
#               (5 metadata requests, then the N pages one after another: each page's nextLink is only known once
#               the page is parsed), every body parsed (JSONParser), @odata.count verified, bodies written to
#               fetch/ and to the response store; a fresh output folder each time (no conditional GET)
#   curl -Z     `curl --parallel --parallel-max 4` over the N page URLs (known up front), bodies to files
#   curl seq    one `curl` process fetching the N page URLs one after another (connection reused), bodies to files
# and prints the median of each and the ratios ours/curl.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pages=${1:-200}
page_kb=${2:-300}
reps=${3:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/impactmon-fetch-bench.XXXXXX")
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${IMPACTMON:-}" ]; then
    echo "building impactmon (release) ..." >&2
    (cd "$root" && swift build -c release --product impactmon >&2)
    IMPACTMON="$root/.build/release/impactmon"
fi

python3 "$root/tools/loopback/odata_server.py" --pages "$pages" --page-kb "$page_kb" --no-stdin \
    --parent $$ > "$work/server.out" &
server_pid=$!
for _ in $(seq 1 600); do grep -q '^PORT ' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
port=$(awk '/^PORT /{print $2}' "$work/server.out")
[ -n "$port" ] || { echo "server did not start" >&2; exit 1; }
base="http://127.0.0.1:$port/synthetic"

cat > "$work/bench.yaml" <<YAML
version: 1
name: fetch-bench
municipality: {code: GM0392, name: Haarlem}
default_period: 2026Q3
registry: $root/config/registry.csv
metrics: $root/config/metrics.yaml
themes: $root/config/themes.yaml
sources:
  - id: synthetic
    connector: cbs-odata-v4
    table: SYNTH01
    url: $base
    required: true
YAML

: > "$work/curl.cfg"
for n in $(seq 1 "$pages"); do
    printf 'url = "%s/Observations?page=%d"\noutput = "%s/curl/%d.json"\n' "$base" "$n" "$work" "$n" >> "$work/curl.cfg"
done

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

ours=(); par=(); seq_=()
for r in $(seq 1 "$reps"); do
    rm -rf "$work/out" "$work/curl"; mkdir -p "$work/curl"
    t0=$(now)
    "$IMPACTMON" fetch --pipeline "$work/bench.yaml" --output "$work/out" --period 2026Q3 > "$work/ours.log" 2>&1 \
        || { cat "$work/ours.log" >&2; exit 1; }
    t1=$(now); ours+=("$(elapsed "$t0" "$t1")")
    got=$(find "$work/out/fetch-bench/2026Q3/fetch/synthetic" -name '*-Observations.json' | wc -l)
    [ "$got" -eq "$pages" ] || { echo "ours stored $got of $pages pages" >&2; exit 1; }

    t0=$(now)
    curl -s --no-progress-meter --fail --parallel --parallel-max 4 --config "$work/curl.cfg" 2>> "$work/curl.err" \
        || { cat "$work/curl.err" >&2; exit 1; }
    t1=$(now); par+=("$(elapsed "$t0" "$t1")")
    rm -rf "$work/curl"; mkdir -p "$work/curl"

    t0=$(now)
    curl -s --no-progress-meter --fail --config "$work/curl.cfg" 2>> "$work/curl.err" \
        || { cat "$work/curl.err" >&2; exit 1; }
    t1=$(now); seq_+=("$(elapsed "$t0" "$t1")")
    [ "$(find "$work/curl" -mindepth 1 -maxdepth 1 | wc -l)" -eq "$pages" ] || { echo "curl stored too few pages" >&2; exit 1; }
    echo "run $r: ours ${ours[-1]} s, curl --parallel-max 4 ${par[-1]} s, curl sequential ${seq_[-1]} s" >&2
done

bytes=$(cat "$work"/curl/*.json | wc -c)
mo=$(median "${ours[@]}"); mp=$(median "${par[@]}"); ms=$(median "${seq_[@]}")
echo "pages: $pages, body bytes: $bytes ($(python3 -c "print(f'{$bytes / 1048576:.1f}')") MiB), repetitions: $reps (median wall time)"
echo "curl: $(curl --version | head -1 | cut -d' ' -f1-2); impactmon: $IMPACTMON"
printf '%-34s %8s s\n' "ours (impactmon fetch, v4 connector)" "$mo" "curl --parallel --parallel-max 4" "$mp" \
    "curl sequential (one process)" "$ms"
python3 -c "print(f'ratio ours / curl parallel:   {$mo / $mp:.2f}'); print(f'ratio ours / curl sequential: {$mo / $ms:.2f}')"
