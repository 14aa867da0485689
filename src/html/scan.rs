//! Pass 1: the text under each element (for choosing the root and keeping wrappers), and what
//! the page's markup says about the article (title, URL, site, date, encoding).

use std::collections::HashMap;

use scraper::node::Element;
use scraper::ElementRef;

use super::article::{collapse, is_space};
use super::furniture::is_hard;
use super::{key, walk, Step};

#[derive(Default)]
pub(super) struct Scan<'a> {
    /// Characters of visible text (not whitespace) under each element, furniture included;
    /// only the `Hard` elements are left out.
    lens: HashMap<usize, usize>,
    pub(super) body: Option<ElementRef<'a>>,
    pub(super) charset: Option<String>,
    pub(super) title: Option<String>,
    pub(super) og_title: Option<String>,
    pub(super) twitter_title: Option<String>,
    pub(super) canonical: Option<String>,
    pub(super) og_url: Option<String>,
    pub(super) site_name: Option<String>,
    pub(super) published: Option<String>,
    /// Lower-priority dates: `datePublished`, then `<meta name="date">`.
    date_published: Option<String>,
    date_meta: Option<String>,
}

impl Scan<'_> {
    pub(super) fn len(&self, element: ElementRef) -> usize {
        self.lens.get(&key(element)).copied().unwrap_or(0)
    }
}

fn set(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none() {
        if let Some(v) = value.map(collapse).filter(|v| !v.is_empty()) {
            *slot = Some(v);
        }
    }
}

pub(super) fn scan(top: ElementRef<'_>) -> Scan<'_> {
    let mut scan = Scan::default();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    walk(top, |step| match step {
        Step::Open(element) => {
            let e = element.value();
            match e.name() {
                "meta" => read_meta(&mut scan, e),
                "link" => {
                    let canonical = e.attr("rel").is_some_and(|rel| {
                        rel.split_ascii_whitespace()
                            .any(|r| r.eq_ignore_ascii_case("canonical"))
                    });
                    if canonical {
                        set(
                            &mut scan.canonical,
                            e.attr("href").filter(|u| is_web_url(u)),
                        );
                    }
                }
                "time" if e.attr("itemprop") == Some("datePublished") => {
                    set(&mut scan.date_published, e.attr("datetime"));
                }
                "title" if scan.title.is_none() => {
                    let text: String = element.text().collect();
                    set(&mut scan.title, Some(&text));
                }
                "body" if scan.body.is_none() => scan.body = Some(element),
                _ => {}
            }
            if is_hard(e.name()) {
                return false;
            }
            stack.push((key(element), 0));
            true
        }
        Step::Text(text) => {
            if let Some(top) = stack.last_mut() {
                top.1 += text.chars().filter(|c| !is_space(*c)).count();
            }
            true
        }
        Step::Close => {
            if let Some((k, len)) = stack.pop() {
                scan.lens.insert(k, len);
                if let Some(parent) = stack.last_mut() {
                    parent.1 += len;
                }
            }
            true
        }
    });
    scan.published = [
        scan.published.take(),
        scan.date_published.take(),
        scan.date_meta.take(),
    ]
    .into_iter()
    .flatten()
    .find_map(|d| date(&d));
    scan
}

fn read_meta(scan: &mut Scan, e: &Element) {
    if let Some(charset) = e.attr("charset") {
        set(
            &mut scan.charset,
            Some(&charset.trim().to_ascii_lowercase()),
        );
    }
    let content = e.attr("content");
    if e.attr("http-equiv")
        .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-type"))
    {
        let label = content.and_then(charset_of_content_type);
        set(&mut scan.charset, label.as_deref());
    }
    if e.attr("itemprop") == Some("datePublished") {
        set(&mut scan.date_published, content);
    }
    let names = e.attr("property").into_iter().chain(e.attr("name"));
    for name in names {
        match name.trim().to_ascii_lowercase().as_str() {
            "og:title" => set(&mut scan.og_title, content),
            "twitter:title" => set(&mut scan.twitter_title, content),
            "og:url" => set(&mut scan.og_url, content.filter(|u| is_web_url(u))),
            "og:site_name" => set(&mut scan.site_name, content),
            "article:published_time" => set(&mut scan.published, content),
            "date" => set(&mut scan.date_meta, content),
            _ => {}
        }
    }
}

/// `text/html; charset=windows-1252` -> `windows-1252`.
fn charset_of_content_type(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| !matches!(c, '"' | '\'' | ';' | ',') && !c.is_whitespace())
        .collect();
    (!label.is_empty()).then_some(label)
}

fn is_web_url(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    (url.starts_with("https://") || url.starts_with("http://")) && url.len() > "https://".len()
}

/// The `YYYY-MM-DD` of a date or timestamp, when it is a valid date.
fn date(value: &str) -> Option<String> {
    let head = value.trim().get(..10)?;
    let parsed: toml::value::Datetime = head.parse().ok()?;
    (parsed.date.is_some() && parsed.time.is_none()).then(|| head.to_string())
}

/// `Headline | Site` -> `Headline`, when the site's name is known.
pub(super) fn strip_site(title: &str, site: Option<&str>) -> String {
    if let Some(site) = site.filter(|s| !s.is_empty()) {
        if let Some(rest) = title.strip_suffix(site) {
            let rest = rest.trim_end();
            for separator in ["|", "-", "–", "—", "·", "::", ":"] {
                if let Some(head) = rest.strip_suffix(separator) {
                    let head = head.trim_end();
                    if !head.is_empty() {
                        return head.to_string();
                    }
                }
            }
        }
    }
    title.to_string()
}
