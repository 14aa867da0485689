//! PDF sources: a PDF's text read page by page, in reading order, with page boundaries kept.
//!
//! Not the PDF *report* (that is `crate::render::pdf`). The file is parsed by lopdf and its
//! text drawn by pdf-extract (fonts, encodings, ToUnicode maps) into our own output device,
//! which keeps each glyph's position; `layout` turns the positioned glyphs of every page into
//! lines and paragraphs, without running headers, footers and page numbers.
//!
//! pdf-extract can panic on malformed input, so every call into it runs under
//! `catch_unwind`; pages are capped so that a hostile file cannot take unbounded time.

mod columns;
mod layout;
mod read;

pub(crate) use read::{extract, Document};
