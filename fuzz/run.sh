#!/usr/bin/env bash
# Builds the CSVCodec libFuzzer target and runs it for a bounded time.
#
#   fuzz/run.sh [seconds=600] [jobs=1]
#
# The executable is compiled straight from Sources/CSVCodec/*.swift plus fuzz/FuzzCSV.swift with
# `swiftc -sanitize=fuzzer,address`, so `swift build` never builds it. Seeds: the StatLine CSV exports
# (first 16 KiB of each, from ../shared/data/real or $IMPACTMON_SHARED_DATA) and a few hand-made edge cases.
# The growing corpus lives in fuzz/corpus-work/ and crashes in fuzz/crash-* (both git-ignored).
# Exit status: 0 when libFuzzer found nothing, non-zero otherwise.
set -euo pipefail
seconds="${1:-600}"
jobs="${2:-1}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
shared="${IMPACTMON_SHARED_DATA:-$root/../shared/data/real}"
build="$root/.build-fuzz"
mkdir -p "$build" "$here/corpus-work" "$here/corpus-seeds"

swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name CSVFuzz -package-name ImpactMonitor \
    "$root"/Sources/CSVCodec/*.swift "$here/FuzzCSV.swift" \
    -o "$build/csv-fuzz"

seeds="$here/corpus-seeds"
if [ -d "$shared/statline-csv-ijhidding" ]; then
    for f in "$shared"/statline-csv-ijhidding/*.csv; do
        head -c 16384 "$f" > "$seeds/$(basename "$f" .csv).seed"
    done
fi
printf 'a,b\r\n"x\r\ny","q""r"\r\n\r\n""\r\n' > "$seeds/rfc4180.seed"
printf '\xef\xbb\xbfkvk_nummer;naam;postcode\r\n01234567;Stichting Voorbeeld;1234 AB\r\n' > "$seeds/b16.seed"
printf 'kvk;naam;postcode;naam\n01234567;Stichting Alfa;1234 AB;Stg. Alfa\n' > "$seeds/b21.seed"
printf '"ab"c,d"e\r"open\n' > "$seeds/stray.seed"
printf 'naam;plaats\nCo\xf6p;\x80\x81\n' > "$seeds/cp1252.seed"

cd "$build" || exit 1  # libFuzzer writes fuzz-<n>.log into the working folder with -jobs
parallel=()
if [ "$jobs" -gt 1 ]; then parallel=("-jobs=$jobs" "-workers=$jobs"); fi
"$build/csv-fuzz" "$here/corpus-work" "$seeds" \
    -dict="$here/csv.dict" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$seconds" "${parallel[@]}" -print_final_stats=1 \
    -artifact_prefix="$here/crash-"
