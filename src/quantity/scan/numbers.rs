//! Numbers in digits or words, ranges of two, and the currency before one; and the numbers
//! that are part of a name rather than a quantity ("Unit 8200").

use crate::text::is_stopword;

use super::super::words::{month, plural_scale, scale_word, unit_word, BOUNDS_BEFORE, YEAR_BEFORE};
use super::super::{Bound, Currency, Interval};
use super::{Num, Scanner};

impl Scanner<'_> {
    /// A number that is part of a name: "Unit 8200", "Microsoft 365", "+972", "F-35",
    /// "No. 5", or of a compound modifier ("24-hour").
    pub(super) fn is_identifier_number(&self, i: usize) -> bool {
        let k = self.key(i);
        if !k.starts_with(|c: char| c.is_ascii_digit()) {
            return false;
        }
        if i > 0 {
            let prev = self.key(i - 1);
            if matches!(prev, "+" | "#" | "№") && self.joined(i - 1) {
                return true;
            }
            if prev == "." && i >= 2 && self.key(i - 2) == "no" && self.capitalised(i - 2) {
                return true;
            }
            // "No 5 seed", "Number 10"
            if matches!(prev, "no" | "number") && self.capitalised(i - 1) {
                return true;
            }
            if prev == "-" && i >= 2 && self.joined(i - 1) && self.joined(i - 2) {
                let w = i - 2;
                if self.is_word(w) && self.capitalised(w) && month(self.key(w)).is_none() {
                    return true;
                }
            }
            if self.is_word(i - 1)
                && self.capitalised(i - 1)
                && !is_stopword(prev)
                && month(prev).is_none()
                && !BOUNDS_BEFORE
                    .iter()
                    .any(|(words, _)| words.last() == Some(&prev))
                && !YEAR_BEFORE.contains(&prev)
                && !matches!(prev, "us" | "usd" | "eur" | "gbp" | "ils" | "nis" | "chf")
            {
                return true;
            }
        }
        // A time of day: "2000 GMT", "10 am".
        if matches!(
            self.key(i + 1),
            "gmt" | "bst" | "utc" | "est" | "edt" | "pst" | "cet" | "am" | "pm" | "hrs" | "h"
        ) || (self.key(i + 1) == ":" && self.joined(i))
            || (i >= 2 && self.key(i - 1) == ":" && self.joined(i - 2) && self.joined(i - 1))
        {
            return true;
        }
        // "24-hour", "12-month": the number qualifies a noun; ranges and "200-plus" stay.
        if self.key(i + 1) == "-" && self.joined(i) && self.joined(i + 1) {
            let after = self.key(i + 2);
            if self.is_word(i + 2)
                && !after.starts_with(|c: char| c.is_ascii_digit())
                && !matches!(after, "plus" | "odd")
                && unit_word(after).is_none()
                && scale_word(after).is_none()
            {
                return true;
            }
        }
        false
    }

    /// A digits token: "1,000,000", "1.5", "200bn", "1m". Returns the value, the rounding
    /// half-width (for decimals) and whether a scale was attached.
    fn digits(&self, i: usize) -> Option<(f64, f64, bool)> {
        let k = self.key(i);
        let body_len = k.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(k.len());
        let (body, suffix) = k.split_at(body_len);
        if body.is_empty() || !body.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let scale = match suffix {
            "" => 1.0,
            "k" => 1e3,
            "m" | "mn" | "mln" => 1e6,
            "bn" | "b" | "bln" => 1e9,
            "tn" | "trn" => 1e12,
            _ => return None,
        };
        let (int, frac) = match body.split_once('.') {
            Some((a, b)) => (a, b),
            None => (body, ""),
        };
        if !frac.bytes().all(|b| b.is_ascii_digit()) || body.matches('.').count() > 1 {
            return None;
        }
        // Thousands separators must group by three: "1,000,000", not "1,5".
        let mut groups = int.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 && int.contains(',') {
            return None;
        }
        let mut digits = first.to_string();
        for g in groups {
            if g.len() != 3 {
                return None;
            }
            digits.push_str(g);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mantissa: f64 = format!("{digits}{frac}").parse().ok()?;
        let places = frac.len() as i32;
        let value = mantissa * scale / 10f64.powi(places);
        let half = if places > 0 {
            0.5 * scale / 10f64.powi(places)
        } else {
            0.0
        };
        Some((value, half, scale > 1.0))
    }

    /// Scale words after position j: "million", "hundred thousand", "dozen".
    fn scales(&self, mut j: usize) -> (f64, usize) {
        let mut scale = 1.0;
        while let Some(s) = scale_word(self.key(j)).or((self.key(j) == "dozen").then_some(12.0)) {
            scale *= s;
            j += 1;
        }
        (scale, j)
    }

    /// One value starting at token i (no range).
    fn value(&self, i: usize) -> Option<Num> {
        let k = self.key(i);
        let exact = |v: f64, end: usize| Num::exact(i, end, v);
        let multiple = |lo: f64, hi: f64, end: usize| Num::multiple(i, end, lo, hi);
        match k {
            // half a million, half a dozen
            "half" if matches!(self.key(i + 1), "a" | "an") => {
                let (s, end) = self.scales(i + 2);
                (s > 1.0).then(|| exact(0.5 * s, end))
            }
            "quarter" if self.key(i + 1) == "of" && matches!(self.key(i + 2), "a" | "an") => {
                let (s, end) = self.scales(i + 3);
                (s > 1.0).then(|| exact(0.25 * s, end))
            }
            "a" | "an" => match self.key(i + 1) {
                "half" => {
                    let (s, end) = self.scales(i + 2);
                    (s > 1.0).then(|| exact(0.5 * s, end))
                }
                "quarter" if self.key(i + 2) == "of" => {
                    let (s, end) = self.scales(i + 4);
                    (matches!(self.key(i + 3), "a" | "an") && s > 1.0).then(|| exact(0.25 * s, end))
                }
                "few" | "couple" => {
                    let j = if self.key(i + 2) == "of" {
                        i + 3
                    } else {
                        i + 2
                    };
                    let (s, end) = self.scales(j);
                    (s > 1.0).then(|| multiple(2.0 * s, 10.0 * s, end))
                }
                _ => {
                    let (s, end) = self.scales(i + 1);
                    (s > 1.0).then(|| exact(s, end))
                }
            },
            "several" | "few" | "many" | "multiple" => {
                if let Some(n) = self.plural(i + 1) {
                    return Some(Num { start: i, ..n });
                }
                let (s, end) = self.scales(i + 1);
                let lo = if k == "several" { 3.0 } else { 2.0 };
                (s > 1.0).then(|| multiple(lo * s, 10.0 * s, end))
            }
            _ => {
                if let Some(n) = self.plural(i) {
                    return Some(n);
                }
                if let Some((v, half, suffixed)) = self.digits(i) {
                    let (mut s, mut end) = self.scales(i + 1);
                    // "$458 m": a spaced "m" is a million only after money.
                    if s == 1.0 && self.key(i + 1) == "m" && self.currency_before(i).is_some() {
                        (s, end) = (1e6, i + 2);
                    }
                    let v = v * s;
                    let half = half * s;
                    let plain = (!suffixed && s == 1.0 && half == 0.0 && !k.contains(','))
                        .then_some(v as i64);
                    let value = if half > 0.0 {
                        Interval::half_open(v - half, v + half)
                    } else {
                        Interval::exact(v)
                    };
                    return Some(Num {
                        start: i,
                        end,
                        value,
                        nominal: v,
                        bound: Bound::Exact,
                        plain,
                    });
                }
                self.words_number(i)
            }
        }
    }

    /// "millions of", "tens of thousands of", "in the millions".
    fn plural(&self, i: usize) -> Option<Num> {
        let (_, lo, hi) = plural_scale(self.key(i))?;
        let mut end = i + 1;
        let (mut lo, mut hi) = (lo, hi);
        if self.key(end) == "of" {
            if let Some((inner, _, _)) = plural_scale(self.key(end + 1)) {
                // "tens of thousands": tens of the inner scale
                lo *= inner;
                hi *= inner;
                end += 2;
            }
        }
        let before = i.checked_sub(1).map_or("", |j| self.key(j));
        if self.key(end) != "of" && before != "the" && !matches!(before, "several" | "many") {
            return None;
        }
        Some(Num::multiple(i, end, lo, hi))
    }

    /// "two hundred", "twenty-five", "one million", "two hundred and fifty thousand".
    fn words_number(&self, i: usize) -> Option<Num> {
        let first = self.key(i);
        unit_word(first)?;
        // "number two in the charts" is a rank.
        if i > 0 && matches!(self.key(i - 1), "number" | "no") {
            return None;
        }
        // "one of the", "no one": only "one million" and the like are numbers.
        if first == "one" && scale_word(self.key(i + 1)).is_none() && self.key(i + 1) != "dozen" {
            return None;
        }
        let (mut total, mut current) = (0.0f64, 0.0f64);
        let mut j = i;
        let mut last_was_scale = false;
        loop {
            let k = self.key(j);
            if let Some(v) = unit_word(k) {
                // "two hundred fifty", "twenty five"; not "two three".
                let tens = current % 100.0;
                let fits = current == 0.0
                    || (tens == 0.0 && last_was_scale)
                    || (tens >= 20.0 && tens % 10.0 == 0.0 && v < 10.0);
                if !fits {
                    break;
                }
                current += v;
                j += 1;
                last_was_scale = false;
                if self.key(j) == "-" && self.joined(j - 1) && unit_word(self.key(j + 1)).is_some()
                {
                    j += 1;
                }
            } else if k == "hundred" && current > 0.0 {
                current *= 100.0;
                j += 1;
                last_was_scale = true;
            } else if k == "dozen" && current > 0.0 {
                current *= 12.0;
                j += 1;
                last_was_scale = true;
            } else if let Some(s) = scale_word(k).filter(|&s| s > 100.0) {
                total += current.max(1.0) * s;
                current = 0.0;
                j += 1;
                last_was_scale = true;
            } else if k == "and" && last_was_scale && unit_word(self.key(j + 1)).is_some() {
                j += 1;
            } else {
                break;
            }
        }
        let v = total + current;
        Some(Num::exact(i, j, v))
    }

    /// A value, or a range of two: "between 2 and 3 million", "2020-2022", "5 to 10".
    pub(super) fn number(&self, i: usize) -> Option<Num> {
        let first = self.value(i)?;
        // "2% to 3%": the unit may follow both numbers.
        let percent_gap = usize::from(
            self.key(first.end) == "%" && matches!(self.key(first.end + 1), "to" | "-"),
        );
        let sep = self.key(first.end + percent_gap);
        let between = i > 0 && self.key(self.currency_start(i).saturating_sub(1)) == "between";
        let ranged = match sep {
            "-" => self.joined(first.end - 1) == self.joined(first.end),
            "to" => true,
            "and" => between,
            _ => false,
        };
        if ranged && first.bound == Bound::Exact {
            let mut j = first.end + percent_gap + 1;
            // "between $1 and $2 billion"
            if matches!(self.key(j), "$" | "€" | "£" | "¥") {
                j += 1;
            }
            if let Some(second) = self
                .value(j)
                .filter(|n| n.bound == Bound::Exact && (percent_gap == 0 || self.key(n.end) == "%"))
            {
                let mut lo = first.nominal;
                let hi = second.nominal;
                // "2 to 3 million": the scale is written once, after the second number.
                let (s, _) = self.scales(second.start + 1);
                if first.plain.is_some() && s > 1.0 && lo * s <= hi {
                    lo *= s;
                }
                if hi > lo {
                    let plain = match (first.plain, second.plain) {
                        (Some(a), Some(_)) => Some(a),
                        _ => None,
                    };
                    return Some(Num {
                        start: i,
                        end: second.end,
                        value: Interval::closed(lo, hi),
                        nominal: lo,
                        bound: Bound::Range,
                        plain,
                    });
                }
            }
        }
        Some(first)
    }

    /// Where a currency prefix before token i starts ("US$" in "US$200bn"), else i.
    fn currency_start(&self, i: usize) -> usize {
        self.currency_before(i).map_or(i, |(_, s)| s)
    }

    pub(super) fn currency_before(&self, i: usize) -> Option<(Currency, usize)> {
        let j = i.checked_sub(1)?;
        let sym = match self.key(j) {
            "$" => Currency::Dollar,
            "€" => Currency::Eur,
            "£" => Currency::Gbp,
            "¥" => Currency::Jpy,
            "₪" => Currency::Ils,
            "₹" => Currency::Inr,
            "usd" => return Some((Currency::Usd, j)),
            "eur" => return Some((Currency::Eur, j)),
            "gbp" => return Some((Currency::Gbp, j)),
            "ils" | "nis" => return Some((Currency::Ils, j)),
            "chf" => return Some((Currency::Chf, j)),
            _ => return None,
        };
        if sym == Currency::Dollar && j > 0 && self.joined(j - 1) {
            let c = match self.key(j - 1) {
                "us" => Some(Currency::Usd),
                "a" | "au" => Some(Currency::Aud),
                "c" | "ca" => Some(Currency::Cad),
                "hk" => Some(Currency::Hkd),
                "nz" => Some(Currency::Nzd),
                _ => None,
            };
            if let Some(c) = c {
                return Some((c, j - 1));
            }
        }
        Some((sym, j))
    }
}

#[cfg(test)]
mod tests {
    use crate::quantity::{q, scan, Bound, Currency, Kind};

    const INF: f64 = f64::INFINITY;

    /// The parsing and normalisation table: text, kind, interval, bound.
    #[test]
    fn normalises_quantities() {
        let m = 1e6;
        #[rustfmt::skip]
        let cases: &[(&str, Kind, f64, f64, Bound)] = &[
            ("one million calls", Kind::Count, m, m, Bound::Exact),
            ("1 million calls", Kind::Count, m, m, Bound::Exact),
            ("a million calls", Kind::Count, m, m, Bound::Exact),
            ("1,000,000 calls", Kind::Count, m, m, Bound::Exact),
            ("1m calls", Kind::Count, m, m, Bound::Exact),
            ("up to a million calls per hour", Kind::Count, 0.0, m, Bound::AtMost),
            ("at most 1,000,000 calls", Kind::Count, 0.0, m, Bound::AtMost),
            ("millions of calls per hour", Kind::Count, 2e6, 1e9, Bound::Multiple),
            ("hundreds of people", Kind::Count, 200.0, 1000.0, Bound::Multiple),
            ("dozens of companies", Kind::Count, 24.0, 100.0, Bound::Multiple),
            ("thousands of calls", Kind::Count, 2000.0, 1e6, Bound::Multiple),
            ("tens of thousands of calls", Kind::Count, 20_000.0, 100_000.0, Bound::Multiple),
            ("more than 200 people", Kind::Count, 200.0, INF, Bound::MoreThan),
            ("over 200 people", Kind::Count, 200.0, INF, Bound::MoreThan),
            ("at least 200 people", Kind::Count, 200.0, INF, Bound::AtLeast),
            ("200 or more people", Kind::Count, 200.0, INF, Bound::AtLeast),
            ("fewer than 50 staff", Kind::Count, 0.0, 50.0, Bound::LessThan),
            ("about 200 people", Kind::Count, 180.0, 220.0, Bound::About),
            ("around 1,000 troops", Kind::Count, 900.0, 1100.0, Bound::About),
            ("nearly 200 people", Kind::Count, 180.0, 200.0, Bound::Nearly),
            ("almost 50 staff", Kind::Count, 45.0, 50.0, Bound::Nearly),
            ("two hundred people", Kind::Count, 200.0, 200.0, Bound::Exact),
            ("twenty-five people", Kind::Count, 25.0, 25.0, Bound::Exact),
            ("two hundred and fifty thousand people", Kind::Count, 250_000.0, 250_000.0, Bound::Exact),
            ("1.5 million people", Kind::Count, 1.45e6, 1.55e6, Bound::Exact),
            ("half a million people", Kind::Count, 5e5, 5e5, Bound::Exact),
            ("a dozen firms", Kind::Count, 12.0, 12.0, Bound::Exact),
            ("12,500 people", Kind::Count, 12_500.0, 12_500.0, Bound::Exact),
            ("between 2 and 3 million calls", Kind::Count, 2e6, 3e6, Bound::Range),
            ("12%", Kind::Percent, 11.5, 12.5, Bound::Exact),
            ("12 per cent", Kind::Percent, 11.5, 12.5, Bound::Exact),
            ("12 percent", Kind::Percent, 11.5, 12.5, Bound::Exact),
            ("a 2% to 3% rise", Kind::Percent, 2.0, 3.0, Bound::Range),
            ("12.5%", Kind::Percent, 12.45, 12.55, Bound::Exact),
            ("3 percentage points", Kind::PercentagePoints, 3.0, 3.0, Bound::Exact),
            ("$200 billion in revenue", Kind::Money(Currency::Dollar), 2e11, 2e11, Bound::Exact),
            ("200 billion dollars", Kind::Money(Currency::Dollar), 2e11, 2e11, Bound::Exact),
            ("US$200bn", Kind::Money(Currency::Usd), 2e11, 2e11, Bound::Exact),
            ("over $200 billion", Kind::Money(Currency::Dollar), 2e11, INF, Bound::MoreThan),
            ("€5m", Kind::Money(Currency::Eur), 5e6, 5e6, Bound::Exact),
            ("£3.2 million", Kind::Money(Currency::Gbp), 3.15e6, 3.25e6, Bound::Exact),
            ("in 2021", Kind::Year, 2021.0, 2021.0, Bound::Exact),
            ("around 2021, when", Kind::Year, 2020.0, 2022.0, Bound::About),
            ("from 2020-2022", Kind::Year, 2020.0, 2022.0, Bound::Range),
            ("2000 people", Kind::Count, 2000.0, 2000.0, Bound::Exact),
        ];
        let mut failures = Vec::new();
        for (text, kind, lo, hi, bound) in cases {
            let got = q(text);
            let close = |a: f64, b: f64| a == b || (a - b).abs() <= 1e-6 * b.abs().max(1.0);
            if got.kind != *kind
                || !close(got.value.lo, *lo)
                || !close(got.value.hi, *hi)
                || got.bound != *bound
            {
                failures.push(format!(
                    "{text:?}: got {:?} [{}, {}] {:?}",
                    got.kind, got.value.lo, got.value.hi, got.bound
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(cases.len() >= 25);
    }

    #[test]
    fn numbers_in_names_are_not_quantities() {
        for text in [
            "Unit 8200 used Azure",
            "Israel’s Unit 8200’s access",
            "Microsoft 365 services",
            "+972 Magazine",
            "the F-35 jets",
            "Resolution No. 5 passed",
            "beat No 5 Guillermo Coria",
            "reached number two in the charts",
            "shown on BBC One at 2000 GMT",
            "at 10:30 on Monday",
            "a 24-hour period",
            "the 7amleh centre",
            "one of the firms",
            "no one said",
        ] {
            assert!(scan(text).is_empty(), "{text:?}: {:?}", scan(text));
        }
        assert_eq!(scan("Some 200 people").len(), 1);
        assert_eq!(scan("Nearly 200 people").len(), 1);
    }
}
