//! Fuzz target `decode`: see `harness::decode` for what it covers and checks.

#![no_main]

#[path = "harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::decode(data));
