#!/usr/bin/env bash
# Run one fuzz target for a while, from the committed corpus plus fresh seeds, and
# keep its log (coverage, features and executions over time) in fuzz/logs/.
#
#   fuzz/run.sh engine 3600     # target, seconds
#   fuzz/run.sh config 1800 -jobs=2 -workers=2   # extra args go to libFuzzer
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); the stable toolchain is used with
# RUSTC_BOOTSTRAP=1 for the sanitizer flags. Seeds come from `python3 fuzz/seeds.py`.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=$2
shift 2
case "$target" in
    engine) dict=dict/engine.dict max_len=65536 ;;
    decode) dict=dict/decode.dict max_len=65536 ;;
    ast) dict=dict/ast.dict max_len=65536 ;;
    bindings) dict=dict/bindings.dict max_len=65536 ;;
    config | rules) dict=dict/toml.dict max_len=16384 ;;
    *) echo "unknown target $target (engine, decode, ast, bindings, config, rules)" >&2; exit 2 ;;
esac
[ -d seeds ] || python3 seeds.py
mkdir -p "corpus/$target" logs
log="logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
echo "logging to fuzz/$log"
RUSTC_BOOTSTRAP=1 nice -n 19 cargo fuzz run --sanitizer none "$target" "corpus/$target" "seeds/$target" -- \
    -dict="$dict" -max_len="$max_len" -max_total_time="$seconds" -print_final_stats=1 "$@" \
    > "$log" 2>&1
tail -n 8 "$log"
