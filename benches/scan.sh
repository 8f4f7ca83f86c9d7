#!/usr/bin/env bash
# Whole-binary benchmark: build keylint --release, assemble a corpus of real source
# (crates from the cargo registry, the Python standard library and site-packages,
# C headers, Node modules) with synthetic keys planted at known places, scan it,
# and print MB/s, files/s and peak RSS. Peak RSS is also measured on half the corpus
# to show that memory does not grow with the tree.
#
#   benches/scan.sh [--size-mb 500] [--runs 3] [--corpus DIR] [--threads N]
#
# Results are appended to benches/runs/<date>-<host>/results.txt with the commit.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=500
RUNS=3
CORPUS=${TMPDIR:-/tmp}/keylint-corpus
THREADS=0
while [ $# -gt 0 ]; do
    case "$1" in
        --size-mb) SIZE_MB=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --corpus) CORPUS=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

cargo build --release --locked --quiet
BIN=$PWD/target/release/keylint

# Source trees that every machine of this kind has; copied, never modified.
SOURCES=(
    "$HOME/.cargo/registry/src"
    "$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
    /usr/include
    /usr/lib/node_modules
    /usr/share/doc
)

corpus_bytes() { du -sb "$1" | cut -f1; }

if [ ! -d "$CORPUS/full" ] || [ "$(corpus_bytes "$CORPUS/full")" -lt $((SIZE_MB * 1000 * 1000)) ]; then
    rm -rf "$CORPUS"
    mkdir -p "$CORPUS/full"
    round=0
    while [ "$(corpus_bytes "$CORPUS/full")" -lt $((SIZE_MB * 1000 * 1000)) ]; do
        for src in "${SOURCES[@]}"; do
            [ -d "$src" ] || continue
            dest="$CORPUS/full/r$round/$(echo "$src" | tr '/' '_')"
            mkdir -p "$dest"
            # Compiled artefacts are not source: keep the corpus to text a bot repo would hold.
            (cd "$src" && find . -type f ! -name '*.pyc' ! -name '*.so' ! -name '*.a' ! -name '*.o' \
                ! -name '*.gz' ! -name '*.whl' -size -10M -print0 | tar --null -T - -cf - | tar -xf - -C "$dest")
            [ "$(corpus_bytes "$CORPUS/full")" -ge $((SIZE_MB * 1000 * 1000)) ] && break
        done
        round=$((round + 1))
    done
    # Plant synthetic keys (right alphabet and length, never real) at known places.
    for i in $(seq 1 50); do
        d="$CORPUS/full/planted/bot$i"
        mkdir -p "$d"
        printf 'import ccxt\nexchange = ccxt.binance({"apiKey": "%s", "secret": "%s"})\n' \
            "$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 64)" \
            "$(head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 64)" > "$d/bot.py"
    done
    # Half of the corpus, for the memory-flatness check.
    mkdir -p "$CORPUS/half"
    for dir in "$CORPUS"/full/r0/*; do
        cp -al "$dir" "$CORPUS/half/" 2>/dev/null || cp -a "$dir" "$CORPUS/half/"
        [ "$(corpus_bytes "$CORPUS/half")" -ge $((SIZE_MB * 500 * 1000)) ] && break
    done
fi

# Warm the page cache.
find "$CORPUS/full" -type f -print0 | xargs -0 cat > /dev/null

measure() { # dir label
    local dir=$1 label=$2 best_s=999999 rss=0 json
    json=$(mktemp)
    for _ in $(seq 1 "$RUNS"); do
        local t0 t1 s r
        t0=$(date +%s.%N)
        /usr/bin/time -f '%M' -o "$json.rss" "$BIN" scan --no-ignore --threads "$THREADS" --format json --exit-zero \
            --no-config "$dir" > "$json" 2>/dev/null || true
        t1=$(date +%s.%N)
        s=$(echo "$t1 - $t0" | bc -l)
        r=$(tail -1 "$json.rss")
        if (( $(echo "$s < $best_s" | bc -l) )); then best_s=$s; fi
        if [ "$r" -gt "$rss" ]; then rss=$r; fi
    done
    python3 - "$json" "$best_s" "$rss" "$label" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
s = report["summary"]
secs, rss_kb, label = float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
mb = s["bytes_scanned"] / 1e6
print(f"{label:<14} {mb:9.1f} MB  {s['files_scanned']:8d} files  {secs:7.2f} s  "
      f"{mb / secs:8.1f} MB/s  {s['files_scanned'] / secs:9.0f} files/s  peak RSS {rss_kb / 1024:6.1f} MiB  "
      f"findings {s['findings']}")
PY
    rm -f "$json" "$json.rss"
}

out_dir="benches/runs/$(date +%Y-%m-%d)-$(hostname)"
mkdir -p "$out_dir"
{
    echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo none) on $(nproc) cores, $(uname -m)"
    measure "$CORPUS/full" "keylint full"
    measure "$CORPUS/half" "keylint half"
} | tee -a "$out_dir/results.txt"
