//! Sources: where the bytes come from.

pub mod git;
pub mod walk;
