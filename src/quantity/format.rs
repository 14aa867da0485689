//! Quantities for people: numbers with thousands separators, dates, bounds worded against the
//! other side of a disagreement ("at least 2,000,000 vs at most 1,000,000").

use std::fmt::Write as _;

use super::words::MONTHS;
use super::{Bound, Date, Kind, Quantity};

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

impl Quantity {
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
    use crate::quantity::q;

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
}
