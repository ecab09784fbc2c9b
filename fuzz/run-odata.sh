#!/usr/bin/env bash
# libFuzzer target for the CBS OData readers: JSONParser, CBSODataV4Connector.parse (Observations pages) and
# CBSODataV3Connector.parse (UntypedDataSet/TypedDataSet pages). See fuzz/odata/ODataFuzzTarget.swift.
#
# Usage: fuzz/run-odata.sh [seconds]        (default 600; 0 = build and replay the corpus only)
#
# Builds, separately from `swift build`, into .build-fuzz-odata/ (git-ignored): the JSONCodec module as it is, and the
# ImpactModel, CSVCodec and Connectors sources the readers need plus Fetching/{HTTP,HTTPStatusReporting,LinkScope,FetchError,FetchRecord}.swift are copied there
# with their cross-module imports removed and compiled as one module with
# `swiftc -sanitize=fuzzer,address -parse-as-library -O` (swift-crypto's SHA256 is replaced by
# fuzz/odata/SHA256Shim.swift, checked against the FIPS 180-2 "abc" vector at start-up).
# Seeds: the demo's CBS snapshots and the /work/shared/data/real/cbs-* JSON files up to 2 MB (copied at run time,
# never committed); inputs are capped at 256 KiB (-max_len). The corpus grows in .build-fuzz-odata/corpus.
# LeakSanitizer is off (-detect_leaks=0 and ASAN_OPTIONS): Swift packs enum tag bits into spare pointer bits (Data's
# representation), so LSan reports the fixtures held in a global as leaked; runaway memory is still caught by
# -rss_limit_mb / -malloc_limit_mb. A crash, out-of-memory or hang (-timeout=20 s per input) leaves its input in
# .build-fuzz-odata/artifacts/ and makes this script exit non-zero.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
build="$root/.build-fuzz-odata"
src="$build/src"
rm -rf "$src" "$build/seeds" "$build/artifacts"   # artifacts of this run only
mkdir -p "$src" "$build/corpus" "$build/seeds" "$build/artifacts"

copy() {  # copy <module> <file...>: strip imports of the modules merged into this build
    local module=$1; shift
    for f in "$@"; do
        sed -E -e '/^import (Fetching|Crypto|ImpactModel|CSVCodec|ContentHash|JSONCodec)$/d' \
            -e 's/ContentHash\.sha256Hex\(/fuzzSHA256Hex(/g' "$f" > "$src/${module}_$(basename "$f")"
    done
}
copy ImpactModel "$root"/Sources/ImpactModel/*.swift
copy CSVCodec "$root"/Sources/CSVCodec/*.swift
copy Fetching "$root"/Sources/Fetching/HTTP.swift "$root"/Sources/Fetching/HTTPStatusReporting.swift "$root"/Sources/Fetching/LinkScope.swift "$root"/Sources/Fetching/FetchError.swift \
    "$root"/Sources/Fetching/FetchRecord.swift
# JSONCodec has no imports to strip: its files are copied as they are.
cp "$root"/Sources/JSONCodec/*.swift "$src/"
for f in JSONBody CBSODataV4 CBSODataV3 ODataPaging ODataPageScan ODataPageChain CBSSelection Bodies ConnectorError \
    URIReference Fetch SourceConnector KvKBasisprofiel; do
    copy Connectors "$root/Sources/Connectors/$f.swift"
done
cp "$root"/fuzz/odata/*.swift "$src/"

binary="$build/odata-fuzzer"
echo "building $binary ..."
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 \
    -module-name ODataFuzz -package-name impactmonitor \
    -o "$binary" "$src"/*.swift

# Seeds: every demo snapshot body and the real recorded CBS responses up to 2 MB.
n=0
for f in "$root"/pipelines/haarlem-demo/cbs/*/*.json; do
    cp "$f" "$build/seeds/demo-$(basename "$(dirname "$f")")-$(basename "$f")"; n=$((n + 1))
done
if [ -d /work/shared/data/real ]; then
    while IFS= read -r f; do
        cp "$f" "$build/seeds/real-$(echo "${f#/work/shared/data/real/}" | tr '/' '_')"; n=$((n + 1))
    done < <(find /work/shared/data/real/cbs-* -type f -name '*.json' -size -2M | sort)
fi
echo "seeds: $n files"

export ODATA_FUZZ_V4="$root/pipelines/haarlem-demo/cbs/37789ksz"
export ODATA_FUZZ_V3="$root/pipelines/haarlem-demo/cbs/83599NED"
# libFuzzer's -detect_leaks=0 covers the fuzzing loop only; the exit-time LeakSanitizer check needs ASAN_OPTIONS.
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
log="$build/last-run.log"
set +e
limit=(-max_total_time="$seconds")
[ "$seconds" = 0 ] && limit=(-runs=0)
"$binary" "${limit[@]}" -timeout=20 -rss_limit_mb=4096 -malloc_limit_mb=1024 -detect_leaks=0 -max_len=262144 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/" "$build/corpus" "$build/seeds" 2>&1 | tee "$log" | grep -E '^#[0-9]+.*(pulse|DONE)|ERROR|SUMMARY|stat::'
status=${PIPESTATUS[0]}
set -e
crashes=$(find "$build/artifacts" -type f | wc -l)
echo "executions: $(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | awk '{print $2}')"
echo "crash/leak/timeout artifacts: $crashes (in $build/artifacts)"
exit "$status"
