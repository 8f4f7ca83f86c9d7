#!/usr/bin/env bash
# Pre-commit benchmark: wall time of `keylint scan --staged` with 10 staged files in a
# large repository — the whole-binary corpus of benches/scan.sh (real source, ≥ 500 MB)
# committed to git.
#
#   benches/staged.sh [--corpus DIR] [--runs 20] [--files 10]
#
# The corpus is not modified: its git directory lives next to it (GIT_DIR), and the 10
# "edited" files are staged as new blobs (an added line each, 3 of them with a planted
# synthetic key) with `git update-index`, without touching the working tree. Prints
# the median and the slowest run; appends to benches/runs/<date>-<host>/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${TMPDIR:-/tmp}/keylint-corpus/full
RUNS=20
FILES=10
while [ $# -gt 0 ]; do
    case "$1" in
        --corpus) CORPUS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --files) FILES=$2; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS: run benches/scan.sh first" >&2; exit 2; }

cargo build --release --locked --quiet
BIN=$PWD/target/release/keylint
REV=$(git rev-parse --short HEAD)
RUN_DIR=$PWD/benches/runs/$(date +%Y-%m-%d)-$(hostname -s)
export GIT_DIR=$CORPUS.git GIT_WORK_TREE=$CORPUS
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

if [ ! -f "$GIT_DIR/.complete" ]; then
    rm -rf "$GIT_DIR"
    git init -q
    git add -A -f .
    git commit -q -m corpus
    touch "$GIT_DIR/.complete"
fi
git reset -q  # unstage anything a previous run left in the index

# Stage FILES edits: every n-th tracked text file, one line appended.
mapfile -t picked < <(git ls-files -- '*.py' '*.rs' '*.js' | awk -v n="$FILES" 'NR % 997 == 0' | head -n "$FILES")
key=0
for f in "${picked[@]}"; do
    if [ $key -lt 3 ]; then
        extra="BINANCE_API_SECRET = \"5xrbw0aRFvKyQQbV4iOmSpnXJzjdO9KnUcOwcOBExM3tnY4WftHKrmUeUKjuZSib\"" # keylint:allow (synthetic, planted)
    else
        extra="# edited"
    fi
    key=$((key + 1))
    blob=$( { cat "$CORPUS/$f"; echo "$extra"; } | git hash-object -w --stdin)
    git update-index --cacheinfo "100644,$blob,$f"
done

entries=$(git ls-files | wc -l)
size=$(du -sm "$CORPUS" | cut -f1)
echo "repository: $CORPUS ($entries tracked files, $size MB), ${#picked[@]} files staged"
times=()
for _ in $(seq 1 "$RUNS"); do
    start=$(date +%s%N)
    "$BIN" scan --staged --no-config --format json --output /dev/null || [ $? -eq 1 ]
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
done
found=$("$BIN" scan --staged --no-config --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))' || true)
read -r median worst <<<"$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)], a[NR]}')"
line="keylint scan --staged: $entries-file repository, ${#picked[@]} staged files: median ${median} ms, slowest ${worst} ms over $RUNS runs; $found findings"
echo "$line"
git reset -q
mkdir -p "$RUN_DIR"
{
    echo "$(date -Iseconds) $REV $(nproc) cores"
    echo "  $line"
} >> "$RUN_DIR/results.txt"
