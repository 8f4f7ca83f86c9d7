//! Fuzz target `engine`: see `harness::engine` for what it covers and checks.

#![no_main]

#[path = "harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::engine(data));
