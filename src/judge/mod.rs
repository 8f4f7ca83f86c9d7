//! Judge: decide what happens to each match the find stage produced.

pub mod context;
pub mod pairing;
pub mod suppress;
