//! Replays every input a fuzz target once failed on (`fuzz/regressions/<target>/`)
//! through the targets' own harness and oracles (`fuzz/fuzz_targets/harness.rs`), so a
//! fixed crash stays fixed without running a fuzzer. Fuzzing itself is not part of
//! `cargo test` or CI; see the README.

#[path = "../fuzz/fuzz_targets/harness.rs"]
mod harness;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.expect("dir entry").path();
        let data = std::fs::read(&path).expect("read a saved input");
        eprintln!("replaying {}", path.display());
        run(&data);
        n += 1;
    }
    n
}

#[test]
fn saved_fuzz_failures_stay_fixed() {
    let replayed = [
        replay("engine", harness::engine),
        replay("ast", harness::ast),
        replay("config", harness::config),
        replay("rules", harness::rules),
    ];
    assert_eq!(replayed, [5, 0, 0, 0], "saved inputs per target");
}
