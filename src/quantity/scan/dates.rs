//! Dates: "18 September 2024", "September 18, 2024", "2024-09-18", "September 2025", "in May".

use super::super::words::{month, scale_word};
use super::super::Date;
use super::Scanner;

impl Scanner<'_> {
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

    /// The year at token `i`, or after a comma there, and where the date ends: after the
    /// year, else at `i`.
    fn year_after(&self, i: usize) -> (Option<i32>, usize) {
        let at = if self.key(i) == "," { i + 1 } else { i };
        match self.year_digits(at) {
            Some(y) => (Some(y), at + 1),
            None => (None, i),
        }
    }

    pub(super) fn date_at(&self, i: usize) -> Option<(Date, usize)> {
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
            let (year, end) = self.year_after(self.after_month(i + 1));
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
                let (year, stop) = self.year_after(end + 1);
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
}

#[cfg(test)]
mod tests {
    use crate::quantity::{parse, q, Bound, Date, Kind};

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
}
