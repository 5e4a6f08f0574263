#!/bin/sh
# Builds reel's libFuzzer targets with clang (ASan + UBSan, library code
# instrumented for coverage) in build-fuzz/, then runs each target for N
# seconds (default 60), one after the other, starting from its committed seed
# corpus in tests/fuzz/corpus/TARGET/. New inputs go to a temporary directory,
# never into the repository; crashes are written as crash-* files there too.
# Prints the executions per target, and the directories to look at.
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   make fuzz                 every target for 60 s
#   scripts/fuzz.sh 300 fuzz_scene
#   FUZZ_FLAGS=-detect_leaks=0 ASAN_OPTIONS=detect_leaks=0 scripts/fuzz.sh 600
#                             extra libFuzzer flags (here: keep going past a known leak)
#   FUZZ_BUILD=DIR            build directory (default build-fuzz)
set -eu

cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-fuzz_json fuzz_scene fuzz_parsers fuzz_render fuzz_subtitles}
BUILD=${FUZZ_BUILD:-build-fuzz}

case $SECONDS_PER_TARGET in
    ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got \"$SECONDS_PER_TARGET\"" >&2; exit 2 ;;
esac
command -v clang >/dev/null || { echo "fuzz.sh: clang is needed (apt-get install clang)" >&2; exit 2; }

if [ ! -f "$BUILD/build.ninja" ]; then
    CC=clang meson setup "$BUILD" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
        -Dbuildtype=debugoptimized -Dc_args=-fsanitize=fuzzer-no-link
fi
ninja_targets=""
for t in $TARGETS; do ninja_targets="$ninja_targets tests/fuzz/$t"; done
# shellcheck disable=SC2086 # one word per target
ninja -C "$BUILD" $ninja_targets

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reel-fuzz.XXXXXX")
echo "fuzz.sh: new corpus entries and crashes go to $WORK"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(pwd)/tests/lsan.supp}"

status=0
summary=""
for t in $TARGETS; do
    mkdir -p "$WORK/$t/new" "$WORK/$t/artifacts"
    log="$WORK/$t/log.txt"
    echo "fuzz.sh: $t for $SECONDS_PER_TARGET s"
    # One process at a time (-workers=1): the machine is shared.
    # shellcheck disable=SC2086 # FUZZ_FLAGS holds several flags
    if "$BUILD/tests/fuzz/$t" "$WORK/$t/new" "tests/fuzz/corpus/$t" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=20 -rss_limit_mb=4096 -max_len=8192 \
        -artifact_prefix="$WORK/$t/artifacts/" -print_final_stats=1 ${FUZZ_FLAGS:-} >"$log" 2>&1; then
        result=ok
    else
        result="FAILED (see $log and $WORK/$t/artifacts/)"
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    new=$(find "$WORK/$t/new" -type f | wc -l)
    summary="$summary$(printf '%-14s %10s executions  %5s new inputs  %s' "$t" "${runs:-?}" "$new" "$result")
"
done
echo
printf '%s' "$summary"
exit $status
