//! Fuzz target `bindings`: see `harness::bindings` for what it covers and checks.

#![no_main]

#[path = "harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::bindings(data));
