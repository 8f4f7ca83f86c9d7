# shellcheck shell=bash
# Shared helpers for benches/real.sh, noise.sh, creddata.sh and blind.sh (sourced, not run).
#
# Environment read here:
#   KEYLINT      keylint binary to measure (default: this checkout's target/release/keylint,
#                built with `cargo build --release --locked` when missing)
#   PEERS_DIR    where shared/peers/install.sh put the peer scanners (default /work/eval/peers)
#   PEERS_SRC    shared/peers (run_peer.sh) (default /work/shared/peers)
#   RESULTS_DIR  root of the result directories (default /work/eval/results); each run writes
#                RESULTS_DIR/<date>-<commit>-<what>/, commit = the keylint binary's checkout,
#                with "+dirty" when its src/, rules/ or Cargo files have uncommitted changes
# Nothing here fetches anything.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PEERS_DIR=${PEERS_DIR:-/work/eval/peers}
PEERS_SRC=${PEERS_SRC:-/work/shared/peers}
RESULTS_DIR=${RESULTS_DIR:-/work/eval/results}

die() {
    echo "$(basename "$0"): $*" >&2
    exit 2
}

note() {
    echo "note: $*" >&2
}

# resolve_keylint: sets KEYLINT to an absolute path of a runnable binary.
resolve_keylint() {
    if [ -z "${KEYLINT:-}" ]; then
        KEYLINT=$BENCH_ROOT/target/release/keylint
        if [ ! -x "$KEYLINT" ]; then
            (cd "$BENCH_ROOT" && nice -n 5 cargo build --release --locked --quiet) ||
                die "cargo build --release failed"
        fi
    fi
    [ -x "$KEYLINT" ] || die "keylint binary not found: $KEYLINT"
    KEYLINT=$(cd "$(dirname "$KEYLINT")" && pwd)/$(basename "$KEYLINT")
}

# keylint_commit: short id of the latest commit that changed the scanner (src/, rules/, build.rs,
# Cargo.toml, Cargo.lock) in the checkout the binary was built in, so that commits touching only
# benches/ or docs do not rename the figures; "+dirty" when those paths have uncommitted
# changes; "unknown" outside git.
keylint_commit() {
    local dir top c
    dir=$(dirname "$KEYLINT")
    top=$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null) || {
        echo unknown
        return
    }
    c=$(git -C "$top" log -1 --format=%h --abbrev=10 -- src rules build.rs Cargo.toml Cargo.lock 2>/dev/null)
    [ -n "$c" ] || c=$(git -C "$top" rev-parse --short=10 HEAD)
    if [ -n "$(git -C "$top" status --porcelain -- src rules build.rs Cargo.toml Cargo.lock 2>/dev/null)" ]; then
        c="$c+dirty"
    fi
    echo "$c"
}

# make_results_dir WHAT: creates and prints RESULTS_DIR/<date>-<commit>-<what> (a suffix -2, -3
# ... when it already exists, so a rerun never overwrites an earlier one).
make_results_dir() {
    local base dir n=1
    base="$RESULTS_DIR/$(date +%Y-%m-%d)-$(keylint_commit)-$1"
    dir=$base
    while [ -e "$dir" ]; do
        n=$((n + 1))
        dir="$base-$n"
    done
    mkdir -p "$dir"
    echo "$dir"
}

# machine_note: one line describing the machine and its load, for every results file.
machine_note() {
    echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), keylint $("$KEYLINT" --version 2>/dev/null | head -1) at $(keylint_commit)"
}

# keyword_file OUT: the keyword set of the binary's rules (see lib/keywords.py).
keyword_file() {
    if ! "$KEYLINT" rules --format json 2>/dev/null | python3 "$BENCH_ROOT/benches/lib/keywords.py" > "$1"; then
        python3 "$BENCH_ROOT/benches/lib/keywords.py" --rules-dir "$BENCH_ROOT/rules" > "$1"
    fi
}

# peer_bin NAME: prints the installed peer's binary or nothing.
peer_bin() {
    if [ -x "$PEERS_DIR/bin/$1" ]; then echo "$PEERS_DIR/bin/$1"; fi
}
