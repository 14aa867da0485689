//! Numbers, quantities, money, percentages and dates in news text, normalised for comparison.
//!
//! [`scan`] reads a text's words (Unicode word boundaries, the same tokens as the word diffs)
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

use std::fmt::Write as _;
use std::ops::Range;

use crate::text::{is_stopword, words, Word};

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
    pub fn compatible(self, other: Currency) -> bool {
        self == other
            || (self == Currency::Dollar && other.is_dollar())
            || (other == Currency::Dollar && self.is_dollar())
    }

    pub fn symbol(self) -> &'static str {
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
    pub fn seconds(self) -> f64 {
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

    pub fn as_str(self) -> &'static str {
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
    pub fn exact(x: f64) -> Interval {
        Interval::closed(x, x)
    }

    pub fn closed(lo: f64, hi: f64) -> Interval {
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
    pub fn overlaps(&self, other: &Interval) -> bool {
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
    pub fn agrees(&self, other: &Date) -> bool {
        fn same<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
        }
        same(self.year, other.year) && same(self.month, other.month) && same(self.day, other.day)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(d) = self.day {
            parts.push(d.to_string());
        }
        if let Some(m) = self.month {
            parts.push(MONTHS[m as usize - 1].to_string());
        }
        if let Some(y) = self.year {
            parts.push(y.to_string());
        }
        f.write_str(&parts.join(" "))
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

    /// The value in words for a person, worded against `other` where the value is open-ended
    /// ("at least 2,000,000" when the other is below it).
    pub fn describe(&self, other: &Quantity) -> String {
        if let Some(d) = &self.date {
            return d.to_string();
        }
        let v = &self.value;
        let n = |x: f64| self.format_value(x);
        match self.bound {
            Bound::Exact => n(self.nominal),
            Bound::AtLeast => format!("at least {}", n(v.lo)),
            Bound::MoreThan => format!("more than {}", n(v.lo)),
            Bound::AtMost => format!("at most {}", n(v.hi)),
            Bound::LessThan => format!("less than {}", n(v.hi)),
            Bound::About => format!("about {}", n(self.nominal)),
            Bound::Nearly => format!("nearly {}", n(self.nominal)),
            Bound::Range => format!("{} to {}", n(v.lo), n(v.hi)),
            Bound::Multiple => {
                if other.value.lo >= v.hi {
                    format!("fewer than {}", n(v.hi))
                } else {
                    format!("at least {}", n(v.lo))
                }
            }
        }
    }

    fn format_value(&self, x: f64) -> String {
        match self.kind {
            Kind::Year => format!("{x:.0}"),
            Kind::Percent => format!("{}%", format_number(x)),
            Kind::PercentagePoints => format!("{} percentage points", format_number(x)),
            Kind::Money(c) => format!("{}{}", c.symbol(), format_number(x)),
            _ => format_number(x),
        }
    }
}

/// A number for people: thousands separated by commas, billions and up in words, at most
/// two decimals.
pub fn format_number(x: f64) -> String {
    if x.is_infinite() {
        return "unlimited".into();
    }
    for (scale, word) in [(1e12, "trillion"), (1e9, "billion")] {
        if x.abs() >= scale {
            return format!("{} {word}", trim_decimals(x / scale, 3));
        }
    }
    let rounded = (x * 100.0).round() / 100.0;
    let int = rounded.trunc() as i64;
    let mut digits = int.abs().to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    let mut out = format!("{}{digits}{grouped}", if int < 0 { "-" } else { "" });
    let frac = (rounded - int as f64).abs();
    if frac > 1e-9 {
        let f = trim_decimals(frac, 2);
        out.push_str(f.trim_start_matches('0'));
    }
    out
}

fn trim_decimals(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Every quantity in a text, in order.
pub fn scan(text: &str) -> Vec<Quantity> {
    Scanner::new(text).scan()
}

/// The first quantity of a text (for tests and one-off parsing).
pub fn parse(text: &str) -> Option<Quantity> {
    scan(text).into_iter().next()
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month(key: &str) -> Option<u8> {
    let m = match key {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn unit_word(key: &str) -> Option<f64> {
    let v = match key {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(v as f64)
}

/// Scale words after a number: "million", "bn".
fn scale_word(key: &str) -> Option<f64> {
    match key {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "mn" | "mln" => Some(1e6),
        "billion" | "bn" | "bln" => Some(1e9),
        "trillion" | "tn" | "trn" => Some(1e12),
        _ => None,
    }
}

/// Plural scales that make an unspecified multiple: (base, low, high) with the multiple in
/// [low, high): "millions" is at least two million and less than a billion.
fn plural_scale(key: &str) -> Option<(f64, f64, f64)> {
    match key {
        "tens" => Some((10.0, 20.0, 100.0)),
        "dozens" => Some((12.0, 24.0, 100.0)),
        "scores" => Some((20.0, 40.0, 100.0)),
        "hundreds" => Some((1e2, 2e2, 1e3)),
        "thousands" => Some((1e3, 2e3, 1e6)),
        "millions" => Some((1e6, 2e6, 1e9)),
        "billions" => Some((1e9, 2e9, 1e12)),
        "trillions" => Some((1e12, 2e12, 1e15)),
        _ => None,
    }
}

/// Words that may stand between a number and what it counts without being the thing
/// counted, or that end the noun phrase.
const NP_BREAK: &[&str] = &[
    "according",
    "ago",
    "alone",
    "already",
    "also",
    "annually",
    "daily",
    "earlier",
    "each",
    "every",
    "hourly",
    "including",
    "last",
    "later",
    "less",
    "monthly",
    "next",
    "nightly",
    "now",
    "per",
    "plus",
    "previously",
    "reportedly",
    "respectively",
    "so",
    "weekly",
    "yearly",
];

/// Irregular past participles that end a noun phrase ("calls made each day").
const PARTICIPLES: &[&str] = &[
    "begun", "bought", "brought", "built", "caught", "done", "drawn", "driven", "found", "given",
    "gone", "got", "held", "hit", "kept", "known", "laid", "led", "left", "lost", "made", "met",
    "paid", "put", "run", "said", "seen", "sent", "set", "shot", "shown", "sold", "spent",
    "stolen", "struck", "taken", "told", "won", "written",
];

fn participle(key: &str) -> bool {
    (key.len() >= 5 && key.ends_with("ed") && !key.ends_with("eed"))
        || (key.len() >= 6 && key.ends_with("ing"))
        || PARTICIPLES.contains(&key)
}

fn rate_unit(key: &str) -> Option<Rate> {
    match key {
        "second" => Some(Rate::Second),
        "minute" => Some(Rate::Minute),
        "hour" => Some(Rate::Hour),
        "day" | "night" => Some(Rate::Day),
        "week" => Some(Rate::Week),
        "month" => Some(Rate::Month),
        "year" | "annum" => Some(Rate::Year),
        _ => None,
    }
}

fn rate_adverb(key: &str) -> Option<Rate> {
    match key {
        "hourly" => Some(Rate::Hour),
        "daily" | "nightly" => Some(Rate::Day),
        "weekly" => Some(Rate::Week),
        "monthly" => Some(Rate::Month),
        "annually" | "yearly" => Some(Rate::Year),
        _ => None,
    }
}

/// Words before a year that make a four-digit number read as one.
const YEAR_BEFORE: &[&str] = &[
    "after",
    "and",
    "around",
    "autumn",
    "before",
    "between",
    "by",
    "c",
    "circa",
    "during",
    "early",
    "end",
    "fall",
    "fiscal",
    "from",
    "her",
    "his",
    "in",
    "its",
    "late",
    "mid",
    "of",
    "our",
    "since",
    "spring",
    "summer",
    "the",
    "their",
    "through",
    "throughout",
    "till",
    "to",
    "until",
    "winter",
    "year",
];

/// Bound words before a number, longest first within each group.
const BOUNDS_BEFORE: &[(&[&str], Bound)] = &[
    (&["in", "excess", "of"], Bound::MoreThan),
    (&["no", "fewer", "than"], Bound::AtLeast),
    (&["no", "less", "than"], Bound::AtLeast),
    (&["not", "less", "than"], Bound::AtLeast),
    (&["a", "minimum", "of"], Bound::AtLeast),
    (&["no", "more", "than"], Bound::AtMost),
    (&["not", "more", "than"], Bound::AtMost),
    (&["a", "maximum", "of"], Bound::AtMost),
    (&["as", "many", "as"], Bound::AtMost),
    (&["as", "much", "as"], Bound::AtMost),
    (&["up", "to", "about"], Bound::AtMost),
    (&["just", "under"], Bound::Nearly),
    (&["just", "below"], Bound::Nearly),
    (&["just", "shy", "of"], Bound::Nearly),
    (&["an", "estimated"], Bound::About),
    (&["at", "least"], Bound::AtLeast),
    (&["minimum", "of"], Bound::AtLeast),
    (&["upwards", "of"], Bound::MoreThan),
    (&["more", "than"], Bound::MoreThan),
    (&["greater", "than"], Bound::MoreThan),
    (&["well", "over"], Bound::MoreThan),
    (&["well", "above"], Bound::MoreThan),
    (&["just", "over"], Bound::MoreThan),
    (&["just", "above"], Bound::MoreThan),
    (&["at", "most"], Bound::AtMost),
    (&["up", "to"], Bound::AtMost),
    (&["maximum", "of"], Bound::AtMost),
    (&["fewer", "than"], Bound::LessThan),
    (&["less", "than"], Bound::LessThan),
    (&["close", "to"], Bound::Nearly),
    (&["over"], Bound::MoreThan),
    (&["above"], Bound::MoreThan),
    (&["exceeding"], Bound::MoreThan),
    (&["under"], Bound::LessThan),
    (&["below"], Bound::LessThan),
    (&["nearly"], Bound::Nearly),
    (&["almost"], Bound::Nearly),
    (&["approaching"], Bound::Nearly),
    (&["about"], Bound::About),
    (&["around"], Bound::About),
    (&["approximately"], Bound::About),
    (&["approx"], Bound::About),
    (&["roughly"], Bound::About),
    (&["some"], Bound::About),
    (&["estimated"], Bound::About),
    (&["circa"], Bound::About),
    (&["~"], Bound::About),
    (&["exactly"], Bound::Exact),
    (&["precisely"], Bound::Exact),
];

/// Bound words before a year: "before 2021" is a bound, "around 2021" give or take a year.
const YEAR_BOUNDS: &[(&str, Bound)] = &[
    ("before", Bound::LessThan),
    ("after", Bound::MoreThan),
    ("by", Bound::AtMost),
    ("around", Bound::About),
    ("about", Bound::About),
    ("circa", Bound::About),
    ("c", Bound::About),
];

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

struct Scanner<'t> {
    toks: Vec<Word<'t>>,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Scanner<'t> {
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

    fn scan(&self) -> Vec<Quantity> {
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

    // ---- dates ----

    fn day_at(&self, i: usize) -> Option<u8> {
        let k = self.key(i);
        let digits = k.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &k[digits.len()..];
        if digits.is_empty()
            || digits.len() > 2
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || !matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        {
            return None;
        }
        let d: u8 = digits.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    }

    fn year_digits(&self, i: usize) -> Option<i32> {
        let k = self.key(i);
        if k.len() != 4 || !k.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y: i32 = k.parse().ok()?;
        (1900..=2100).contains(&y).then_some(y)
    }

    /// A month name as written with a capital ("may" is a verb).
    fn month_at(&self, i: usize) -> Option<u8> {
        if !self.capitalised(i) {
            return None;
        }
        month(self.key(i))
    }

    /// Skip a "." after an abbreviated month ("Sept.").
    fn after_month(&self, i: usize) -> usize {
        if self.key(i + 1) == "." && self.key(i).len() <= 4 && self.joined(i) {
            i + 2
        } else {
            i + 1
        }
    }

    fn date_at(&self, i: usize) -> Option<(Date, usize)> {
        // 2024-09-18
        if let Some(y) = self.year_digits(i) {
            let dash = |j: usize| self.key(j) == "-" && self.joined(j - 1) && self.joined(j);
            let two = |j: usize| -> Option<u8> {
                let k = self.key(j);
                (k.len() == 2 && k.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| k.parse().ok())
                    .flatten()
            };
            if dash(i + 1) && dash(i + 3) {
                if let (Some(m), Some(d)) = (two(i + 2), two(i + 4)) {
                    if (1..=12).contains(&m) && (1..=31).contains(&d) {
                        let date = Date {
                            year: Some(y),
                            month: Some(m),
                            day: Some(d),
                        };
                        return Some((date, i + 5));
                    }
                }
            }
            return None;
        }
        // 18 September 2024, 18th Sept.
        if let Some(d) = self.day_at(i) {
            let m = self.month_at(i + 1)?;
            let mut end = self.after_month(i + 1);
            let mut year = None;
            let at = if self.key(end) == "," { end + 1 } else { end };
            if let Some(y) = self.year_digits(at) {
                year = Some(y);
                end = at + 1;
            }
            let date = Date {
                year,
                month: Some(m),
                day: Some(d),
            };
            return Some((date, end));
        }
        // September 18, 2024; September 2024; (in) May
        let m = self.month_at(i)?;
        let end = self.after_month(i);
        if let Some(d) = self.day_at(end) {
            // "September 18 million" is not a date.
            if scale_word(self.key(end + 1)).is_none() {
                let mut stop = end + 1;
                let mut year = None;
                let at = if self.key(stop) == "," {
                    stop + 1
                } else {
                    stop
                };
                if let Some(y) = self.year_digits(at) {
                    year = Some(y);
                    stop = at + 1;
                }
                let date = Date {
                    year,
                    month: Some(m),
                    day: Some(d),
                };
                return Some((date, stop));
            }
        }
        if let Some(y) = self.year_digits(end) {
            let date = Date {
                year: Some(y),
                month: Some(m),
                day: None,
            };
            return Some((date, end + 1));
        }
        let before = i.checked_sub(1).map_or("", |j| self.key(j));
        let month_context = matches!(
            before,
            "in" | "since"
                | "by"
                | "until"
                | "till"
                | "from"
                | "early"
                | "late"
                | "mid"
                | "last"
                | "next"
                | "during"
                | "through"
                | "before"
                | "after"
        );
        // "May" alone is too often the verb.
        if month_context && (m != 5 || !self.toks[i].starts_sentence) {
            let date = Date {
                year: None,
                month: Some(m),
                day: None,
            };
            return Some((date, end));
        }
        None
    }

    // ---- numbers ----

    /// A number that is part of a name: "Unit 8200", "Microsoft 365", "+972", "F-35",
    /// "No. 5", or of a compound modifier ("24-hour").
    fn is_identifier_number(&self, i: usize) -> bool {
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
        let exact = |v: f64, end: usize| Num {
            start: i,
            end,
            value: Interval::exact(v),
            nominal: v,
            bound: Bound::Exact,
            plain: None,
        };
        let multiple = |lo: f64, hi: f64, end: usize| Num {
            start: i,
            end,
            value: Interval::half_open(lo, hi),
            nominal: lo,
            bound: Bound::Multiple,
            plain: None,
        };
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
        Some(Num {
            start: i,
            end,
            value: Interval::half_open(lo, hi),
            nominal: lo,
            bound: Bound::Multiple,
            plain: None,
        })
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
        Some(Num {
            start: i,
            end: j,
            value: Interval::exact(v),
            nominal: v,
            bound: Bound::Exact,
            plain: None,
        })
    }

    /// A value, or a range of two: "between 2 and 3 million", "2020-2022", "5 to 10".
    fn number(&self, i: usize) -> Option<Num> {
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

    fn currency_before(&self, i: usize) -> Option<(Currency, usize)> {
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

/// Words that only say "a number": scale and number words, percent and currency words.
pub fn is_number_word(key: &str) -> bool {
    unit_word(key).is_some()
        || scale_word(key).is_some()
        || plural_scale(key).is_some()
        || matches!(
            key,
            "per" | "cent" | "percent" | "dollars" | "euros" | "pounds" | "dozen" | "half"
        )
}

/// The stem of a noun ("calls" -> "call"), as retrieval stems it.
fn stem(word: &str) -> String {
    crate::retrieve::analyze::stems(word)
        .into_iter()
        .next()
        .unwrap_or_else(|| word.to_string())
}

/// "1,000,000", the way a number reads in a detail line; re-exported for compare.
pub fn describe_pair(a: &Quantity, b: &Quantity) -> (String, String) {
    (a.describe(b), b.describe(a))
}

/// The counted thing with its rate, for detail lines: "calls per hour".
pub fn thing(q: &Quantity) -> String {
    let mut s = String::new();
    if let Some(n) = &q.noun {
        s.push_str(n);
    }
    if let Some(r) = q.rate {
        if !s.is_empty() {
            s.push(' ');
        }
        let _ = write!(s, "{}", r.as_str());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quantity {
        parse(text).unwrap_or_else(|| panic!("no quantity in {text:?}"))
    }

    const INF: f64 = f64::INFINITY;

    /// The parsing and normalisation table: text, kind, interval, bound.
    #[test]
    fn normalises_quantities() {
        let m = 1e6;
        let cases: &[(&str, Kind, f64, f64, Bound)] = &[
            ("one million calls", Kind::Count, m, m, Bound::Exact),
            ("1 million calls", Kind::Count, m, m, Bound::Exact),
            ("a million calls", Kind::Count, m, m, Bound::Exact),
            ("1,000,000 calls", Kind::Count, m, m, Bound::Exact),
            ("1m calls", Kind::Count, m, m, Bound::Exact),
            (
                "up to a million calls per hour",
                Kind::Count,
                0.0,
                m,
                Bound::AtMost,
            ),
            (
                "at most 1,000,000 calls",
                Kind::Count,
                0.0,
                m,
                Bound::AtMost,
            ),
            (
                "millions of calls per hour",
                Kind::Count,
                2e6,
                1e9,
                Bound::Multiple,
            ),
            (
                "hundreds of people",
                Kind::Count,
                200.0,
                1000.0,
                Bound::Multiple,
            ),
            (
                "dozens of companies",
                Kind::Count,
                24.0,
                100.0,
                Bound::Multiple,
            ),
            (
                "thousands of calls",
                Kind::Count,
                2000.0,
                1e6,
                Bound::Multiple,
            ),
            (
                "tens of thousands of calls",
                Kind::Count,
                20_000.0,
                100_000.0,
                Bound::Multiple,
            ),
            (
                "more than 200 people",
                Kind::Count,
                200.0,
                INF,
                Bound::MoreThan,
            ),
            ("over 200 people", Kind::Count, 200.0, INF, Bound::MoreThan),
            (
                "at least 200 people",
                Kind::Count,
                200.0,
                INF,
                Bound::AtLeast,
            ),
            (
                "200 or more people",
                Kind::Count,
                200.0,
                INF,
                Bound::AtLeast,
            ),
            (
                "fewer than 50 staff",
                Kind::Count,
                0.0,
                50.0,
                Bound::LessThan,
            ),
            ("about 200 people", Kind::Count, 180.0, 220.0, Bound::About),
            (
                "around 1,000 troops",
                Kind::Count,
                900.0,
                1100.0,
                Bound::About,
            ),
            (
                "nearly 200 people",
                Kind::Count,
                180.0,
                200.0,
                Bound::Nearly,
            ),
            ("almost 50 staff", Kind::Count, 45.0, 50.0, Bound::Nearly),
            (
                "two hundred people",
                Kind::Count,
                200.0,
                200.0,
                Bound::Exact,
            ),
            ("twenty-five people", Kind::Count, 25.0, 25.0, Bound::Exact),
            (
                "two hundred and fifty thousand people",
                Kind::Count,
                250_000.0,
                250_000.0,
                Bound::Exact,
            ),
            (
                "1.5 million people",
                Kind::Count,
                1.45e6,
                1.55e6,
                Bound::Exact,
            ),
            ("half a million people", Kind::Count, 5e5, 5e5, Bound::Exact),
            ("a dozen firms", Kind::Count, 12.0, 12.0, Bound::Exact),
            (
                "12,500 people",
                Kind::Count,
                12_500.0,
                12_500.0,
                Bound::Exact,
            ),
            (
                "between 2 and 3 million calls",
                Kind::Count,
                2e6,
                3e6,
                Bound::Range,
            ),
            ("12%", Kind::Percent, 11.5, 12.5, Bound::Exact),
            ("12 per cent", Kind::Percent, 11.5, 12.5, Bound::Exact),
            ("12 percent", Kind::Percent, 11.5, 12.5, Bound::Exact),
            ("a 2% to 3% rise", Kind::Percent, 2.0, 3.0, Bound::Range),
            ("12.5%", Kind::Percent, 12.45, 12.55, Bound::Exact),
            (
                "3 percentage points",
                Kind::PercentagePoints,
                3.0,
                3.0,
                Bound::Exact,
            ),
            (
                "$200 billion in revenue",
                Kind::Money(Currency::Dollar),
                2e11,
                2e11,
                Bound::Exact,
            ),
            (
                "200 billion dollars",
                Kind::Money(Currency::Dollar),
                2e11,
                2e11,
                Bound::Exact,
            ),
            (
                "US$200bn",
                Kind::Money(Currency::Usd),
                2e11,
                2e11,
                Bound::Exact,
            ),
            (
                "over $200 billion",
                Kind::Money(Currency::Dollar),
                2e11,
                INF,
                Bound::MoreThan,
            ),
            ("€5m", Kind::Money(Currency::Eur), 5e6, 5e6, Bound::Exact),
            (
                "£3.2 million",
                Kind::Money(Currency::Gbp),
                3.15e6,
                3.25e6,
                Bound::Exact,
            ),
            ("in 2021", Kind::Year, 2021.0, 2021.0, Bound::Exact),
            (
                "around 2021, when",
                Kind::Year,
                2020.0,
                2022.0,
                Bound::About,
            ),
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

    #[test]
    fn dates_and_years() {
        let d = |text: &str| q(text).date.unwrap();
        let sept18 = Date {
            year: Some(2024),
            month: Some(9),
            day: Some(18),
        };
        assert_eq!(d("on 18 September 2024 the"), sept18);
        assert_eq!(d("on September 18, 2024, the"), sept18);
        assert_eq!(d("2024-09-18"), sept18);
        assert_eq!(d("18th Sept. 2024"), sept18);
        assert_eq!(
            d("Amnesty’s September 2025 briefing"),
            Date {
                year: Some(2025),
                month: Some(9),
                day: None
            }
        );
        assert_eq!(d("concluded in May with").month, Some(5));
        assert!(d("18 September").agrees(&sept18));
        assert!(!d("19 September 2024").agrees(&sept18));
        assert_eq!(d("18 September 2024").to_string(), "18 September 2024");
        assert_eq!(q("since 2021 the").kind, Kind::Year);
        assert_eq!(q("the 2024 election").kind, Kind::Year);
        assert_eq!(q("before 2021.").bound, Bound::LessThan);
        assert!(parse("May I ask").is_none());
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

    #[test]
    fn descriptions_read_for_people() {
        let a = q("millions of calls per hour");
        let b = q("up to a million calls per hour");
        assert_eq!(
            describe_pair(&a, &b),
            ("at least 2,000,000".into(), "at most 1,000,000".into())
        );
        assert_eq!(thing(&a), "calls per hour");
        assert_eq!(
            q("over $200 billion").describe(&a),
            "more than $200 billion"
        );
        assert_eq!(q("12.5%").describe(&a), "12.5%");
        assert_eq!(format_number(1234567.0), "1,234,567");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(1.5e9), "1.5 billion");
        assert_eq!(q("took an estimated $458 m in").value.lo, 458e6 * 0.9);
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

#[cfg(test)]
mod same_as_before {
    use crate::old;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn same_scan(s in old::gen::text()) {
            prop_assert_eq!(
                format!("{:?}", super::scan(&s)),
                format!("{:?}", old::quantity::scan(&s))
            );
        }
    }
}
