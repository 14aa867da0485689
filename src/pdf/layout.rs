//! From positioned glyphs to a source's text: lines (in the order the page draws them, so a
//! two-column page that draws column by column reads column by column), running headers,
//! footers and page numbers dropped, paragraphs rebuilt, words hyphenated across a line end
//! joined, ligatures and soft hyphens folded.

/// One glyph as drawn: its origin (y grows down the page), font size and where it ends.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub end: f64,
    pub text: String,
}

/// A line of one page: its text (spaces between words) and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    /// Where its last glyph ends.
    pub end: f64,
    /// How wide its first word is: a line before it that had room for it ended on purpose.
    pub first_word: f64,
}

/// The text of all pages, paragraphs separated by a blank line, and the byte offset in it
/// where each page's text starts (a paragraph running on over a page break starts on the
/// first page; the next page starts where its first word is).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Laid {
    pub text: String,
    pub page_starts: Vec<usize>,
}

/// Glyphs into lines: a new line where the baseline moves by half a font size or more (or
/// the pen goes back left), a space where the gap between glyphs is wider than a sixth of
/// the font size and neither side is a space already.
pub(crate) fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let glyphs = compose_accents(glyphs);
    let mut out: Vec<Line> = Vec::new();
    let mut last: Option<Glyph> = None;
    for g in &glyphs {
        let text = fold(&g.text);
        if text.is_empty() {
            continue;
        }
        if let (Some(line), Some(l)) = (out.last(), last.as_mut()) {
            if is_footnote_marker(g, &text, line) {
                // Left out, as if the glyph before it ended where the marker ends: "contracts¹
                // with" reads "contracts with", and "states¹," reads "states,".
                l.end = l.end.max(g.end);
                continue;
            }
        }
        let size = g.size.abs().max(1.0);
        let new_line = match &last {
            None => true,
            Some(l) => (g.y - l.y).abs() > size * 0.5 || g.x < l.end - size * 2.0,
        };
        if new_line {
            out.push(Line {
                text: String::new(),
                x: g.x,
                y: g.y,
                size,
                end: g.end,
                first_word: f64::NAN,
            });
        } else if let Some(l) = &last {
            let line = out.last_mut().expect("a line was pushed");
            let gap = g.x > seeming_end(l) + size / 6.0;
            if gap && !line.text.ends_with(' ') && !text.starts_with(' ') {
                line.text.push(' ');
            }
            if (gap || text.starts_with(char::is_whitespace)) && line.first_word.is_nan() {
                line.first_word = line.end - line.x;
            }
        }
        let line = out.last_mut().expect("a line was pushed");
        line.text.push_str(&text);
        line.end = line.end.max(seeming_end(g));
        last = Some(g.clone());
    }
    for line in &mut out {
        if line.first_word.is_nan() {
            line.first_word = line.end - line.x;
        }
        let mut text = line.text.split_whitespace().collect::<Vec<_>>().join(" ");
        // A soft hyphen counts only at the end of a line, where the word broke.
        let broke = text.ends_with('\u{00AD}');
        text.retain(|c| c != '\u{00AD}');
        if broke {
            text.push('\u{00AD}');
        }
        line.text = text;
    }
    out.retain(|l| !l.text.is_empty());
    out
}

/// A footnote marker or superscript reference in a line of text: digits or a footnote sign
/// (`*`, `†`, `‡`, `§`, `¶`, with `,` between numbers), smaller than the line's text and
/// raised above its baseline by at least a sixth of its size. It is no word of the sentence,
/// and kept, it would break a quote in two ("contracts 1 with").
fn is_footnote_marker(g: &Glyph, text: &str, line: &Line) -> bool {
    let size = g.size.abs();
    let raised = line.y - g.y;
    size > 0.0
        && size <= line.size * 0.85
        && raised >= line.size / 6.0
        && raised < line.size
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || "*†‡§¶,".contains(c))
}

/// Where a glyph ends, for telling a space after it. A width under a seventh of the font size
/// is taken for a width the font does not give right (pdfTeX's "$" in Computer Modern reads as
/// 0.045 em), and half the font size is used instead, so that "$200" does not read "$ 200".
fn seeming_end(g: &Glyph) -> f64 {
    let size = g.size.abs().max(1.0);
    if g.end - g.x < size / 7.0 && !g.text.trim().is_empty() {
        g.x + size / 2.0
    } else {
        g.end
    }
}

/// The combining mark of a spacing accent, as TeX and others draw "è": a grave accent over
/// an "e", two glyphs.
fn combining(accent: &str) -> Option<char> {
    let mut chars = accent.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '`' | '\u{02CB}' => '\u{0300}',
        '\u{00B4}' | '\u{02CA}' => '\u{0301}',
        '^' | '\u{02C6}' => '\u{0302}',
        '~' | '\u{02DC}' => '\u{0303}',
        '\u{00AF}' | '\u{02C9}' => '\u{0304}',
        '\u{02D8}' => '\u{0306}',
        '\u{02D9}' => '\u{0307}',
        '\u{00A8}' => '\u{0308}',
        '\u{02DA}' => '\u{030A}',
        '\u{02DD}' => '\u{030B}',
        '\u{02C7}' => '\u{030C}',
        '\u{00B8}' => '\u{0327}',
        '\u{02DB}' => '\u{0328}',
        _ => return None,
    })
}

/// An accent drawn over the letter beside it (its middle within that letter's width, on the
/// same line) becomes one composed letter: "e" + "`" is "è", so a quote with "Agnès" is found
/// in a PDF that drew the accent apart.
fn compose_accents(glyphs: &[Glyph]) -> Vec<Glyph> {
    use unicode_normalization::UnicodeNormalization;
    let over = |accent: &Glyph, base: &Glyph| {
        let middle = (accent.x + accent.end) / 2.0;
        let slack = base.size.abs() * 0.1;
        (base.y - accent.y).abs() < base.size.abs()
            && middle >= base.x - slack
            && middle <= base.end + slack
            && base.text.chars().next().is_some_and(char::is_alphabetic)
    };
    let mut out: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    let mut i = 0;
    while i < glyphs.len() {
        let g = &glyphs[i];
        if let Some(mark) = combining(&g.text) {
            if let Some(next) = glyphs.get(i + 1).filter(|n| over(g, n)) {
                let mut base = next.clone();
                base.text = format!("{}{mark}", next.text).nfc().collect();
                out.push(base);
                i += 2;
                continue;
            }
            if let Some(prev) = out.last_mut().filter(|p| over(g, p)) {
                prev.text = format!("{}{mark}", prev.text).nfc().collect();
                i += 1;
                continue;
            }
        }
        out.push(g.clone());
        i += 1;
    }
    out
}

/// Ligatures as their letters, soft hyphens and control characters dropped.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{00AD}' => out.push('\u{00AD}'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A line that is only a page number: "7", "- 7 -", "Page 7", "Page 7 of 25", "vii".
fn is_page_number(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let lower = t.to_lowercase();
    let t = lower.strip_prefix("page").map_or(lower.as_str(), str::trim);
    let number = |s: &str| {
        !s.is_empty()
            && (s.chars().all(|c| c.is_ascii_digit())
                || (s.len() <= 6 && s.chars().all(|c| "ivxlc".contains(c))))
    };
    match t.split_once(" of ") {
        Some((a, b)) => number(a.trim()) && number(b.trim()),
        None => number(t),
    }
}

/// A line as compared with the same line on other pages: digits do not count (a header
/// often carries the page number).
fn furniture_key(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>()
        .trim()
        .to_string()
}

/// How many lines at each end of a page may be a running header or footer.
const EDGE_LINES: usize = 3;

/// Drop running headers and footers (a line among the first or last [`EDGE_LINES`] of a
/// page that recurs, digits aside, at the same end of at least half the pages, when there
/// are two pages or more) and page numbers at either end of a page.
pub(crate) fn drop_furniture(pages: &mut [Vec<Line>]) {
    use std::collections::BTreeMap;
    let mut top: BTreeMap<String, usize> = BTreeMap::new();
    let mut bottom: BTreeMap<String, usize> = BTreeMap::new();
    for page in pages.iter() {
        let mut seen_top = std::collections::BTreeSet::new();
        for l in page.iter().take(EDGE_LINES) {
            seen_top.insert(furniture_key(&l.text));
        }
        let mut seen_bottom = std::collections::BTreeSet::new();
        for l in page.iter().rev().take(EDGE_LINES) {
            seen_bottom.insert(furniture_key(&l.text));
        }
        for k in seen_top {
            *top.entry(k).or_default() += 1;
        }
        for k in seen_bottom {
            *bottom.entry(k).or_default() += 1;
        }
    }
    let n = pages.len();
    let running = |counts: &BTreeMap<String, usize>, key: &str| {
        n >= 2 && !key.is_empty() && counts.get(key).is_some_and(|&c| c * 2 >= n && c >= 2)
    };
    for page in pages.iter_mut() {
        let len = page.len();
        let mut keep = vec![true; len];
        for (i, l) in page.iter().enumerate() {
            let at_top = i < EDGE_LINES;
            let at_bottom = i + EDGE_LINES >= len;
            let key = furniture_key(&l.text);
            if (at_top && running(&top, &key))
                || (at_bottom && running(&bottom, &key))
                || ((at_top || at_bottom) && is_page_number(&l.text))
            {
                keep[i] = false;
            }
        }
        let mut i = 0;
        page.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
}

/// Whether a line ends a sentence (or a heading's run of words).
fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']'])
        .ends_with(['.', '!', '?', ':'])
}

/// Lines of all pages into paragraphs. A paragraph ends where the next line is further
/// below than usual (a gap of more than 1.4 times the page's usual line spacing), where the
/// next line is indented (no line inside a paragraph is), or where a line stops short (with
/// room left for the next line's first word, so not the ragged edge of unjustified text)
/// and ends a sentence or is followed by a capital (a heading, a title). A page break continues the paragraph
/// unless one of the last two holds, so a sentence running on over a page break stays whole.
pub(crate) fn paragraphs(pages: &[Vec<Line>]) -> Laid {
    let mut laid = Laid::default();
    let vocabulary = Vocabulary::of(pages);
    let mut last: Option<(&Line, f64)> = None;
    for page in pages {
        let spacing = usual_spacing(page);
        let columns = columns(page);
        let mut page_start = None;
        for (i, line) in page.iter().enumerate() {
            let (left, right) = columns[i];
            let new_paragraph = match last {
                None => true,
                Some((prev, prev_right)) => {
                    let far = i > 0 && spacing.is_some_and(|s| line.y - prev.y > s * 1.4);
                    let indented = line.x > left + line.size * 0.8;
                    // Room left for two font sizes, and for the next line's first word and
                    // a space before it: a ragged line ends where the next word does not
                    // fit, so with that room the line ended on purpose. The space is taken
                    // as wide as the next line's average character (a monospaced font's
                    // space is as wide as its letters, a proportional one's narrower).
                    let room = prev_right - prev.end;
                    let advance = (line.end - line.x) / line.text.chars().count().max(1) as f64;
                    let short = room > (prev.size * 2.0).max(line.first_word + advance);
                    // A capital, after any opening quote or bracket (`"Microsoft blocks`).
                    let opens = line
                        .text
                        .trim_start_matches(['"', '\'', '“', '‘', '«', '(', '['])
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase);
                    far || indented || (short && (ends_sentence(&prev.text) || opens))
                }
            };
            let start = if new_paragraph {
                if laid.text.ends_with('\u{00AD}') {
                    laid.text.pop();
                }
                if !laid.text.is_empty() {
                    laid.text.push_str("\n\n");
                }
                laid.text.len()
            } else {
                join(&mut laid.text, &line.text, &vocabulary)
            };
            laid.text.push_str(&line.text);
            page_start.get_or_insert(start);
            last = Some((line, right));
        }
        laid.page_starts.push(page_start.unwrap_or(laid.text.len()));
    }
    if laid.text.ends_with('\u{00AD}') {
        laid.text.pop();
    }
    let len = laid.text.len();
    for start in &mut laid.page_starts {
        *start = (*start).min(len);
    }
    laid
}

/// The words of a document as its lines give them, for telling a word hyphenated at a line
/// end from a compound that broke there: lowercased, without the punctuation around them,
/// a hyphen inside kept ("well-known"), and the pairs of words that follow one another
/// ("well known"). A line's last word when it ends in a hyphen, and the first word of the
/// line after it, are the pieces in question and do not count.
#[derive(Debug, Default)]
struct Vocabulary {
    words: std::collections::BTreeSet<String>,
    pairs: std::collections::BTreeSet<(String, String)>,
}

impl Vocabulary {
    fn of(pages: &[Vec<Line>]) -> Vocabulary {
        let mut words = std::collections::BTreeSet::new();
        let mut pairs = std::collections::BTreeSet::new();
        let mut previous: Option<String> = None;
        let mut after_hyphen = false;
        for line in pages.iter().flatten() {
            let mut tokens: Vec<&str> = line.text.split_whitespace().collect();
            let hyphen = line.text.ends_with('-');
            if hyphen {
                tokens.pop();
            }
            for (i, token) in tokens.into_iter().enumerate() {
                if i == 0 && after_hyphen {
                    previous = None;
                    continue;
                }
                let word = token
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if word.is_empty() {
                    previous = None;
                    continue;
                }
                if let Some(p) = previous.take() {
                    pairs.insert((p, word.clone()));
                }
                // A pair does not run over punctuation ("well. Known").
                if token.ends_with(|c: char| c.is_alphanumeric()) {
                    previous = Some(word.clone());
                }
                words.insert(word);
            }
            if hyphen {
                previous = None;
            }
            after_hyphen = hyphen;
        }
        Vocabulary { words, pairs }
    }

    fn has(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }

    fn has_pair(&self, first: &str, second: &str) -> bool {
        self.pairs
            .contains(&(first.to_lowercase(), second.to_lowercase()))
    }
}

/// Whether a hyphen at a line end, between `head` (the word before it) and `next` (the next
/// line), is a real one: a compound ("well-" + "known") rather than a word broken to fit.
/// - A word that already has a hyphen ("state-of-the-" + "art") is a compound: typesetters
///   break such a word at its own hyphens only.
/// - Before a capital or a digit ("Mid-" + "East", "COVID-" + "19"): a compound.
/// - Otherwise the document decides: the joined word seen elsewhere ("international")
///   joins; the hyphenated form seen elsewhere, or the two parts seen one after the other
///   as two words ("well known"), and not the joined word, keep the hyphen. With no such
///   evidence the word is joined, as line-end hyphens mostly are. Both parts seen merely
///   somewhere is no evidence: "in-" + "stance" in a text that says "in" and "stance".
fn real_hyphen(head: &str, next: &str, vocabulary: &Vocabulary) -> bool {
    if head.contains('-') {
        return true;
    }
    let Some(first) = next.chars().next() else {
        return false;
    };
    if first.is_uppercase() || first.is_ascii_digit() {
        return true;
    }
    let tail: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
    if tail.is_empty() {
        return false;
    }
    if vocabulary.has(&format!("{head}{tail}")) {
        return false;
    }
    vocabulary.has(&format!("{head}-{tail}")) || vocabulary.has_pair(head, &tail)
}

/// Make room for the next line of a paragraph. After a hyphen that ends a word fragment
/// (letters before it) and before a letter or digit, the lines meet without a space: the
/// hyphen is dropped when it broke a word (see [`real_hyphen`]), kept when it is a
/// compound's. A soft hyphen at the line's end is dropped. Otherwise a space separates the
/// lines. Returns where the next line's text goes.
fn join(text: &mut String, next: &str, vocabulary: &Vocabulary) -> usize {
    if text.ends_with('\u{00AD}') {
        text.pop();
        return text.len();
    }
    let head = text
        .strip_suffix('-')
        .and_then(|t| t.rsplit(char::is_whitespace).next())
        .map(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().next_back().is_some_and(char::is_alphabetic));
    let continues = next.chars().next().is_some_and(char::is_alphanumeric);
    if let (Some(head), true) = (head, continues) {
        if !real_hyphen(head, next, vocabulary) {
            text.pop();
        }
        return text.len();
    }
    text.push(' ');
    text.len()
}

/// The left and right edges of each line's column: the least start and the greatest end of
/// the lines of the page that start within three font sizes of it (an indent is less).
fn columns(page: &[Line]) -> Vec<(f64, f64)> {
    page.iter()
        .map(|line| {
            let near = page
                .iter()
                .filter(|other| (other.x - line.x).abs() < line.size * 3.0);
            near.fold((line.x, line.end), |(left, right), other| {
                (left.min(other.x), right.max(other.end))
            })
        })
        .collect()
}

/// The most common distance between consecutive lines going down the page, rounded to a
/// tenth of a point.
fn usual_spacing(page: &[Line]) -> Option<f64> {
    let mut counts: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
    for pair in page.windows(2) {
        let gap = pair[1].y - pair[0].y;
        if gap > 0.0 {
            *counts.entry((gap * 10.0).round() as i64).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(gap, n)| (n, -gap))
        .map(|(gap, _)| gap as f64 / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of glyphs, one per character, 10 pt, each 5 pt wide, starting at `x`.
    fn drawn(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .filter(|(_, c)| *c != ' ')
            .map(|(i, c)| Glyph {
                x: x + 5.0 * i as f64,
                y,
                size: 10.0,
                end: x + 5.0 * (i + 1) as f64,
                text: c.to_string(),
            })
            .collect()
    }

    /// A line of justified text from `x`: it ends at the column's right edge, 300 pt on.
    fn line(text: &str, x: f64, y: f64) -> Line {
        Line {
            text: text.to_string(),
            x,
            y,
            size: 10.0,
            end: 372.0,
            first_word: 5.0 * text.split(' ').next().unwrap_or("").chars().count() as f64,
        }
    }

    #[test]
    fn glyphs_make_lines_with_spaces_at_gaps_and_ligatures_folded() {
        let mut glyphs = drawn("the ﬁrst ﬂoor", 72.0, 100.0);
        glyphs.extend(drawn("next line", 72.0, 112.0));
        let lines = lines(&glyphs);
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["the first floor", "next line"]);
        assert_eq!((lines[1].x, lines[1].y), (72.0, 112.0));
    }

    #[test]
    fn footnote_markers_are_left_out_and_other_digits_kept() {
        // "contracts¹ with" and "sales², of": the markers 7 pt and 3 pt above the baseline.
        let marker = |text: &str, x: f64| Glyph {
            x,
            y: 97.0,
            size: 7.0,
            end: x + 3.5,
            text: text.into(),
        };
        let mut glyphs = drawn("contracts", 0.0, 100.0);
        glyphs.push(marker("1", 45.0));
        glyphs.extend(drawn("with", 55.0, 100.0));
        glyphs.extend(drawn("sales", 80.0, 100.0));
        glyphs.push(marker("2", 105.0));
        glyphs.extend(drawn(",", 108.5, 100.0));
        glyphs.extend(drawn("has 20", 120.0, 100.0));
        // A subscript (lowered) and a small digit on the baseline stay.
        glyphs.extend(drawn("CO", 160.0, 100.0));
        glyphs.push(Glyph {
            y: 102.0,
            ..marker("2", 170.0)
        });
        glyphs.push(Glyph {
            y: 100.0,
            ..marker("3", 180.0)
        });
        let texts: Vec<_> = lines(&glyphs).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["contracts with sales, has 20 CO2 3"]);
    }

    #[test]
    fn an_accent_drawn_over_a_letter_is_one_letter() {
        // TeX's "Agn\`es": the grave accent drawn first, over the "e" that follows.
        let mut glyphs = drawn("Agn", 0.0, 50.0);
        glyphs.push(Glyph {
            x: 15.5,
            y: 50.0,
            size: 10.0,
            end: 19.5,
            text: "`".into(),
        });
        glyphs.extend(drawn("es", 15.0, 50.0));
        assert_eq!(lines(&glyphs)[0].text, "Agnès");
        // A backtick on its own stays.
        assert_eq!(lines(&drawn("a ` b", 0.0, 0.0))[0].text, "a ` b");
    }

    #[test]
    fn hyphenation_at_a_line_end_is_joined_and_real_hyphens_stay() {
        let page = vec![
            line("The inter-", 72.0, 100.0),
            line("national court, a well-known", 72.0, 112.0),
            line("body, and Mid-", 72.0, 124.0),
            line("East soft\u{00AD}", 72.0, 136.0),
            line("ware firms called +972 news.", 72.0, 148.0),
        ];
        let laid = paragraphs(&[page]);
        assert_eq!(
            laid.text,
            "The international court, a well-known body, and Mid-East software firms called +972 news."
        );
        assert_eq!(laid.page_starts, [0]);
    }

    #[test]
    fn a_compound_broken_at_a_line_end_keeps_its_hyphen_by_the_documents_words() {
        let laid = |lines: &[&str]| {
            let page: Vec<Line> = lines
                .iter()
                .enumerate()
                .map(|(i, t)| line(t, 72.0, 100.0 + 12.0 * i as f64))
                .collect();
            paragraphs(&[page]).text
        };
        // The parts are seen as two words one after the other, the joined word is not: a
        // compound.
        assert_eq!(
            laid(&["It is well known that a well-", "known firm sold it."]),
            "It is well known that a well-known firm sold it."
        );
        // Both parts seen, but apart: no evidence, joined.
        assert_eq!(
            laid(&["Its stance in this in-", "stance."]),
            "Its stance in this instance."
        );
        assert_eq!(
            laid(&["Well, it is known: a well-", "known firm."]),
            "Well, it is known: a wellknown firm."
        );
        // The hyphenated form is seen elsewhere: a compound.
        assert_eq!(
            laid(&["A long-term plan, not a long-", "term one."]),
            "A long-term plan, not a long-term one."
        );
        // The joined word is seen elsewhere: a word broken to fit, even if both parts are
        // words too ("some", "thing").
        assert_eq!(
            laid(&["Something is some thing, and some-", "thing more."]),
            "Something is some thing, and something more."
        );
        // No evidence ("inter" is no word here): joined.
        assert_eq!(
            laid(&["The inter-", "national court."]),
            "The international court."
        );
        // A word with a hyphen already, and a capital or digit after the hyphen: kept.
        assert_eq!(
            laid(&[
                "A state-of-the-",
                "art tool against COVID-",
                "19 in the Mid-",
                "East."
            ]),
            "A state-of-the-art tool against COVID-19 in the Mid-East."
        );
    }

    #[test]
    fn paragraphs_break_at_gaps_and_indents_and_go_on_over_a_page_break() {
        let one = vec![
            line("First paragraph ends here.", 72.0, 100.0),
            line("An indented second one that runs", 84.0, 112.0),
            line("on to a line that stops.", 72.0, 124.0),
            line(
                "After a gap, the third one runs on and is cut by the mem-",
                72.0,
                150.0,
            ),
        ];
        let two = vec![line("ber of the next page.", 72.0, 100.0)];
        let laid = paragraphs(&[one, two]);
        assert_eq!(
            laid.text,
            "First paragraph ends here.\n\nAn indented second one that runs on to a line that stops.\n\nAfter a gap, the third one runs on and is cut by the member of the next page."
        );
        // Page 2 starts at "ber", inside the word the break cut.
        let at = laid.page_starts[1];
        assert_eq!(&laid.text[at..at + 3], "ber");
    }

    #[test]
    fn a_short_line_before_a_capital_is_a_heading_and_a_column_break_goes_on() {
        let short = |text: &str, y: f64| Line {
            end: 72.0 + 5.0 * text.chars().count() as f64,
            ..line(text, 72.0, y)
        };
        let page = vec![
            short("Industry Repercussions", 100.0),
            line(
                "For Microsoft, which reported over $200 billion",
                72.0,
                112.0,
            ),
            line("in revenue, the decision could set a", 72.0, 124.0),
            // The second column, at the top again: the sentence runs on.
            line("precedent for cloud providers.", 400.0, 40.0),
        ];
        let laid = paragraphs(&[page]);
        assert_eq!(
            laid.text,
            "Industry Repercussions\n\nFor Microsoft, which reported over $200 billion in revenue, the decision could set a precedent for cloud providers."
        );
    }

    #[test]
    fn a_ragged_line_goes_on_where_the_next_word_would_not_have_fit() {
        // Unjustified text (a browser's, a word processor's): lines end short of the column's
        // right edge, 372, wherever the next word did not fit.
        let ragged = |text: &str, y: f64, end: f64| Line {
            end,
            ..line(text, 72.0, y)
        };
        let page = vec![
            ragged("Agnès Callamard, Secretary General of", 100.0, 340.0),
            // "Amnesty" is 35 wide and a space a quarter of the font size: it did not fit in
            // the 32 left, so the paragraph goes on.
            ragged("Amnesty International, emphasized the need.", 112.0, 300.0),
            // "WikiCommons" (55) would have fitted in the 72 left: the sentence ended there.
            // A short line before a quote that opens with a capital ends a paragraph.
            ragged("WikiCommons", 124.0, 130.0),
            line(
                "\"Microsoft blocks Israel’s use\", 25 September",
                72.0,
                136.0,
            ),
        ];
        let laid = paragraphs(&[page]);
        assert_eq!(
            laid.text,
            "Agnès Callamard, Secretary General of Amnesty International, emphasized the need.\n\nWikiCommons\n\n\"Microsoft blocks Israel’s use\", 25 September"
        );
    }

    #[test]
    fn the_first_words_width_is_where_the_first_gap_is() {
        let mut glyphs = drawn("Amnesty has", 0.0, 0.0);
        // An explicit space glyph, as Chromium and LibreOffice draw them.
        glyphs.extend(drawn("Unit", 100.0, 20.0));
        glyphs.push(Glyph {
            x: 120.0,
            y: 20.0,
            size: 10.0,
            end: 122.5,
            text: " ".into(),
        });
        glyphs.extend(drawn("8200", 122.5, 20.0));
        glyphs.extend(drawn("Alone", 0.0, 40.0));
        let widths: Vec<f64> = lines(&glyphs).iter().map(|l| l.first_word).collect();
        assert_eq!(widths, [35.0, 20.0, 25.0]);
    }

    #[test]
    fn running_headers_footers_and_page_numbers_are_dropped() {
        let page = |n: usize, body: &str| {
            vec![
                line(&format!("UN Human Rights Council A/HRC/60/{n}"), 72.0, 40.0),
                line(body, 72.0, 100.0),
                line("Advance unedited version", 72.0, 700.0),
                line(&format!("- {n} -"), 300.0, 720.0),
            ]
        };
        let mut pages = vec![page(1, "One."), page(2, "Two."), page(3, "Three.")];
        pages[2].push(line("Page 3 of 3", 300.0, 730.0));
        drop_furniture(&mut pages);
        let texts: Vec<Vec<&str>> = pages
            .iter()
            .map(|p| p.iter().map(|l| l.text.as_str()).collect())
            .collect();
        assert_eq!(texts, [vec!["One."], vec!["Two."], vec!["Three."]]);
        // A single page keeps its first line: nothing repeats on one page.
        let mut single = vec![vec![
            line("A headline", 72.0, 40.0),
            line("7", 300.0, 720.0),
        ]];
        drop_furniture(&mut single);
        assert_eq!(single[0].len(), 1);
    }

    #[test]
    fn page_numbers_are_told_from_text() {
        for yes in ["7", "- 7 -", "Page 7", "page 7 of 25", "xii", "– 12 –"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["7 October", "Figure 7", "A", "+972", ""] {
            assert!(!is_page_number(no), "{no}");
        }
    }
}
