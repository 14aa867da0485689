//! PDF sources: any bytes read as a PDF.
//!
//! Asserts: reading never panics out of the reader (pdf-extract's own panics are caught inside
//! it; the hook is quietened so that a caught one is not taken for a crash); a PDF read has at
//! least one page, its page starts in order, within the text and on char boundaries; the text
//! holds no ligature, soft hyphen or control character but the line breaks between paragraphs;
//! a refusal says why.
#![no_main]

use std::sync::Once;

use factcheck::fuzzing::pdf::extract;
use libfuzzer_sys::fuzz_target;

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // libFuzzer's hook aborts on any panic, even one the reader catches and refuses; what
    // escapes the reader still fails the run, since libfuzzer-sys catches it and aborts.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    match extract(data) {
        Ok((text, page_starts)) => {
            assert!(!page_starts.is_empty(), "a PDF read has a page");
            let mut last = 0;
            for &start in &page_starts {
                assert!(start >= last, "page starts out of order: {page_starts:?}");
                assert!(start <= text.len(), "page start {start} past the text");
                assert!(text.is_char_boundary(start), "page start {start} inside a char");
                last = start;
            }
            for c in text.chars() {
                assert!(
                    !matches!(c, '\u{FB00}'..='\u{FB06}' | '\u{00AD}')
                        && (c == '\n' || !c.is_control()),
                    "{c:?} in the text"
                );
            }
        }
        Err(reason) => assert!(!reason.is_empty(), "a refusal says why"),
    }
});
