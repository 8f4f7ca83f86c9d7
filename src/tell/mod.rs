//! Tell: turn judged matches into findings people read.

pub mod advice;
pub mod capabilities;
pub mod snippet;
