//! Reading quantities from a text's words ([`crate::text::words`]), left to right: a date
//! ([`dates`]), or a number ([`numbers`]) with what is around it: currency, unit, bound, the
//! thing it counts and a rate.

use crate::text::{is_stopword, words, Word};

use super::words::{
    month, participle, rate_adverb, rate_unit, scale_word, unit_word, BOUNDS_BEFORE, NP_BREAK,
    YEAR_BEFORE, YEAR_BOUNDS,
};
use super::{Bound, Currency, Interval, Kind, Quantity, Rate};

mod dates;
mod numbers;

/// A number as parsed, before its kind is known.
#[derive(Debug, Clone)]
struct Num {
    /// Tokens start..end.
    start: usize,
    end: usize,
    value: Interval,
    nominal: f64,
    bound: Bound,
    /// Written in digits without scale words: a candidate year.
    plain: Option<i64>,
}

impl Num {
    /// Exactly `v`, in tokens `start..end`.
    fn exact(start: usize, end: usize, v: f64) -> Num {
        Num {
            start,
            end,
            value: Interval::exact(v),
            nominal: v,
            bound: Bound::Exact,
            plain: None,
        }
    }

    /// A multiple of a scale, from `lo` up to (not including) `hi`: "millions of", "dozens".
    fn multiple(start: usize, end: usize, lo: f64, hi: f64) -> Num {
        Num {
            start,
            end,
            value: Interval::half_open(lo, hi),
            nominal: lo,
            bound: Bound::Multiple,
            plain: None,
        }
    }
}

pub(super) struct Scanner<'t> {
    toks: Vec<Word<'t>>,
}

impl<'t> Scanner<'t> {
    pub(super) fn new(text: &'t str) -> Scanner<'t> {
        Scanner {
            toks: words(text).collect(),
        }
    }

    fn key(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.key.as_ref())
    }

    fn raw(&self, i: usize) -> &'t str {
        self.toks.get(i).map_or("", Word::as_str)
    }

    /// No whitespace between tokens i and i+1.
    fn joined(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(_)) => a.ws_end == a.end,
            _ => false,
        }
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_word)
    }

    fn capitalised(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(Word::capitalised)
    }

    pub(super) fn scan(&self) -> Vec<Quantity> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            if let Some((date, end)) = self.date_at(i) {
                out.push(Quantity {
                    kind: Kind::Date,
                    value: Interval::exact(0.0),
                    nominal: 0.0,
                    bound: Bound::Exact,
                    date: Some(date),
                    rate: None,
                    head: None,
                    noun: None,
                    span: self.toks[i].start..self.toks[end - 1].end,
                    number: self.toks[i].start..self.toks[end - 1].end,
                });
                i = end;
                continue;
            }
            if self.is_identifier_number(i) {
                i += 1;
                continue;
            }
            match self.number(i) {
                Some(num) => {
                    let next = num.end;
                    if let Some(q) = self.quantity(num) {
                        out.push(q);
                    }
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }

    /// A currency, percent or "percentage points" after the number: (kind, end).
    fn unit_after(&self, j: usize) -> Option<(Kind, usize)> {
        let k = self.key(j);
        let money = |c: Currency, end: usize| Some((Kind::Money(c), end));
        match k {
            "%" => Some((Kind::Percent, j + 1)),
            "per" if self.key(j + 1) == "cent" => Some((Kind::Percent, j + 2)),
            "percent" | "pct" => Some((Kind::Percent, j + 1)),
            "percentage" if matches!(self.key(j + 1), "point" | "points") => {
                Some((Kind::PercentagePoints, j + 2))
            }
            "dollar" | "dollars" => money(Currency::Dollar, j + 1),
            "us" | "american" if matches!(self.key(j + 1), "dollar" | "dollars") => {
                money(Currency::Usd, j + 2)
            }
            "usd" => money(Currency::Usd, j + 1),
            "euro" | "euros" | "eur" => money(Currency::Eur, j + 1),
            "pounds" | "pound" if self.key(j + 1) == "sterling" => money(Currency::Gbp, j + 2),
            "sterling" | "gbp" => money(Currency::Gbp, j + 1),
            "shekel" | "shekels" | "ils" | "nis" => money(Currency::Ils, j + 1),
            "yen" => money(Currency::Jpy, j + 1),
            "rupees" | "rupee" => money(Currency::Inr, j + 1),
            "francs" if self.key(j - 1) == "swiss" => money(Currency::Chf, j + 1),
            _ => None,
        }
    }

    /// Bound words before token `at` (the start of the number or its currency).
    fn bound_before(&self, at: usize) -> Option<(Bound, usize)> {
        for (words, bound) in BOUNDS_BEFORE {
            let n = words.len();
            if at < n {
                continue;
            }
            if words
                .iter()
                .enumerate()
                .all(|(k, w)| self.key(at - n + k) == *w)
            {
                return Some((*bound, at - n));
            }
        }
        None
    }

    /// Bound words after the number: "200 or more", "200-plus", "200+", "200 or so".
    fn bound_after(&self, j: usize) -> Option<(Bound, usize)> {
        match (self.key(j), self.key(j + 1)) {
            ("or", "more" | "over" | "above") => Some((Bound::AtLeast, j + 2)),
            ("or", "less" | "fewer" | "under") => Some((Bound::AtMost, j + 2)),
            ("or", "so") => Some((Bound::About, j + 2)),
            ("-", "plus") if self.joined(j - 1) => Some((Bound::AtLeast, j + 2)),
            ("-", "odd") if self.joined(j - 1) => Some((Bound::About, j + 2)),
            ("+", _) if self.joined(j - 1) => Some((Bound::AtLeast, j + 1)),
            _ => None,
        }
    }

    /// Whether a plain four-digit number at `num` reads as a year.
    fn reads_as_year(&self, num: &Num, before: usize) -> bool {
        let Some(y) = num.plain else { return false };
        if !(1900..=2100).contains(&y) || self.key(num.start).len() != 4 {
            return false;
        }
        let prev = before.checked_sub(1).map_or("", |j| self.key(j));
        if YEAR_BEFORE.contains(&prev) || YEAR_BOUNDS.iter().any(|(w, _)| *w == prev) {
            return true;
        }
        let next = num.end;
        if next >= self.toks.len() || !self.is_word(next) {
            return self.key(next) != "%";
        }
        is_stopword(self.key(next)) || self.capitalised(next)
    }

    /// The counted thing after position j: the head noun's token index and the end of the
    /// noun phrase.
    fn noun_phrase(&self, mut j: usize, allow_of: bool) -> (Option<usize>, usize) {
        let phrase = |mut j: usize| -> (Option<usize>, usize) {
            let mut head = None;
            let mut words = 0;
            let mut lowercase_seen = false;
            while words < 6 {
                let k = self.key(j);
                if !self.is_word(j) {
                    // "defense-related contracts"
                    if k == "-" && head.is_some() && self.joined(j - 1) && self.joined(j) {
                        j += 1;
                        continue;
                    }
                    break;
                }
                if is_stopword(k)
                    || NP_BREAK.contains(&k)
                    || k.starts_with(|c: char| c.is_ascii_digit())
                    || unit_word(k).is_some()
                    || scale_word(k).is_some()
                    || (self.capitalised(j) && month(k).is_some())
                    || (head.is_some() && participle(k))
                    || (lowercase_seen && self.capitalised(j))
                {
                    break;
                }
                lowercase_seen |= !self.capitalised(j);
                head = Some(j);
                words += 1;
                j += 1;
            }
            (head, j)
        };
        let skip_determiners = |mut j: usize| {
            while matches!(
                self.key(j),
                "the" | "these" | "those" | "their" | "its" | "his" | "her" | "our" | "all"
            ) {
                j += 1;
            }
            j
        };
        let (head, end) = phrase(j);
        if head.is_some() {
            return (head, end);
        }
        if allow_of && matches!(self.key(j), "of" | "in" | "for" | "worth") {
            if self.key(j) == "worth" && self.key(j + 1) == "of" {
                j += 1;
            }
            let (head, end) = phrase(skip_determiners(j + 1));
            if head.is_some() {
                return (head, end);
            }
        }
        (None, j)
    }

    /// A rate after position j, with at most three words between ("calls made each day").
    fn rate_after(&self, j: usize) -> Option<(Rate, usize)> {
        for gap in 0..=3 {
            let k = j + gap;
            if k >= self.toks.len() {
                return None;
            }
            if gap > 0 {
                let g = k - 1;
                if !self.is_word(g) || self.key(g).starts_with(|c: char| c.is_ascii_digit()) {
                    return None;
                }
            }
            let w = self.key(k);
            if let Some(r) = rate_adverb(w) {
                return Some((r, k + 1));
            }
            if let Some(r) = rate_unit(self.key(k + 1)) {
                let after = self.key(k + 2);
                match w {
                    "per" | "each" | "every" => return Some((r, k + 2)),
                    "a" | "an" => {
                        let prev = k.checked_sub(1).map_or("", |p| self.key(p));
                        let preposition = matches!(
                            prev,
                            "over"
                                | "for"
                                | "in"
                                | "within"
                                | "after"
                                | "before"
                                | "than"
                                | "about"
                                | "around"
                                | "once"
                                | "twice"
                                | "nearly"
                                | "almost"
                                | "of"
                                | "under"
                                | "last"
                                | "next"
                                | "half"
                                | "per"
                        );
                        let not_rate = matches!(
                            after,
                            "ago"
                                | "earlier"
                                | "later"
                                | "before"
                                | "after"
                                | "or"
                                | "old"
                                | "and"
                                | "long"
                        );
                        if !preposition && !not_rate {
                            return Some((r, k + 2));
                        }
                    }
                    _ => {}
                }
            }
        }
        None
    }

    /// Turn a parsed number into a quantity: its unit, bounds, counted thing and rate.
    fn quantity(&self, mut num: Num) -> Option<Quantity> {
        let mut kind = Kind::Number;
        let mut start = num.start;
        if let Some((c, s)) = self.currency_before(num.start) {
            kind = Kind::Money(c);
            start = s;
        }
        let mut end = num.end;
        if let Some((k, e)) = self.unit_after(end) {
            match (kind, k) {
                (Kind::Number, _) => {
                    kind = k;
                    end = e;
                }
                // "$200 billion dollars": the symbol already says it.
                (Kind::Money(_), Kind::Money(_)) => end = e,
                _ => {}
            }
        }
        // A bare year (no unit, no scale).
        let year = kind == Kind::Number && self.reads_as_year(&num, start);
        let mut bound = num.bound;
        if year {
            kind = Kind::Year;
            let prev = start.checked_sub(1).map_or("", |j| self.key(j));
            if let Some((_, b)) = YEAR_BOUNDS.iter().find(|(w, _)| *w == prev) {
                if num.bound == Bound::Exact {
                    bound = *b;
                    start -= 1;
                }
            }
        } else if num.bound != Bound::Multiple && num.bound != Bound::Range {
            if let Some((b, s)) = self.bound_before(start) {
                bound = b;
                start = s;
            } else if let Some((b, e)) = self.bound_after(end) {
                bound = b;
                end = e;
            }
        }
        if num.bound == Bound::Range {
            // "between 2 and 3", "from 5 to 10"
            if start > 0 && matches!(self.key(start - 1), "between" | "from") {
                start -= 1;
            }
        }
        let v = num.nominal;
        let tolerance = if kind == Kind::Year { 1.0 } else { 0.1 * v };
        num.value = match bound {
            // A whole percentage is rounded: "12%" may be 12.3%.
            Bound::Exact
                if kind == Kind::Percent && num.value.lo == num.value.hi && v.fract() == 0.0 =>
            {
                Interval::half_open(v - 0.5, v + 0.5)
            }
            Bound::Exact | Bound::Range | Bound::Multiple => num.value,
            Bound::AtLeast => Interval::closed(v, f64::INFINITY),
            Bound::MoreThan => Interval {
                lo: v,
                hi: f64::INFINITY,
                lo_open: true,
                hi_open: false,
            },
            Bound::AtMost => Interval::closed(0.0, v),
            Bound::LessThan => Interval::half_open(0.0, v),
            Bound::About => Interval::closed(v - tolerance, v + tolerance),
            Bound::Nearly => Interval::closed(v - tolerance, v),
        };
        let (mut head, mut noun) = (None, None);
        let mut rate = None;
        if kind != Kind::Year {
            let (h, np_end) = self.noun_phrase(end, true);
            // A name is not a counted thing ("No 5 Guillermo Coria"), a plural demonym is
            // ("15 Palestinians").
            let h = h.filter(|&h| !self.capitalised(h) || self.key(h).ends_with('s'));
            if let Some(h) = h {
                head = Some(stem(self.key(h)));
                noun = Some(self.raw(h).to_string());
                if kind == Kind::Number {
                    kind = Kind::Count;
                }
            }
            let rate_from = if h.is_some() { np_end } else { end };
            if let Some((r, e)) = self.rate_after(rate_from) {
                rate = Some(r);
                end = e;
            } else if let Some(h) = h {
                end = end.max(h + 1);
            }
        }
        let first = &self.toks[start];
        let last = &self.toks[end - 1];
        Some(Quantity {
            kind,
            value: num.value,
            nominal: v,
            bound,
            date: None,
            rate,
            head,
            noun,
            span: first.start..last.end,
            number: self.toks[num.start].start..self.toks[num.end - 1].end,
        })
    }
}

/// The stem of a noun ("calls" -> "call"), as retrieval stems it.
fn stem(word: &str) -> String {
    crate::retrieve::analyze::stems(word)
        .into_iter()
        .next()
        .unwrap_or_else(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use crate::quantity::{q, Rate};

    #[test]
    fn counted_things_and_rates() {
        let x = q("millions of Palestinian civilian phone calls made each day in Gaza");
        assert_eq!(x.head.as_deref(), Some("call"));
        assert_eq!(x.noun.as_deref(), Some("calls"));
        assert_eq!(x.rate, Some(Rate::Day));
        let text = "capable of recording “millions of calls per hour.”";
        let x = q(text);
        assert_eq!(&text[x.span.clone()], "millions of calls per hour");
        assert_eq!(x.rate, Some(Rate::Hour));
        let text = "storing up to a million calls per hour, using";
        let x = q(text);
        assert_eq!(&text[x.span.clone()], "up to a million calls per hour");
        assert_eq!(&text[x.number.clone()], "a million");
        for (text, rate) in [
            ("5,000 calls daily", Rate::Day),
            ("a million calls an hour", Rate::Hour),
            ("300 arrests a year", Rate::Year),
            ("40 trucks every week", Rate::Week),
        ] {
            assert_eq!(q(text).rate, Some(rate), "{text}");
        }
        assert_eq!(
            q("identified 15 companies contributing to").head.as_deref(),
            Some("compani")
        );
        assert_eq!(q("within 12 months and").head.as_deref(), Some("month"));
        assert_eq!(q("over 200 trips over a year").rate, None);
        assert_eq!(
            q("$200 billion in revenue last fiscal year")
                .head
                .as_deref(),
            Some("revenu")
        );
        assert_eq!(q("$200 billion in revenue last fiscal year").rate, None);
        assert_eq!(q("more than two decades").head.as_deref(), Some("decad"));
    }
}
