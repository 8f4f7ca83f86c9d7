#!/usr/bin/env bash
# Instructions executed by one keylint run (valgrind's cachegrind, no cache simulation):
# a figure that does not move with the machine's load, for comparing two builds on the
# same input when wall-clock timings on a shared VM move by ±10% between identical runs.
# Confirm a difference found this way with interleaved timing (farm-bench --vs).
#
#   benches/instructions.sh [--vs OTHER_BINARY] -- KEYLINT_ARGS...
#
#   e.g. benches/instructions.sh -- scan --no-ignore --no-config --format json --exit-zero \
#            -o /tmp/r.json -j1 /work/eval/real-bots4
#        KEYLINT=/tmp/new benches/instructions.sh --vs /tmp/old -- history --no-config \
#            --format json -o /tmp/r.json -j1 /work/eval/hist/python-binance.git
#
# Both binaries must know KEYLINT_STEADY_PARSE (4e21255 or later): an older one redoes
# its parses under valgrind and counts more than it runs.
# KEYLINT: the binary (default: this checkout's target/release/keylint). Runs are made with
# KEYLINT_STEADY_PARSE=1 (the parse pace check off; see src/find/code/tree/pace.rs) and
# with -j1 if you pass it: thread scheduling changes the count a little otherwise.
# Needs valgrind (Debian: apt-get install valgrind). Prints "<binary> <instructions>" per
# binary, and the ratio when --vs is given.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${KEYLINT:-$PWD/target/release/keylint}
VS=
while [ $# -gt 0 ]; do
    case "$1" in
        --vs) VS=$2; shift 2 ;;
        --) shift; break ;;
        *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done
[ $# -gt 0 ] || { echo "give keylint's arguments after --" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
# keylint's own exit code (1 findings, 2 incomplete) is not this script's failure.
count() {
    { KEYLINT_STEADY_PARSE=1 valgrind --tool=cachegrind --cache-sim=no \
        --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null || true; } |
        sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}
a=$(count "$BIN" "$@")
echo "$BIN $a"
if [ -n "$VS" ]; then
    b=$(count "$VS" "$@")
    echo "$VS $b"
    python3 -c "import sys; print(f'ratio {int(sys.argv[1]) / int(sys.argv[2]):.4f} (first / --vs)')" "$a" "$b"
fi
