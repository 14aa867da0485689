//! The schema.org [ClaimReview](https://schema.org/ClaimReview) export: JSON-LD that
//! fact-check aggregators (Google's Fact Check Explorer and Markup Tool, Data Commons, the
//! Duke Reporters' Lab database) read.
//!
//! The output is a JSON array with one `ClaimReview` object per claim that has a verdict. Each
//! object carries its own `"@context": "https://schema.org"`, so it can also be embedded on its
//! own in a `<script type="application/ld+json">` (Google shows its fact-check result only for
//! pages with a single `ClaimReview`).
//!
//! | field | from |
//! | --- | --- |
//! | `url` | `[project] url` with its fragment replaced by `#claim-<id>`, the Markdown report's anchor for the claim |
//! | `claimReviewed` | the claim's `text` |
//! | `reviewRating` | a `Rating`: `ratingValue` on the scale below, `bestRating` 5, `worstRating` 1, `alternateName` the verdict in words, `ratingExplanation` the claim's `note` |
//! | `reviewBody` | the claim's `note` |
//! | `itemReviewed` | a `Claim`: `author` the claim's `claimant` (a `Person`), `datePublished` its `claimed` date, `appearance` its `appeared_in` addresses (where the claim was made) and `firstAppearance` the first of them |
//! | `citation` | the evidence: one `CreativeWork` per cited source whose quote holds |
//! | `author` | `[project] author`, as an `Organization` |
//! | `datePublished` | the report's date (`analysis.generator.date`): the day of `SOURCE_DATE_EPOCH` when set, else the day the report is made |
//!
//! Rating scale (`ratingValue`, `alternateName`), the five-point scale of Google's
//! documentation (1 false, 2 mostly false, 3 half true, 4 mostly true, 5 true):
//!
//! | verdict | `ratingValue` | `alternateName` |
//! | --- | --- | --- |
//! | `supported` | 5 | Supported |
//! | `partly-supported` | 4 | Partly supported |
//! | `disputed` | 3 | Disputed |
//! | `unsupported` | 1 | Unsupported |
//! | `unverified` | (no `ClaimReview`) | |
//!
//! `disputed` (the sources disagree) is the middle of the scale; 2 ("mostly false") has no
//! verdict of its own. A reader that normalises ratings as
//! `(ratingValue - worstRating) / (bestRating - worstRating)` gets 1, 0.75, 0.5 and 0.
//!
//! Decisions:
//! - `unverified` claims get no `ClaimReview`: the curator has not reached a verdict, and a
//!   `ClaimReview` is a published rating. Nor does a claim none of whose citations holds: a
//!   rating that no verified evidence stands behind is not published (`report` says which).
//! - `appearance` is where the claim was made (schema.org and Google: the claim's own
//!   appearances, not the evidence), from `appeared_in`; the evidence goes to the review's
//!   `citation`, which holds one `CreativeWork` per cited source, in the order first cited, when
//!   at least one of the claim's quotes from it holds (exact, normalized or elided); a source
//!   whose quote cannot be found, or an unknown source id, is left out. Each has `headline`
//!   (the source's title), and `url`, `publisher` (an `Organization`) and `datePublished`
//!   when `[sources.<id>]` gives them. A source without a URL stays in, with its headline
//!   and publisher only, so that print or offline sources are still named.
//! - URLs are used only when they are `http://` or `https://` without spaces; anything else
//!   (`javascript:` ...) counts as no URL. Without a `[project] url` the `ClaimReview`s have
//!   no `url`, and without an `author` no `author`; `report` warns of both, since Google's
//!   Fact Check markup requires them.
//! - `datePublished` is the day the review is published, which is the day the report is made:
//!   a `ClaimReview` without it is not eligible for Google's fact-check results. Under
//!   `SOURCE_DATE_EPOCH` it is that day, so that the same input gives the same bytes.
//! - Every `<` in a string is written `\u003c`, so no text (a claim quoting `</script>`) can
//!   end the `<script>` element the JSON-LD is embedded in; the JSON value is unchanged.

use serde::Serialize;

use crate::analysis::{Analysis, ClaimAnalysis};
use crate::project::Verdict;

pub(crate) const CONTEXT: &str = "https://schema.org";
/// `bestRating` of every `reviewRating`.
pub const BEST_RATING: u8 = 5;
/// `worstRating` of every `reviewRating`.
pub const WORST_RATING: u8 = 1;

/// A verdict's `ratingValue` and `alternateName`; `None` for `unverified`, which gets no
/// `ClaimReview` (see the module's documentation for the scale).
pub fn rating(verdict: Verdict) -> Option<(u8, &'static str)> {
    match verdict {
        Verdict::Supported => Some((5, "Supported")),
        Verdict::PartlySupported => Some((4, "Partly supported")),
        Verdict::Disputed => Some((3, "Disputed")),
        Verdict::Unsupported => Some((1, "Unsupported")),
        Verdict::Unverified => None,
    }
}

/// The ClaimReview JSON-LD: a pretty-printed array with a trailing newline.
pub fn render(analysis: &Analysis) -> String {
    render_with_warnings(analysis).0
}

/// The JSON-LD, and what an aggregator would miss in it: a review without `url` or `author`,
/// a rated claim left out because none of its citations holds.
pub fn render_with_warnings(analysis: &Analysis) -> (String, Vec<String>) {
    let mut warnings = Vec::new();
    let mut reviews: Vec<ClaimReview> = Vec::new();
    for claim in &analysis.claims {
        if rating(claim.verdict).is_none() {
            continue;
        }
        if !claim.citations.iter().any(|c| c.status.holds()) {
            warnings.push(format!(
                "ClaimReview: claim \"{}\" ({}) is left out: none of its citations holds, and a rating is published only with verified evidence",
                claim.id,
                claim.verdict.as_str()
            ));
            continue;
        }
        reviews.extend(claim_review(analysis, claim));
    }
    if !reviews.is_empty() {
        let project = &analysis.project;
        if project.url.as_deref().and_then(web_url).is_none() {
            warnings.push("ClaimReview: no `url` (set [project] url = \"https://...\" to the page the fact-check is published on): Google's Fact Check markup requires one".into());
        }
        if project.author.as_deref().and_then(organization).is_none() {
            warnings.push("ClaimReview: no `author` (set [project] author = \"...\" to the organisation publishing the fact-check): Google's Fact Check markup asks for one".into());
        }
    }
    // Only structs and vectors: field and element order are fixed, so output is stable.
    let json = serde_json::to_string_pretty(&reviews).expect("ClaimReviews serialise");
    // `<` occurs only inside JSON strings, where `\u003c` is the same character.
    let mut s = json.replace('<', "\\u003c");
    s.push('\n');
    (s, warnings)
}

/// The ClaimReview export as a [`super::Renderer`].
pub(crate) struct ClaimReviews;

impl super::Renderer for ClaimReviews {
    fn render(&self, analysis: &Analysis) -> Result<super::Rendered, crate::error::InputError> {
        let (text, warnings) = render_with_warnings(analysis);
        Ok(super::Rendered {
            bytes: text.into_bytes(),
            warnings,
        })
    }
}

/// `base` (the project's URL) with its fragment replaced by the claim's anchor, `#claim-<id>`.
pub(crate) fn claim_url(base: &str, id: &str) -> String {
    let page = base.split_once('#').map_or(base, |(page, _)| page);
    format!("{page}#claim-{id}")
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    claim_reviewed: &'a str,
    review_rating: Rating<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_body: Option<&'a str>,
    item_reviewed: ReviewedClaim<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<CreativeWork<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Organization<'a>>,
    /// Always there in a report: absent only from an analysis made while SOURCE_DATE_EPOCH
    /// is invalid, which `report` refuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    rating_value: u8,
    best_rating: u8,
    worst_rating: u8,
    alternate_name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rating_explanation: Option<&'a str>,
}

/// The schema.org `Claim` a review is of (named apart from the project's claims).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewedClaim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Person<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    appearance: Vec<Appearance<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_appearance: Option<Appearance<'a>>,
}

/// A page where the claim was made.
#[derive(Serialize, Clone, Copy)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreativeWork<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

fn organization(name: &str) -> Option<Organization<'_>> {
    let name = name.trim();
    (!name.is_empty()).then_some(Organization {
        kind: "Organization",
        name,
    })
}

fn claim_review<'a>(analysis: &'a Analysis, claim: &'a ClaimAnalysis) -> Option<ClaimReview<'a>> {
    let (value, words) = rating(claim.verdict)?;
    let note = claim
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let appearance: Vec<Appearance> = claim
        .appeared_in
        .iter()
        .filter_map(|u| web_url(u))
        .map(|url| Appearance {
            kind: "CreativeWork",
            url,
        })
        .collect();
    let project = &analysis.project;
    Some(ClaimReview {
        context: CONTEXT,
        kind: "ClaimReview",
        url: project
            .url
            .as_deref()
            .and_then(web_url)
            .map(|base| claim_url(base, &claim.id)),
        claim_reviewed: &claim.text,
        review_rating: Rating {
            kind: "Rating",
            rating_value: value,
            best_rating: BEST_RATING,
            worst_rating: WORST_RATING,
            alternate_name: words,
            rating_explanation: note,
        },
        review_body: note,
        item_reviewed: ReviewedClaim {
            kind: "Claim",
            author: claim
                .claimant
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|name| Person {
                    kind: "Person",
                    name,
                }),
            date_published: claim.claimed.as_deref().and_then(date_part),
            first_appearance: appearance.first().copied(),
            appearance,
        },
        citation: evidence(analysis, claim),
        author: project.author.as_deref().and_then(organization),
        date_published: analysis.generator.date.as_deref(),
    })
}

/// The cited sources in the order first cited, those with a quote that holds.
fn evidence<'a>(analysis: &'a Analysis, claim: &'a ClaimAnalysis) -> Vec<CreativeWork<'a>> {
    let mut ids: Vec<&str> = Vec::new();
    for c in &claim.citations {
        if c.status.holds() && !ids.contains(&c.source.as_str()) {
            ids.push(&c.source);
        }
    }
    ids.iter()
        .filter_map(|id| analysis.sources.iter().find(|s| s.id == *id))
        .map(|s| CreativeWork {
            kind: "CreativeWork",
            url: s.url.as_deref().and_then(web_url),
            headline: &s.title,
            publisher: s.publisher.as_deref().and_then(organization),
            date_published: s.published.as_deref(),
        })
        .collect()
}

/// An `http(s)` URL without whitespace or control characters, trimmed; else `None`.
fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let plain = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (plain && !rest.is_empty()).then_some(url)
}

/// The `YYYY-MM-DD` that starts a TOML date or date-time (a bare time has none).
fn date_part(value: &str) -> Option<&str> {
    let date = value.get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{CitationResult, Generator, ProjectInfo, SourceInfo, Summary};
    use crate::quote::QuoteStatus;
    use serde_json::{json, Value};

    fn source(id: &str, url: Option<&str>, published: Option<&str>) -> SourceInfo {
        SourceInfo {
            id: id.into(),
            file: format!("{id}.txt"),
            title: format!("Title of {id}"),
            publisher: Some(format!("Publisher of {id}")),
            url: url.map(Into::into),
            published: published.map(Into::into),
            sha256: String::new(),
            passages: 1,
            cited_by: Vec::new(),
            supports: Vec::new(),
        }
    }

    fn citation(source: &str, status: QuoteStatus) -> CitationResult {
        CitationResult {
            source: source.into(),
            quote: Some("q".into()),
            stance: crate::project::Stance::Supports,
            note: None,
            status,
            line: None,
            column: None,
            page: None,
            passage: None,
            matched: None,
            diff: None,
            found_in: None,
            claims_line: 1,
            near_miss_search: None,
            similarity: None,
            conflicts: Vec::new(),
        }
    }

    fn claim(id: &str, verdict: Verdict, citations: Vec<CitationResult>) -> ClaimAnalysis {
        ClaimAnalysis {
            id: id.into(),
            text: format!("Text of {id}."),
            verdict,
            note: Some(format!("Note on {id}.")),
            tags: Vec::new(),
            claimant: None,
            claimed: None,
            appeared_in: Vec::new(),
            line: 1,
            citation_status: None,
            citations,
            matches: Vec::new(),
            no_supporting_passage_found: false,
            wordings: Vec::new(),
            comparisons: Vec::new(),
            discrepancies: Vec::new(),
            supporting_sources: Vec::new(),
            refuting_sources: Vec::new(),
            context_sources: Vec::new(),
            suggested_sources: Vec::new(),
        }
    }

    fn analysis(
        author: Option<&str>,
        url: Option<&str>,
        date: Option<&str>,
        sources: Vec<SourceInfo>,
        claims: Vec<ClaimAnalysis>,
    ) -> Analysis {
        Analysis {
            schema_version: 1,
            generator: Generator {
                name: "factcheck".into(),
                version: "0".into(),
                date: date.map(Into::into),
            },
            project: ProjectInfo {
                title: "T".into(),
                description: None,
                author: author.map(Into::into),
                url: url.map(Into::into),
                claims_file: "claims.toml".into(),
                sources_dir: "seeds".into(),
            },
            summary: Summary {
                claims: claims.len(),
                sources: sources.len(),
                verdicts: Vec::new(),
                citations: 0,
                citations_holding: 0,
                claims_without_citation: 0,
                claims_without_support: 0,
                discrepancies: 0,
                supporting_sources: 0,
                refuting_sources: 0,
                suggested_sources: 0,
                citation_conflicts: 0,
                sources_unused: 0,
            },
            needs_attention: Vec::new(),
            sources,
            claims,
        }
    }

    fn parse(s: &str) -> Value {
        assert!(s.ends_with("]\n"), "{s}");
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn scale_is_ordered_and_within_bounds() {
        let values: Vec<u8> = [
            Verdict::Unsupported,
            Verdict::Disputed,
            Verdict::PartlySupported,
            Verdict::Supported,
        ]
        .iter()
        .map(|&v| rating(v).unwrap().0)
        .collect();
        assert_eq!(values, [1, 3, 4, 5]);
        assert!(values.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(values.first(), Some(&WORST_RATING));
        assert_eq!(values.last(), Some(&BEST_RATING));
        assert_eq!(rating(Verdict::Unverified), None);
    }

    #[test]
    fn one_full_review() {
        let a = analysis(
            Some("Example Fact Desk"),
            Some("https://example.org/checks/azure#top"),
            Some("2025-10-01"),
            vec![
                source("a", Some("https://a.example/story"), Some("2025-09-25")),
                source("b", None, Some("2025-09-20T08:00:00Z")),
                source("c", Some("https://c.example/"), Some("2025-09-01")),
            ],
            vec![ClaimAnalysis {
                claimant: Some(" A. Minister ".into()),
                claimed: Some("2025-09-18T10:00:00Z".into()),
                appeared_in: vec![
                    "https://tv.example/interview".into(),
                    "javascript:alert(1)".into(),
                    "https://x.example/post/1".into(),
                ],
                ..claim(
                    "x",
                    Verdict::PartlySupported,
                    vec![
                        citation("a", QuoteStatus::Exact),
                        citation("b", QuoteStatus::Elided),
                        citation("a", QuoteStatus::Normalized),
                        citation("c", QuoteStatus::NotFound),
                        citation("gone", QuoteStatus::UnknownSource),
                    ],
                )
            }],
        );
        let expected = json!([{
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "https://example.org/checks/azure#claim-x",
            "claimReviewed": "Text of x.",
            "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5,
                             "worstRating": 1, "alternateName": "Partly supported",
                             "ratingExplanation": "Note on x."},
            "reviewBody": "Note on x.",
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": "A. Minister"},
                "datePublished": "2025-09-18",
                "appearance": [
                    {"@type": "CreativeWork", "url": "https://tv.example/interview"},
                    {"@type": "CreativeWork", "url": "https://x.example/post/1"}
                ],
                "firstAppearance": {"@type": "CreativeWork", "url": "https://tv.example/interview"}
            },
            "citation": [
                {"@type": "CreativeWork", "url": "https://a.example/story",
                 "headline": "Title of a",
                 "publisher": {"@type": "Organization", "name": "Publisher of a"},
                 "datePublished": "2025-09-25"},
                {"@type": "CreativeWork", "headline": "Title of b",
                 "publisher": {"@type": "Organization", "name": "Publisher of b"},
                 "datePublished": "2025-09-20T08:00:00Z"}
            ],
            "author": {"@type": "Organization", "name": "Example Fact Desk"},
            "datePublished": "2025-10-01"
        }]);
        let (out, warnings) = render_with_warnings(&a);
        assert_eq!(parse(&out), expected);
        assert_eq!(warnings, Vec::<String>::new());
        // Key order as written, not alphabetical.
        let keys = ["@context", "@type", "url", "claimReviewed", "reviewRating"];
        let at: Vec<usize> = keys.iter().map(|k| out.find(k).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{out}");
    }

    #[test]
    fn unverified_claims_and_missing_inputs_are_left_out() {
        let a = analysis(
            Some("  "),
            Some("javascript:alert(1)"),
            None,
            vec![source("a", Some("ftp://a.example/x"), Some("07:32:00"))],
            vec![
                claim("u", Verdict::Unverified, vec![]),
                claim(
                    "s",
                    Verdict::Supported,
                    vec![citation("a", QuoteStatus::Exact)],
                ),
            ],
        );
        let (out, warnings) = render_with_warnings(&a);
        let v = parse(&out);
        let reviews = v.as_array().unwrap();
        assert_eq!(reviews.len(), 1);
        let r = reviews[0].as_object().unwrap();
        for absent in ["url", "author", "datePublished"] {
            assert!(!r.contains_key(absent), "{absent}: {r:?}");
        }
        let claim = r["itemReviewed"].as_object().unwrap();
        for absent in ["datePublished", "author", "appearance", "firstAppearance"] {
            assert!(!claim.contains_key(absent), "{absent}: {claim:?}");
        }
        let work = r["citation"][0].as_object().unwrap();
        assert!(!work.contains_key("url"));
        assert_eq!(r["reviewRating"]["ratingValue"], 5);
        // Both of what Google asks for, said.
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("no `url`"), "{warnings:?}");
        assert!(warnings[1].contains("no `author`"), "{warnings:?}");
    }

    #[test]
    fn a_claim_whose_citations_all_fail_gets_no_rating() {
        let a = analysis(
            Some("Desk"),
            Some("https://e.org/r"),
            Some("2025-10-01"),
            vec![source("a", None, None)],
            vec![
                claim(
                    "failing",
                    Verdict::Supported,
                    vec![
                        citation("a", QuoteStatus::NotFound),
                        citation("a", QuoteStatus::NearMiss),
                    ],
                ),
                claim("uncited", Verdict::Unsupported, vec![]),
                claim(
                    "held",
                    Verdict::Disputed,
                    vec![citation("a", QuoteStatus::Exact)],
                ),
            ],
        );
        let (out, warnings) = render_with_warnings(&a);
        let v = parse(&out);
        let ids: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["url"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["https://e.org/r#claim-held"]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("claim \"failing\" (supported) is left out"),
            "{warnings:?}"
        );
        assert!(warnings[1].contains("claim \"uncited\""), "{warnings:?}");
    }

    #[test]
    fn no_reviews_is_an_empty_array() {
        let a = analysis(None, None, None, vec![], vec![]);
        assert_eq!(render(&a), "[]\n");
    }

    #[test]
    fn script_end_tags_cannot_escape() {
        let mut c = claim(
            "s",
            Verdict::Disputed,
            vec![citation("a", QuoteStatus::Exact)],
        );
        c.text = "It said </script><script>alert(1)</script> & more".into();
        c.note = None;
        let out = render(&analysis(None, None, None, vec![], vec![c]));
        assert!(!out.contains('<'), "{out}");
        let v = parse(&out);
        assert_eq!(
            v[0]["claimReviewed"],
            "It said </script><script>alert(1)</script> & more"
        );
        assert!(v[0].get("reviewBody").is_none());
        assert_eq!(v[0]["reviewRating"]["alternateName"], "Disputed");
    }

    #[test]
    fn claim_urls_replace_the_fragment() {
        assert_eq!(
            claim_url("https://e.org/r", "a-1"),
            "https://e.org/r#claim-a-1"
        );
        assert_eq!(
            claim_url("https://e.org/r#x", "a-1"),
            "https://e.org/r#claim-a-1"
        );
        assert_eq!(web_url(" HTTPS://e.org/ "), Some("HTTPS://e.org/"));
        assert_eq!(web_url("https://"), None);
        assert_eq!(web_url("https://e.org/a b"), None);
        assert_eq!(date_part("2025-09-25T08:00:00Z"), Some("2025-09-25"));
        assert_eq!(date_part("07:32:00"), None);
        assert_eq!(date_part("2025-9-1"), None);
    }
}
