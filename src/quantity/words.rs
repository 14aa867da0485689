//! The words quantities are read from: month names, number and scale words, rates, and the
//! words around a number that bound it, make it a year or end what it counts.

use super::{Bound, Rate};

pub(super) const MONTHS: [&str; 12] = [
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

pub(super) fn month(key: &str) -> Option<u8> {
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

pub(super) fn unit_word(key: &str) -> Option<f64> {
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
pub(super) fn scale_word(key: &str) -> Option<f64> {
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
pub(super) fn plural_scale(key: &str) -> Option<(f64, f64, f64)> {
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
pub(super) const NP_BREAK: &[&str] = &[
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
pub(super) const PARTICIPLES: &[&str] = &[
    "begun", "bought", "brought", "built", "caught", "done", "drawn", "driven", "found", "given",
    "gone", "got", "held", "hit", "kept", "known", "laid", "led", "left", "lost", "made", "met",
    "paid", "put", "run", "said", "seen", "sent", "set", "shot", "shown", "sold", "spent",
    "stolen", "struck", "taken", "told", "won", "written",
];

pub(super) fn participle(key: &str) -> bool {
    (key.len() >= 5 && key.ends_with("ed") && !key.ends_with("eed"))
        || (key.len() >= 6 && key.ends_with("ing"))
        || PARTICIPLES.contains(&key)
}

pub(super) fn rate_unit(key: &str) -> Option<Rate> {
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

pub(super) fn rate_adverb(key: &str) -> Option<Rate> {
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
pub(super) const YEAR_BEFORE: &[&str] = &[
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
pub(super) const BOUNDS_BEFORE: &[(&[&str], Bound)] = &[
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
pub(super) const YEAR_BOUNDS: &[(&str, Bound)] = &[
    ("before", Bound::LessThan),
    ("after", Bound::MoreThan),
    ("by", Bound::AtMost),
    ("around", Bound::About),
    ("about", Bound::About),
    ("circa", Bound::About),
    ("c", Bound::About),
];

/// Words that only say "a number": scale and number words, percent and currency words.
pub(crate) fn is_number_word(key: &str) -> bool {
    unit_word(key).is_some()
        || scale_word(key).is_some()
        || plural_scale(key).is_some()
        || matches!(
            key,
            "per" | "cent" | "percent" | "dollars" | "euros" | "pounds" | "dozen" | "half"
        )
}
