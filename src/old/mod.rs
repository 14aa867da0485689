//! TEMPORARY, tests only: the word handling as it was before the word model (src/text/words.rs),
//! the aligner (src/align.rs) and the diff rendering module, copied from the commit before
//! them, so that proptests can compare the old and the new results. Deleted once proven.
#![allow(dead_code, unused_imports, clippy::all)]

pub mod analyze;
pub mod cite;
pub mod compare;
pub mod diff;
pub mod gen;
pub mod lock;
pub mod quantity;
pub mod quote;
