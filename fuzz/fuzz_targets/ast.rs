//! Fuzz target `ast`: see `harness::ast` for what it covers and checks.

#![no_main]

#[path = "harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::ast(data));
