//! Page furniture: how to treat an element, from its tag, its attributes and how much of the
//! text around it it holds (the rules are in the docs of `html`).

use scraper::node::Element;

use super::{FURNITURE_PREFIXES, FURNITURE_WORDS};

/// Classes that hide an element from sight (screen-reader text).
const HIDDEN_CLASSES: &[&str] = &[
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screen-reader-only",
];

const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "toolbar",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Treatment {
    Keep,
    /// Never article text.
    Hard,
    /// Furniture unless it holds most of the text around it.
    Soft,
}

pub(super) fn is_hard(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "svg"
            | "math"
            | "select"
            | "datalist"
            | "textarea"
            | "button"
            | "input"
            | "title"
    )
}

/// Least text (characters other than spaces) of an element kept for holding most of the text.
pub(crate) const WRAPPER_MIN_CHARS: usize = 200;

/// Whether an element with `len` characters of text is a wrapper of the `total` around it,
/// which furniture rules other than the tag's own must not drop.
pub(super) fn holds_most(len: usize, total: usize) -> bool {
    len >= WRAPPER_MIN_CHARS && len * 2 > total
}

pub(super) fn is_sectioning(name: &str) -> bool {
    matches!(name, "article" | "aside" | "main" | "nav" | "section")
}

fn is_article_body(element: &Element) -> bool {
    element
        .attr("itemprop")
        .is_some_and(|v| v.split_ascii_whitespace().any(|t| t == "articleBody"))
}

/// `article`, `articleBody`: the story itself. `main`: the page's main content.
pub(super) fn candidate_rank(element: &Element) -> Option<u8> {
    match element.name() {
        "article" => Some(0),
        _ if is_article_body(element) => Some(0),
        "main" => Some(1),
        _ if element
            .attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main")) =>
        {
            Some(1)
        }
        _ => None,
    }
}

/// How to treat an element; `sectioned` tells whether an ancestor is a sectioning element.
pub(super) fn classify(element: &Element, sectioned: bool) -> Treatment {
    let name = element.name();
    if is_hard(name) {
        return Treatment::Hard;
    }
    if matches!(name, "html" | "body") {
        return Treatment::Keep;
    }
    if matches!(name, "nav" | "aside" | "form" | "dialog" | "footer")
        || (name == "header" && !sectioned)
    {
        return Treatment::Soft;
    }
    if element
        .attr("hidden")
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("until-found"))
        || element
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return Treatment::Soft;
    }
    if let Some(style) = element.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return Treatment::Soft;
        }
    }
    if let Some(role) = element.attr("role") {
        if role
            .split_ascii_whitespace()
            .any(|r| FURNITURE_ROLES.contains(&r.to_ascii_lowercase().as_str()))
        {
            return Treatment::Soft;
        }
    }
    if candidate_rank(element).is_none() {
        let hidden = element.classes().any(|c| {
            let c = c.to_ascii_lowercase();
            HIDDEN_CLASSES.contains(&c.as_str())
        }) && !element.classes().any(|c| c.contains("not-sr-only"));
        let names = element.attr("class").into_iter().chain(element.attr("id"));
        if hidden || names.into_iter().any(has_furniture_word) {
            return Treatment::Soft;
        }
    }
    Treatment::Keep
}

/// Whether a `class` or `id` value holds a furniture word.
fn has_furniture_word(value: &str) -> bool {
    words(value).any(|w| {
        FURNITURE_WORDS.contains(&w.as_str()) || FURNITURE_PREFIXES.iter().any(|p| w.starts_with(p))
    })
}

/// Lowercase words of an identifier, cut at punctuation and camelCase humps.
fn words(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .flat_map(|part| {
            let mut out = Vec::new();
            let mut word = String::new();
            let mut previous_lower = false;
            for c in part.chars() {
                if c.is_ascii_uppercase() && previous_lower && !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
                word.push(c.to_ascii_lowercase());
            }
            if !word.is_empty() {
                out.push(word);
            }
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_are_whole_words() {
        assert!(has_furniture_word("article-share-bar"));
        assert!(has_furniture_word("AdSlot"));
        assert!(has_furniture_word("cookie_banner"));
        assert!(has_furniture_word("adsbygoogle"));
        assert!(has_furniture_word("main relatedContent"));
        assert!(!has_furniture_word("headline"));
        assert!(!has_furniture_word("shadow"));
        assert!(!has_furniture_word("article-body"));
        assert!(!has_furniture_word("read-more"));
        assert!(!has_furniture_word("subscriber-content"));
    }
}
