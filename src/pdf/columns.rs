//! Columns that a page draws line by line across: the left column's line, then the right
//! column's on the same baseline, and so on down the page. Read in drawing order that would
//! run the two columns together line by line, so the gutter between them (a vertical band
//! that no row of text crosses) is found from the glyphs' positions and the page is read
//! column by column instead. A page that draws column by column already (as LaTeX does) is
//! left as it is drawn.

use std::borrow::Cow;

use super::layout::Glyph;

/// A row of glyphs on one baseline: their indices in drawing order, and its baseline.
struct Row {
    y: f64,
    glyphs: Vec<usize>,
}

/// The glyphs of a page in reading order: as drawn, unless the page has two columns drawn
/// line by line across, when they are rearranged column by column.
#[cfg(test)]
pub(crate) fn reading_order(glyphs: &[Glyph]) -> Vec<Glyph> {
    match gutter(glyphs) {
        Some(gutter) => by_column(glyphs, gutter),
        None => glyphs.to_vec(),
    }
}

/// Each page's glyphs in reading order, as [`reading_order`] gives them; a page too short to
/// show a gutter of its own (the end of an article: a full left column and a line or two on
/// the right) takes the gutter of the nearest page before it, or else after it, that has
/// one, if it has a row drawn across it and no more rows crossing it than a gutter may have.
pub(crate) fn pages_in_reading_order(pages: &[Vec<Glyph>]) -> Vec<Cow<'_, [Glyph]>> {
    let own: Vec<Option<f64>> = pages.iter().map(|g| gutter(g)).collect();
    pages
        .iter()
        .enumerate()
        .map(|(i, glyphs)| {
            let borrowed = || {
                let before = own[..i].iter().rev().flatten().next();
                let after = own[i + 1..].iter().flatten().next();
                before
                    .or(after)
                    .copied()
                    .filter(|&g| drawn_across(glyphs, g, 1))
            };
            match own[i].or_else(borrowed) {
                Some(gutter) => Cow::Owned(by_column(glyphs, gutter)),
                None => Cow::Borrowed(glyphs.as_slice()),
            }
        })
        .collect()
}

/// The rows least one gutter needs on each side: fewer, and there are no columns to speak of.
const MIN_ROWS: usize = 6;

/// Glyph positions beyond this are not laid out (a hostile page): read as drawn.
const MAX_EXTENT: f64 = 20_000.0;

fn is_ink(g: &Glyph) -> bool {
    !g.text.trim().is_empty() && g.x.is_finite() && g.end.is_finite() && g.y.is_finite()
}

fn median_size(glyphs: &[Glyph]) -> f64 {
    let mut sizes: Vec<f64> = glyphs
        .iter()
        .filter(|g| is_ink(g))
        .map(|g| g.size.abs())
        .collect();
    if sizes.is_empty() {
        return 0.0;
    }
    sizes.sort_by(f64::total_cmp);
    sizes[sizes.len() / 2]
}

/// Glyphs grouped into rows by baseline (within half the usual font size), top to bottom.
fn rows(glyphs: &[Glyph], size: f64) -> Vec<Row> {
    let mut order: Vec<usize> = (0..glyphs.len()).filter(|&i| is_ink(&glyphs[i])).collect();
    order.sort_by(|&a, &b| glyphs[a].y.total_cmp(&glyphs[b].y).then(a.cmp(&b)));
    let mut rows: Vec<Row> = Vec::new();
    for i in order {
        match rows.last_mut() {
            Some(row) if glyphs[i].y - row.y <= size * 0.5 => row.glyphs.push(i),
            _ => rows.push(Row {
                y: glyphs[i].y,
                glyphs: vec![i],
            }),
        }
    }
    for row in &mut rows {
        row.glyphs.sort_unstable();
    }
    rows
}

/// The gutter of a page drawn in two columns line by line: the middle of the widest
/// vertical band, in the middle half of the text's width and at least 0.8 of the usual font
/// size wide, that at most a tenth of the rows cross, with text on both sides of it on at
/// least [`MIN_ROWS`] rows, and which the drawing order crosses back leftwards at least
/// [`MIN_ROWS`] times (a page drawn column by column crosses it once).
fn gutter(glyphs: &[Glyph]) -> Option<f64> {
    let size = median_size(glyphs);
    if size <= 0.0 {
        return None;
    }
    let ink = || glyphs.iter().filter(|g| is_ink(g));
    let left = ink().map(|g| g.x).fold(f64::INFINITY, f64::min);
    let right = ink()
        .map(|g| g.end.max(g.x))
        .fold(f64::NEG_INFINITY, f64::max);
    if !(right - left > size * 10.0 && right - left < MAX_EXTENT) {
        return None;
    }
    let rows = rows(glyphs, size);
    if rows.len() < MIN_ROWS {
        return None;
    }
    // How many rows cover each point of the width: each row's glyphs as merged spans, counted
    // once per row (a difference array, so the time is in the glyphs, not rows × width).
    let bins = (right - left).ceil() as usize + 1;
    let mut change = vec![0isize; bins + 1];
    for row in &rows {
        let mut spans: Vec<(usize, usize)> = row
            .glyphs
            .iter()
            .map(|&i| {
                let g = &glyphs[i];
                let from = ((g.x - left).floor().max(0.0) as usize).min(bins - 1);
                let to = ((g.end.max(g.x) - left).ceil().max(0.0) as usize).min(bins - 1);
                (from, to)
            })
            .collect();
        spans.sort_unstable();
        let mut current: Option<(usize, usize)> = None;
        for (from, to) in spans {
            match current {
                Some((f, t)) if from <= t + 1 => current = Some((f, t.max(to))),
                _ => {
                    if let Some((f, t)) = current {
                        change[f] += 1;
                        change[t + 1] -= 1;
                    }
                    current = Some((from, to));
                }
            }
        }
        if let Some((f, t)) = current {
            change[f] += 1;
            change[t + 1] -= 1;
        }
    }
    let mut cover = Vec::with_capacity(bins);
    let mut running = 0isize;
    for c in &change[..bins] {
        running += c;
        cover.push(running.max(0) as usize);
    }
    let open = |c: usize| c * 10 <= rows.len();
    let (from, to) = (bins / 4, bins * 3 / 4);
    let mut best: Option<(usize, usize)> = None;
    let mut run_start = None;
    for (b, &c) in cover.iter().enumerate().take(to + 1).skip(from) {
        match (open(c), run_start) {
            (true, None) => run_start = Some(b),
            (false, Some(s)) => {
                if best.is_none_or(|(bs, be)| b - s > be - bs) {
                    best = Some((s, b));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = run_start {
        if best.is_none_or(|(bs, be)| to + 1 - s > be - bs) {
            best = Some((s, to + 1));
        }
    }
    let (s, e) = best?;
    if ((e - s) as f64) < size * 0.8 {
        return None;
    }
    let gutter = left + (s + e) as f64 / 2.0;
    drawn_across(glyphs, gutter, MIN_ROWS).then_some(gutter)
}

fn is_right(g: &Glyph, gutter: f64) -> bool {
    (g.x + g.end.max(g.x)) / 2.0 > gutter
}

/// Whether a page is drawn in two columns line by line across `gutter`: at least `rows` rows
/// have text on both sides of it, the drawing order goes back from the right side to the
/// left at least `rows` times, and at most a tenth of the rows cross it.
fn drawn_across(glyphs: &[Glyph], gutter: f64, rows: usize) -> bool {
    let all = self::rows(glyphs, median_size(glyphs));
    let crossing = all.iter().filter(|r| crosses(r, glyphs, gutter)).count();
    let two_sided = all
        .iter()
        .filter(|row| {
            let right = row
                .glyphs
                .iter()
                .filter(|&&i| is_right(&glyphs[i], gutter))
                .count();
            right > 0 && right < row.glyphs.len() && !crosses(row, glyphs, gutter)
        })
        .count();
    let mut back_left = 0;
    let mut on_right = false;
    for g in glyphs.iter().filter(|g| is_ink(g)) {
        let right = is_right(g, gutter);
        back_left += usize::from(on_right && !right);
        on_right = right;
    }
    crossing * 10 <= all.len() && two_sided >= rows && back_left >= rows
}

/// Whether a row has a glyph over the gutter (a title or a page number across the page).
fn crosses(row: &Row, glyphs: &[Glyph], gutter: f64) -> bool {
    row.glyphs
        .iter()
        .any(|&i| glyphs[i].x < gutter && glyphs[i].end > gutter)
}

/// The glyphs column by column: the rows, top to bottom, cut into blocks at each row that
/// crosses the gutter and at each gap wider than twice the usual distance between rows (a
/// heading above both columns, a footer below); in each block the left column's glyphs,
/// then the right column's, each in the order drawn; a crossing row as drawn. Glyphs that
/// are no ink (spaces) go with the ink drawn just before them.
fn by_column(glyphs: &[Glyph], gutter: f64) -> Vec<Glyph> {
    let size = median_size(glyphs);
    let rows = rows(glyphs, size);
    let mut gaps: Vec<f64> = rows.windows(2).map(|w| w[1].y - w[0].y).collect();
    gaps.sort_by(f64::total_cmp);
    let usual = gaps.get(gaps.len() / 2).copied().unwrap_or(size);
    // Each glyph that is no ink follows the ink drawn before it.
    let mut followers: Vec<Vec<usize>> = vec![Vec::new(); glyphs.len()];
    let mut leading = Vec::new();
    let mut last_ink = None;
    for (i, g) in glyphs.iter().enumerate() {
        if is_ink(g) {
            last_ink = Some(i);
        } else {
            match last_ink {
                Some(l) => followers[l].push(i),
                None => leading.push(i),
            }
        }
    }
    let mut out: Vec<usize> = leading;
    let mut push = |i: usize, out: &mut Vec<usize>| {
        out.push(i);
        out.extend(&followers[i]);
    };
    let mut block: Vec<&Row> = Vec::new();
    let flush = |block: &mut Vec<&Row>,
                 out: &mut Vec<usize>,
                 push: &mut dyn FnMut(usize, &mut Vec<usize>)| {
        let mut all: Vec<usize> = block
            .iter()
            .flat_map(|r| r.glyphs.iter().copied())
            .collect();
        all.sort_unstable();
        let right = |i: &usize| is_right(&glyphs[*i], gutter);
        for &i in all.iter().filter(|i| !right(i)) {
            push(i, out);
        }
        for &i in all.iter().filter(|i| right(i)) {
            push(i, out);
        }
        block.clear();
    };
    let mut previous_y: Option<f64> = None;
    for row in &rows {
        let far = previous_y.is_some_and(|y| row.y - y > usual * 2.0);
        previous_y = Some(row.y);
        if crosses(row, glyphs, gutter) {
            flush(&mut block, &mut out, &mut push);
            for &i in &row.glyphs {
                push(i, &mut out);
            }
            continue;
        }
        if far {
            flush(&mut block, &mut out, &mut push);
        }
        block.push(row);
    }
    flush(&mut block, &mut out, &mut push);
    out.into_iter().map(|i| glyphs[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of glyphs, one per character, 10 pt, each 5 pt wide, starting at `x`.
    fn drawn(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + 5.0 * i as f64,
                y,
                size: 10.0,
                end: x + 5.0 * (i + 1) as f64,
                text: c.to_string(),
            })
            .collect()
    }

    fn text(glyphs: &[Glyph]) -> String {
        super::super::layout::lines(glyphs)
            .into_iter()
            .map(|l| l.text)
            .collect::<Vec<_>>()
            .join("|")
    }

    /// Eight rows of two columns (40 characters each, from 72 and from 302), a title
    /// across the top and a page number under the middle.
    fn page(line_by_line: bool) -> Vec<Glyph> {
        let mut glyphs = drawn(
            "A title that runs across both of the columns here",
            72.0,
            50.0,
        );
        let row = |side: &str, i: usize| format!("{side} column, its line number {i} of eight.");
        let mut left = Vec::new();
        let mut right = Vec::new();
        for i in 0..8 {
            let y = 80.0 + 12.0 * i as f64;
            left.push(drawn(&row("left", i), 72.0, y));
            right.push(drawn(&row("right", i), 302.0, y));
        }
        if line_by_line {
            for (l, r) in left.into_iter().zip(right) {
                glyphs.extend(l);
                glyphs.extend(r);
            }
        } else {
            glyphs.extend(left.into_iter().flatten());
            glyphs.extend(right.into_iter().flatten());
        }
        glyphs.extend(drawn("7", 265.0, 200.0));
        glyphs
    }

    #[test]
    fn columns_drawn_line_by_line_are_read_column_by_column() {
        let want = "A title that runs across both of the columns here|\
            left column, its line number 0 of eight.|left column, its line number 1 of eight.|\
            left column, its line number 2 of eight.|left column, its line number 3 of eight.|\
            left column, its line number 4 of eight.|left column, its line number 5 of eight.|\
            left column, its line number 6 of eight.|left column, its line number 7 of eight.|\
            right column, its line number 0 of eight.|right column, its line number 1 of eight.|\
            right column, its line number 2 of eight.|right column, its line number 3 of eight.|\
            right column, its line number 4 of eight.|right column, its line number 5 of eight.|\
            right column, its line number 6 of eight.|right column, its line number 7 of eight.|7";
        // Drawn line by line across: read as drawn, the columns run together.
        let across = page(true);
        assert!(text(&across).contains("0 of eight. right column"));
        assert_eq!(text(&reading_order(&across)), want);
        // Drawn column by column: left as drawn (the same text).
        let down = page(false);
        assert_eq!(reading_order(&down), down);
        assert_eq!(text(&down), want);
    }

    #[test]
    fn a_short_last_page_takes_the_gutter_of_the_page_before() {
        // The last page: a left column of three lines and one line on the right.
        let mut last = Vec::new();
        for i in 0..3 {
            last.extend(drawn(
                &format!("left line {i} of the end"),
                72.0,
                80.0 + 12.0 * i as f64,
            ));
            if i == 0 {
                last.extend(drawn("right, the last", 302.0, 80.0));
            }
        }
        assert_eq!(reading_order(&last), last);
        let drawn_pages = [page(true), last.clone()];
        let pages = pages_in_reading_order(&drawn_pages);
        assert_eq!(
            text(&pages[1]),
            "left line 0 of the end|left line 1 of the end|left line 2 of the end|right, the last"
        );
        // Without a page that shows the gutter: as drawn.
        let alone = pages_in_reading_order(std::slice::from_ref(&last));
        assert_eq!(*alone[0], *last);
    }

    #[test]
    fn a_single_column_and_odd_pages_are_read_as_drawn() {
        // One column with word spaces that happen to line up: no gutter is that wide.
        let mut single = Vec::new();
        for i in 0..20 {
            single.extend(drawn(
                "word word word word word word word word word",
                72.0,
                80.0 + 12.0 * i as f64,
            ));
        }
        assert_eq!(reading_order(&single), single);
        // A table of two short cells a row: too few rows.
        let mut few = Vec::new();
        for i in 0..4 {
            few.extend(drawn("cell", 72.0, 80.0 + 12.0 * i as f64));
            few.extend(drawn("cell", 302.0, 80.0 + 12.0 * i as f64));
        }
        assert_eq!(reading_order(&few), few);
        // Nothing, and positions far off the page.
        assert!(reading_order(&[]).is_empty());
        let mut far = drawn("far", 1e12, 0.0);
        far.extend(drawn("near", 0.0, 0.0));
        assert_eq!(reading_order(&far), far);
        // Many rows over a wide page: the time goes with the glyphs (this runs in well under a
        // second; rows × width would be 10^9 steps).
        let many: Vec<Glyph> = (0..100_000)
            .map(|i| Glyph {
                x: (i % 2) as f64 * 19_000.0,
                y: i as f64 * 10.0,
                size: 10.0,
                end: (i % 2) as f64 * 19_000.0 + 5.0,
                text: "x".into(),
            })
            .collect();
        let start = std::time::Instant::now();
        assert_eq!(reading_order(&many).len(), many.len());
        assert!(start.elapsed().as_secs() < 5);
    }
}
