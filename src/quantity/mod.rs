//! Numbers, quantities, money, percentages and dates in news text, normalised for comparison.
//!
//! [`scan`] reads a text's words ([`crate::text::words`], the same words as the word diffs)
//! and recognises, left to right:
//!
//! - dates: "18 September 2024", "September 18, 2024", "2024-09-18", "September 2025",
//!   "in May";
//! - numbers in digits or words: "1,000,000", "1.5", "1m", "200bn", "two hundred",
//!   "a million", "half a million", "a dozen", and the unspecified multiples "dozens of",
//!   "hundreds of", "thousands of", "millions of", "tens of thousands of", "several million";
//! - ranges and bounds around them: "between 2 and 3 million", "2020-2022", "up to",
//!   "at most", "fewer than", "at least", "more than", "over", "200 or more", "about",
//!   "around", "some", "nearly", "almost";
//! - what the number is: a percentage ("12%", "12 per cent"), money (a currency symbol,
//!   code or word: "$200 billion", "200 billion dollars", "US$200bn"), a year (four digits
//!   1900-2100 where a year reads), a count of the thing named by the noun after it ("calls"
//!   in "millions of Palestinian phone calls"), or a bare number;
//! - a rate after the counted thing: "per hour", "an hour", "each day", "daily", "a year".
//!
//! Every value becomes an [`Interval`]: "a million" is [1,000,000, 1,000,000], "up to a
//! million" is [0, 1,000,000], "millions of" is [2,000,000, 1,000,000,000) (at least two, and
//! less than the next named scale), "about 200" is 200 ± 10%, and a decimal is rounded at its
//! last written place ("1.5 million" is [1,450,000, 1,550,000)). Two quantities agree when
//! their intervals overlap and their rates are the same.
//!
//! Numbers that are part of names are not quantities: "Unit 8200", "Microsoft 365", "+972",
//! "F-35", "No. 5", and compound modifiers such as "a 24-hour period".

use std::ops::Range;

mod format;
mod scan;
mod words;

pub use format::{describe_pair, format_number, thing};
pub(crate) use words::is_number_word;

/// What a quantity measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A count of the thing named by the noun after the number ("1 million calls").
    Count,
    Money(Currency),
    Percent,
    /// "percentage points": compared only with percentage points.
    PercentagePoints,
    /// A calendar date, possibly without day or year ("18 September 2024", "September 2025").
    Date,
    Year,
    /// A number with no counted thing after it.
    Number,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Currency {
    /// "$" or "dollars" without a country: any dollar.
    Dollar,
    Usd,
    Aud,
    Cad,
    Hkd,
    Nzd,
    Eur,
    Gbp,
    Jpy,
    Ils,
    Inr,
    Chf,
    Cny,
}

impl Currency {
    fn is_dollar(self) -> bool {
        matches!(
            self,
            Currency::Dollar | Currency::Usd | Currency::Aud | Currency::Cad | Currency::Hkd
        ) || self == Currency::Nzd
    }

    /// Amounts in these two currencies can be compared ("$" is any dollar).
    pub(crate) fn compatible(self, other: Currency) -> bool {
        self == other
            || (self == Currency::Dollar && other.is_dollar())
            || (other == Currency::Dollar && self.is_dollar())
    }

    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Currency::Dollar => "$",
            Currency::Usd => "US$",
            Currency::Aud => "A$",
            Currency::Cad => "C$",
            Currency::Hkd => "HK$",
            Currency::Nzd => "NZ$",
            Currency::Eur => "€",
            Currency::Gbp => "£",
            Currency::Jpy => "¥",
            Currency::Ils => "₪",
            Currency::Inr => "₹",
            Currency::Chf => "CHF ",
            Currency::Cny => "CN¥",
        }
    }
}

/// "per hour", "each day", "daily", "a year".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rate {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Rate {
    /// The rate's period in seconds (a month is a twelfth of a Julian year).
    pub(crate) fn seconds(self) -> f64 {
        match self {
            Rate::Second => 1.0,
            Rate::Minute => 60.0,
            Rate::Hour => 3_600.0,
            Rate::Day => 86_400.0,
            Rate::Week => 604_800.0,
            Rate::Month => 2_629_800.0,
            Rate::Year => 31_557_600.0,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Rate::Second => "per second",
            Rate::Minute => "per minute",
            Rate::Hour => "per hour",
            Rate::Day => "per day",
            Rate::Week => "per week",
            Rate::Month => "per month",
            Rate::Year => "per year",
        }
    }
}

/// How the text bounds the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Exact,
    /// "at least", "no fewer than", "200 or more"
    AtLeast,
    /// "more than", "over", "above"
    MoreThan,
    /// "up to", "at most", "as many as"
    AtMost,
    /// "fewer than", "less than", "under"
    LessThan,
    /// "about", "around", "some", "approximately": ±10%
    About,
    /// "nearly", "almost": up to 10% less
    Nearly,
    /// "between 2 and 3 million", "2020-2022"
    Range,
    /// "millions of": an unspecified multiple of the scale
    Multiple,
}

/// A set of real values, each end open or closed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
    pub lo_open: bool,
    pub hi_open: bool,
}

impl Interval {
    pub(crate) fn exact(x: f64) -> Interval {
        Interval::closed(x, x)
    }

    pub(crate) fn closed(lo: f64, hi: f64) -> Interval {
        Interval {
            lo,
            hi,
            lo_open: false,
            hi_open: false,
        }
    }

    fn half_open(lo: f64, hi: f64) -> Interval {
        Interval {
            lo,
            hi,
            lo_open: false,
            hi_open: true,
        }
    }

    /// Whether the two sets share a value.
    pub(crate) fn overlaps(&self, other: &Interval) -> bool {
        fn below(a: &Interval, b: &Interval) -> bool {
            // a lies entirely below b
            let finite = |x: f64| if x.is_finite() { x.abs() } else { 0.0 };
            let eps = 1e-9 * finite(a.hi).max(finite(b.lo)).max(1.0);
            a.hi < b.lo - eps || ((a.hi - b.lo).abs() <= eps && (a.hi_open || b.lo_open))
        }
        !below(self, other) && !below(other, self)
    }
}

/// A calendar date with the parts the text gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// Two dates agree unless a part that both give differs.
    pub(crate) fn agrees(&self, other: &Date) -> bool {
        fn same<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
        }
        same(self.year, other.year) && same(self.month, other.month) && same(self.day, other.day)
    }
}

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub kind: Kind,
    /// The values the text allows, normalised (units, scale words, bounds applied); for a year
    /// the year, for a date its day number (see [`Quantity::date`]).
    pub value: Interval,
    /// The number as written, normalised ("a million" -> 1,000,000; for a range, its low end).
    pub nominal: f64,
    pub bound: Bound,
    pub date: Option<Date>,
    pub rate: Option<Rate>,
    /// Stem of the counted thing's head noun ("call" for "Palestinian phone calls").
    pub head: Option<String>,
    /// The head noun as written ("calls").
    pub noun: Option<String>,
    /// Byte range of the phrase: bound words, currency, number, scale, counted thing, rate
    /// ("up to a million calls per hour").
    pub span: Range<usize>,
    /// Byte range of the number itself ("a million").
    pub number: Range<usize>,
}

impl Quantity {
    /// Whether two quantities of the same kind and thing can both be true: their values
    /// overlap (dates: no part differs) and they have the same rate.
    pub fn agrees(&self, other: &Quantity) -> bool {
        if self.rate != other.rate {
            // Rates worded differently agree only when both give a value that converts:
            // "a million calls an hour" and "24 million calls a day".
            let point = |q: &Quantity| matches!(q.bound, Bound::Exact | Bound::About);
            return match (self.rate, other.rate) {
                (Some(x), Some(y)) if point(self) && point(other) => {
                    let factor = x.seconds() / y.seconds();
                    let v = &other.value;
                    let converted = Interval {
                        lo: v.lo * factor,
                        hi: v.hi * factor,
                        ..*v
                    };
                    self.value.overlaps(&converted)
                }
                _ => false,
            };
        }
        match (&self.date, &other.date) {
            (Some(a), Some(b)) => a.agrees(b),
            _ => self.value.overlaps(&other.value),
        }
    }

    /// A count of time units ("12 months", "two decades") as seconds.
    pub fn duration(&self) -> Option<Interval> {
        let unit = match self.head.as_deref()? {
            "second" => 1.0,
            "minut" => 60.0,
            "hour" => Rate::Hour.seconds(),
            "day" => Rate::Day.seconds(),
            "week" => Rate::Week.seconds(),
            "month" => Rate::Month.seconds(),
            "year" => Rate::Year.seconds(),
            "decad" => 10.0 * Rate::Year.seconds(),
            _ => return None,
        };
        let v = &self.value;
        Some(Interval {
            lo: v.lo * unit,
            hi: v.hi * unit,
            ..*v
        })
    }
}

/// Every quantity in a text, in order.
pub fn scan(text: &str) -> Vec<Quantity> {
    scan::Scanner::new(text).scan()
}

/// The first quantity of a text (for the tests).
#[cfg(test)]
fn parse(text: &str) -> Option<Quantity> {
    scan(text).into_iter().next()
}

/// The first quantity of a text, which has one (for the tests).
#[cfg(test)]
fn q(text: &str) -> Quantity {
    parse(text).unwrap_or_else(|| panic!("no quantity in {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equivalent_wordings_agree() {
        let groups: &[&[&str]] = &[
            &[
                "one million calls",
                "1 million calls",
                "a million calls",
                "1,000,000 calls",
                "1m calls",
            ],
            &[
                "$200 billion",
                "200 billion dollars",
                "US$200bn",
                "USD 200 billion",
            ],
            &["12%", "12 per cent", "12 percent", "twelve percent"],
            &[
                "half a million people",
                "500,000 people",
                "0.5 million people",
            ],
        ];
        for group in groups {
            for a in group.iter() {
                for b in group.iter() {
                    assert!(q(a).agrees(&q(b)), "{a:?} vs {b:?}");
                }
            }
        }
        assert!(!q("millions of calls per hour").agrees(&q("up to a million calls per hour")));
        assert!(q("millions of calls per hour").agrees(&q("more than a million calls per hour")));
        assert!(q("about 1,000 people").agrees(&q("1,050 people")));
        assert!(!q("about 1,000 people").agrees(&q("1,200 people")));
        assert!(!q("fewer than 200 people").agrees(&q("200 people")));
        assert!(q("1.5 million").agrees(&q("1,520,000")));
    }

    #[test]
    fn intervals_respect_open_ends() {
        let below = Interval::half_open(0.0, 200.0);
        assert!(!below.overlaps(&Interval::exact(200.0)));
        assert!(Interval::closed(0.0, 200.0).overlaps(&Interval::exact(200.0)));
        assert!(Interval::closed(2e6, f64::INFINITY).overlaps(&Interval::exact(3e9)));
        let more = q("more than 1.2 billion people").value;
        assert!(more.overlaps(&more));
        assert!(!more.overlaps(&Interval::exact(1.2e9)));
    }
}
