//! Entry points for the fuzz targets (fuzz/fuzz_targets/, an external crate): the internals
//! they exercise, re-exported under the paths they have in the crate. Not an API: hidden from
//! the documentation, and free to change whenever those internals do.

/// Wordings of a claim compared (fuzz target `quantity`).
pub mod compare {
    pub use crate::compare::{compare, WordingInput};
}

/// Numbers and quantities scanned, normalised and described (fuzz target `quantity`).
pub mod quantity {
    pub use crate::quantity::{describe_pair, format_number, scan, thing, Kind, Quantity};
}

/// Quote verification (fuzz target `quote`).
pub mod quote {
    pub use crate::quote::{Found, QuoteStatus, Verification, Verifier};
}

/// The Markdown escaper (fuzz target `markdown_escape`).
pub mod markdown {
    pub use crate::render::markdown::escape::{code_span, escape, fits_code_span};
}

/// `cite --write`'s insertion (fuzz target `cite_write`).
pub mod cite {
    /// `text`, a claims file as read (a byte-order mark and CRLF kept), with a citation of
    /// `source` and `quote` added to the claim `claim` as `cite --write` writes it; the error's
    /// message when it refuses.
    pub fn write_citation(
        text: &str,
        claim: &str,
        source: &str,
        quote: &str,
    ) -> Result<String, String> {
        let proposal = crate::cite::Proposal {
            claim: claim.to_string(),
            source: source.to_string(),
            quote: quote.to_string(),
            line: 1,
            column: 1,
            score: 0.0,
        };
        crate::cite::write_into(text, &[proposal]).map_err(|e| e.message)
    }
}

/// A PDF source's text read page by page (fuzz target `pdf_source`).
pub mod pdf {
    /// What the reader gives back: the text and where each page starts in it, or the reason
    /// it refused.
    pub fn extract(bytes: &[u8]) -> Result<(String, Vec<usize>), String> {
        crate::pdf::extract(bytes)
            .map(|d| (d.text, d.page_starts))
            .map_err(|r| r.reason)
    }
}
