//! Renderers: each turns an [`crate::analysis::Analysis`] into one output format.

pub mod claimreview;
pub mod json;
pub mod markdown;
pub mod pdf;
