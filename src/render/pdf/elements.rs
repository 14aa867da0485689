//! Small elements: badges, spaces, horizontal rules, page breaks on demand, the rules of the
//! summary table and the page decorator.

use genpdfi::elements::CellDecorator;
use genpdfi::error::Error as GenError;
use genpdfi::fonts::FontCache;
use genpdfi::render::Area;
use genpdfi::style::{Color, LineStyle, Style};
use genpdfi::{Context, Element, Margins, Mm, PageDecorator, Position, RenderResult, Size};

use super::rich_text::RichText;
use super::{FOOTER, GREY, LIGHT, MARGINS, PT, WHITE};

/// Every line drawn here (rules, frames, badges, strikes) is solid: only its weight and colour
/// vary.
pub(super) fn stroke(thickness: impl Into<Mm>, color: Color) -> LineStyle {
    LineStyle::new().with_thickness(thickness).with_color(color)
}

/// Shared by measuring a badge and drawing it, so the label sits where the box was sized for.
fn badge_pad(size: u8) -> (Mm, Mm) {
    let size = f32::from(size) * PT;
    (Mm::from(size * 0.45), Mm::from(size * 0.22))
}

pub(super) fn badge_size(cache: &FontCache, label: &str, size: u8) -> (Mm, Mm, Style) {
    let style = Style::new().bold().with_font_size(size).with_color(WHITE);
    let (pad_x, pad_y) = badge_pad(size);
    let metrics = style.metrics(cache);
    (
        style.str_width(cache, label) + pad_x * 2.0,
        metrics.glyph_height + pad_y * 2.0,
        style,
    )
}

/// A filled box with a white label: a stroke as thick as the box, then the text on it.
fn draw_badge(
    area: &Area<'_>,
    cache: &FontCache,
    at: Position,
    label: &str,
    color: Color,
    size: u8,
) -> Result<(Mm, Mm), GenError> {
    let (w, h, style) = badge_size(cache, label, size);
    area.draw_line(
        [
            Position::new(at.x, at.y + h / 2.0),
            Position::new(at.x + w, at.y + h / 2.0),
        ],
        stroke(h, color),
    );
    let (pad_x, pad_y) = badge_pad(size);
    area.print_str(
        cache,
        Position::new(at.x + pad_x, at.y + pad_y),
        style,
        label,
    )?;
    Ok((w, h))
}

/// What an element drawn in one piece did with the area it was given.
pub(super) enum Placed {
    /// Drawn (or left out), taking this much room.
    Drawn(Size),
    /// Not drawn: it does not fit here, and is tried again on the next page.
    NextPage,
    /// Drawn as a page break: the rest of this page stays empty.
    PageBreak,
}

/// An element drawn in one piece; [`Once`] makes it a genpdfi element.
pub(super) trait Piece {
    fn place(&mut self, context: &Context, area: &Area<'_>) -> Result<Placed, GenError>;
}

/// A [`Piece`] drawn once: once it is placed, it takes no more room.
pub(super) struct Once<P> {
    piece: P,
    done: bool,
}

impl<P> Once<P> {
    fn new(piece: P) -> Once<P> {
        Once { piece, done: false }
    }
}

impl<P: Piece> Element for Once<P> {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        _style: Style,
    ) -> Result<RenderResult, GenError> {
        if self.done {
            return Ok(RenderResult::default());
        }
        Ok(match self.piece.place(context, &area)? {
            Placed::Drawn(size) => {
                self.done = true;
                RenderResult {
                    size,
                    has_more: false,
                }
            }
            Placed::NextPage => RenderResult {
                has_more: true,
                ..RenderResult::default()
            },
            // As genpdfi's PageBreak: a non-zero size so that a page break on an empty page is
            // not taken for an element that cannot fit.
            Placed::PageBreak => {
                self.done = true;
                RenderResult {
                    size: Size::new(1, 0),
                    has_more: true,
                }
            }
        })
    }
}

/// A badge alone (the summary table's verdicts).
pub(super) struct Badge {
    label: String,
    color: Color,
    size: u8,
}

pub(super) fn badge(label: String, color: Color, size: u8) -> Once<Badge> {
    Once::new(Badge { label, color, size })
}

impl Piece for Badge {
    fn place(&mut self, context: &Context, area: &Area<'_>) -> Result<Placed, GenError> {
        let cache = &context.font_cache;
        let (w, h, _) = badge_size(cache, &self.label, self.size);
        if h > area.size().height {
            return Ok(Placed::NextPage);
        }
        draw_badge(
            area,
            cache,
            Position::new(0, 0),
            &self.label,
            self.color,
            self.size,
        )?;
        Ok(Placed::Drawn(Size::new(w, h)))
    }
}

/// Badges side by side, wrapping (the cover's verdict counts).
pub(super) struct BadgeRow {
    items: Vec<(String, Color)>,
    size: u8,
}

pub(super) fn badge_row(items: Vec<(String, Color)>, size: u8) -> Once<BadgeRow> {
    Once::new(BadgeRow { items, size })
}

impl Piece for BadgeRow {
    fn place(&mut self, context: &Context, area: &Area<'_>) -> Result<Placed, GenError> {
        if self.items.is_empty() {
            return Ok(Placed::Drawn(Size::default()));
        }
        let cache = &context.font_cache;
        let gap = Mm::from(2.5);
        // Measure first: the row is drawn whole or on the next page.
        let mut places = Vec::new();
        let (mut x, mut y, mut row_h) = (Mm::from(0.0), Mm::from(0.0), Mm::from(0.0));
        for (label, _) in &self.items {
            let (w, h, _) = badge_size(cache, label, self.size);
            if x > Mm::from(0.0) && x + w > area.size().width {
                x = Mm::from(0.0);
                y += row_h + gap;
            }
            places.push(Position::new(x, y));
            x += w + gap;
            row_h = row_h.max(h);
        }
        let height = y + row_h;
        if height > area.size().height {
            return Ok(Placed::NextPage);
        }
        for ((label, color), at) in self.items.iter().zip(places) {
            draw_badge(area, cache, at, label, *color, self.size)?;
        }
        Ok(Placed::Drawn(Size::new(area.size().width, height)))
    }
}

/// A badge followed by text on the same line (a claim's heading).
pub(super) struct Badged {
    pub(super) label: String,
    pub(super) color: Color,
    pub(super) size: u8,
    pub(super) body: RichText,
    pub(super) offset: Option<Mm>,
}

impl Element for Badged {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, GenError> {
        let cache = &context.font_cache;
        if let Some(offset) = self.offset {
            let mut body_area = area.clone();
            body_area.add_offset(Position::new(offset, 0));
            return self.body.render(context, body_area, style);
        }
        let (w, h, _) = badge_size(cache, &self.label, self.size);
        let offset = w + Mm::from(3.0);
        let first = self
            .body
            .first_line_height(cache, style, area.size().width - offset);
        if h.max(first) > area.size().height {
            return Ok(RenderResult {
                has_more: true,
                ..RenderResult::default()
            });
        }
        let zero = Mm::from(0.0);
        let badge_y = if first > h { (first - h) / 2.0 } else { zero };
        let body_y = if h > first { (h - first) / 2.0 } else { zero };
        draw_badge(
            &area,
            cache,
            Position::new(0, badge_y),
            &self.label,
            self.color,
            self.size,
        )?;
        self.offset = Some(offset);
        let mut body_area = area.clone();
        body_area.add_offset(Position::new(offset, body_y));
        let mut result = self.body.render(context, body_area, style)?;
        result.size.height = (result.size.height + body_y).max(h + badge_y);
        result.size.width = area.size().width;
        Ok(result)
    }
}

/// Vertical space in millimetres.
pub(super) struct Space {
    height: Mm,
}

pub(super) fn space(mm: f32) -> Once<Space> {
    Once::new(Space {
        height: Mm::from(mm),
    })
}

impl Piece for Space {
    fn place(&mut self, _context: &Context, area: &Area<'_>) -> Result<Placed, GenError> {
        let h = if self.height < area.size().height {
            self.height
        } else {
            area.size().height
        };
        Ok(Placed::Drawn(Size::new(0, h)))
    }
}

/// A horizontal rule with space above and below.
pub(super) struct HorizontalRule {
    color: Color,
    thickness: f32,
    above: f32,
    below: f32,
}

pub(super) fn horizontal_rule(
    color: Color,
    thickness: f32,
    above: f32,
    below: f32,
) -> Once<HorizontalRule> {
    Once::new(HorizontalRule {
        color,
        thickness,
        above,
        below,
    })
}

impl Piece for HorizontalRule {
    fn place(&mut self, _context: &Context, area: &Area<'_>) -> Result<Placed, GenError> {
        let h = Mm::from(self.above + self.below);
        if h > area.size().height {
            // At the foot of a page a rule only separates from nothing: left out.
            return Ok(Placed::Drawn(Size::default()));
        }
        let y = Mm::from(self.above);
        area.draw_line(
            [Position::new(0, y), Position::new(area.size().width, y)],
            stroke(self.thickness, self.color),
        );
        Ok(Placed::Drawn(Size::new(area.size().width, h)))
    }
}

/// A page break when less than `height` is left on the page: keeps a heading with what
/// follows it. Only at the top level of the document.
pub(super) struct NeedSpace {
    height: Mm,
}

pub(super) fn need(mm: f32) -> Once<NeedSpace> {
    Once::new(NeedSpace {
        height: Mm::from(mm),
    })
}

impl Piece for NeedSpace {
    fn place(&mut self, _context: &Context, area: &Area<'_>) -> Result<Placed, GenError> {
        Ok(if area.size().height < self.height {
            Placed::PageBreak
        } else {
            Placed::Drawn(Size::default())
        })
    }
}

/// Margins and the footer: a rule, the project's title on the left, "Page N of M" on the
/// right (M from the first pass of [`super::nav`]).
pub(super) struct Pages {
    pub(super) nav: super::nav::Nav,
    pub(super) footer: String,
}

impl PageDecorator for Pages {
    fn decorate_page<'a>(
        &mut self,
        context: &Context,
        mut area: Area<'a>,
        _style: Style,
    ) -> Result<Area<'a>, GenError> {
        let (page, total) = {
            let mut nav = self.nav.borrow_mut();
            nav.page += 1;
            (nav.page, nav.total)
        };
        let (top, right, bottom, left) = MARGINS;
        area.add_margins(Margins::trbl(top, right, bottom, left));
        let cache = &context.font_cache;
        let width = area.size().width;
        let y = area.size().height - Mm::from(FOOTER);
        area.draw_line(
            [Position::new(0, y), Position::new(width, y)],
            stroke(0.2, LIGHT),
        );
        let style = Style::new().with_font_size(8).with_color(GREY);
        let label = match total {
            Some(total) => format!("Page {page} of {total}"),
            None => format!("Page {page}"),
        };
        let label_w = style.str_width(cache, &label);
        let text_y = y + Mm::from(2.0);
        let room = width - label_w - Mm::from(10.0);
        let title = fit(cache, style, &self.footer, room);
        // Left to right, as it reads; `marked` moves these two text objects to the page's end.
        area.print_str(cache, Position::new(0, text_y), style, &title)?;
        area.print_str(cache, Position::new(width - label_w, text_y), style, &label)?;
        area.set_height(y - Mm::from(3.0));
        Ok(area)
    }
}

/// `text`, shortened with an ellipsis to fit `width`.
fn fit(cache: &FontCache, style: Style, text: &str, width: Mm) -> String {
    if style.str_width(cache, text) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if style.str_width(cache, &candidate) <= width {
            return candidate;
        }
    }
    String::new()
}

/// A rule under every row of a table (darker under the header), no vertical lines.
pub(super) struct RowRules;

impl CellDecorator for RowRules {
    fn decorate_cell(
        &mut self,
        _column: usize,
        row: usize,
        has_more: bool,
        area: Area<'_>,
        row_height: Mm,
    ) -> Mm {
        if !has_more {
            let (color, thickness) = if row == 0 { (GREY, 0.3) } else { (LIGHT, 0.15) };
            area.draw_line(
                [
                    Position::new(0, row_height),
                    Position::new(area.size().width, row_height),
                ],
                stroke(thickness, color),
            );
        }
        row_height
    }
}
