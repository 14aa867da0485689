//! Random texts for the proptests of the crate's unit tests.
//!
//! - [`text`]: for the word model: news words, numbers, names and punctuation, with the
//!   characters that word handling trips on (typographic quotes, apostrophes, dashes, digits
//!   with commas, ZWJ, ZWSP, soft hyphen, CR/LF, tabs, non-ASCII whitespace, combining marks),
//!   and any character at all.
//! - [`article`]: for segmentation, quote verification and folding: pieces of news text and
//!   of what breaks it (abbreviations, sentence ends, every kind of line end and blank line).
//!
//! [`config`] sets how many cases a property runs.

use proptest::prelude::*;

const WORDS: &[&str] = &[
    "the",
    "The",
    "a",
    "A",
    "of",
    "in",
    "In",
    "to",
    "and",
    "or",
    "not",
    "no",
    "No",
    "was",
    "held",
    "Microsoft",
    "Microsoft’s",
    "Microsoft's",
    "Unit",
    "8200",
    "Azure",
    "Israel",
    "Israeli",
    "Israel’s",
    "Netherlands",
    "Ireland",
    "Gaza",
    "calls",
    "call",
    "calling",
    "million",
    "millions",
    "billion",
    "bn",
    "m",
    "hundred",
    "thousands",
    "dozens",
    "two",
    "twenty-five",
    "one",
    "half",
    "per",
    "hour",
    "an",
    "each",
    "day",
    "daily",
    "year",
    "cent",
    "percent",
    "%",
    "$",
    "£",
    "€",
    "US$200bn",
    "1,000,000",
    "1,000",
    "1.5",
    "12%",
    "2024",
    "2019",
    "2021-2022",
    "2024-09-18",
    "18",
    "19th",
    "September",
    "Sept",
    "May",
    "may",
    "January",
    "Monday",
    "up",
    "at",
    "least",
    "most",
    "more",
    "than",
    "about",
    "around",
    "nearly",
    "over",
    "between",
    "fewer",
    "said",
    "Smith",
    "Mr",
    "Dr",
    "Brown",
    "GMT",
    "am",
    "+972",
    "F-35",
    "No.",
    "365",
    "datacentre",
    "datacentre.",
    "“We",
    "NOT",
    "do",
    "storing",
    "recorded",
    "made",
    "people",
    "staff",
    "companies",
    "revenue",
    "dollars",
    "euros",
    "we’re",
    "don't",
    "O’Neill",
    "rock’n’roll",
    "e.g.",
    "U.S.",
    "café",
    "ﬁne",
    "naïve",
    "ΑΘΗΝΑ",
    "Straße",
    "İstanbul",
    "日本",
    "١٢٣",
    "²",
    "Ⅻ",
];

const MARKS: &[&str] = &[
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "…",
    "...",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "\"",
    "«",
    "»",
    "—",
    "–",
    "-",
    "―",
    "−",
    "(",
    ")",
    "[",
    "]",
    "/",
    "&",
    "*",
    "#",
    "_",
    "__",
    "．",
    "！",
    "？",
    "：",
    "﹒",
    "\u{2024}",
    "\u{200D}",
    "\u{200B}",
    "\u{00AD}",
    "\u{2060}",
    "\u{FEFF}",
    "\u{200C}",
    "\u{0301}",
    "\u{0345}",
    "\u{0903}",
    "\u{FE0F}",
    "\u{1F1FA}\u{1F1F8}",
    "👍🏽",
    "👨\u{200D}👩",
];

const SPACES: &[&str] = &[
    " ",
    " ",
    " ",
    " ",
    "",
    "",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\n\n",
    "\u{00A0}",
    "\u{202F}",
    "\u{2009}",
    "\u{3000}",
    "\u{2028}",
    "\u{0085}",
    "\u{000B}",
    " \u{200D}",
    " \u{0301}",
    " \u{0345}",
    "\u{00A0}\u{0301}",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(WORDS).prop_map(str::to_string),
        2 => proptest::sample::select(MARKS).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[a-zA-Z0-9]{1,6}",
    ]
}

/// A text of up to `max` pieces, each followed by a separator.
pub(crate) fn text_of(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec((piece(), proptest::sample::select(SPACES)), 0..max).prop_map(
        |parts| {
            parts
                .into_iter()
                .map(|(p, s)| format!("{p}{s}"))
                .collect::<String>()
        },
    )
}

pub(crate) fn text() -> impl Strategy<Value = String> {
    text_of(40)
}

/// 256 cases a property; `PROPTEST_CASES=20000 cargo test --release --lib` for a deeper
/// search.
pub(crate) fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Pieces of news text and of what breaks it: words, abbreviations, sentence ends, every kind
/// of line end and blank line, Unicode spaces and any character at all.
fn article_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[A-Za-z]{1,9}".prop_map(|w| format!("{w} ")),
        2 => "[0-9]{1,4}([.,][0-9]{1,3})?".prop_map(|w| format!("{w} ")),
        2 => prop::sample::select(vec![
            ". ", "? ", "! ", ", ", ": ", "; ", "...", "…", "\"", "“", "”", "’", "(", ")", " - ",
            " — ", "Mr. ", "U.S. ", "No. 5 ", "e.g. ", "1. ", "# ", "| ", "* ",
        ])
        .prop_map(str::to_string),
        2 => prop::sample::select(vec![
            "\n", "\n", "\r\n", "\n\n", "\r\n\r\n", "\n \n", "  ", "\t", "\u{a0}", "\u{2028}",
            "\u{3000}", "\r",
        ])
        .prop_map(str::to_string),
        1 => "[\\PC\\p{M}]{1,3}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// An article of up to 120 pieces.
pub(crate) fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(article_piece(), 0..120).prop_map(|pieces| pieces.concat())
}
