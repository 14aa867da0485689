//! The claims file: parse and validate any text, and render whatever error it gives.
//!
//! Asserts: `Project::parse` never panics; an error renders (plain) without panicking; an
//! accepted file's spans (claim ids, texts, citations, declared sources, the sources folder)
//! lie within the text on char boundaries, and a diagnostic at each of them renders.
#![no_main]

use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::Renderer;
use factcheck::error::InputError;
use factcheck::project::Project;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let renderer = Renderer::plain();
    match Project::parse(Path::new("claims.toml"), PathBuf::from("."), text) {
        Err(e) => {
            let rendered = e.render(&renderer);
            assert!(!rendered.is_empty());
            let _ = e.to_string();
        }
        Ok(project) => {
            let text = project.text.clone();
            let check = |what: &str, span: &Range<usize>| {
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "{what} span {span:?} outside the text ({} bytes)",
                    text.len()
                );
                assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "{what} span {span:?} not on char boundaries"
                );
                let (line, column) = project.line_col(span.start);
                assert_eq!(line, 1 + text[..span.start].matches('\n').count());
                assert!(column >= 1);
                let err = InputError::new(what)
                    .at(project.location(span.clone()))
                    .label("here")
                    .help("help");
                let _ = err.render(&renderer);
            };
            if let Some(span) = &project.sources_dir_span {
                check("sources", span);
            }
            for s in &project.declared_sources {
                check("source id", &s.id_span);
                check("source file", &s.file_span);
            }
            for c in &project.claims {
                check("claim id", &c.id_span);
                check("claim text", &c.text_span);
                assert!(!c.text.trim().is_empty());
                for citation in &c.citations {
                    check("citation source", &citation.source_span);
                    check("citation quote", &citation.quote_span);
                    assert!(!citation.quote.trim().is_empty());
                }
            }
            let _ = project.sources_path();
        }
    }
});
