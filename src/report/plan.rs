//! How wide each column of a table is and which columns wrap, and how many lines a text
//! takes in a column: the layout rule of SPEC §6 ("Read and printed as a clerk reads them").

use crate::normalize::text::display_width;

use super::allot::{fewest_lines, Column};
use super::font::{DIGIT_PX, PADDING_PX};
use super::page::{min_scale, PRINTABLE_PX};
use super::value::{Kind, Row, Val};

/// The lines a row's wrapped text takes.
pub(crate) fn row_lines(values: &[Val<'_>], plan: &Plan) -> usize {
    values
        .iter()
        .zip(plan.widths.iter().zip(&plan.wrap))
        .filter(|(_, (_, wrap))| **wrap)
        .map(|(v, (w, _))| if let Val::Text(t) = v { lines_in(t, *w * plan.slack) } else { 1 })
        .max()
        .unwrap_or(1)
}

/// A row's height in points for its lines.
pub(crate) fn row_height(lines: usize) -> f64 {
    if lines > 1 {
        (LINE_HEIGHT * lines as f64).min(409.0)
    } else {
        ROW_HEIGHT
    }
}

/// Points of a one-line row: one line of the tallest CJK fallback and a little room.
pub(crate) const ROW_HEIGHT: f64 = 17.0;

/// Points per line of a wrapped row (22 px, so any number of lines is whole pixels): the
/// tallest Chinese font a suite may draw 宋体 11 in, Noto Sans CJK (LibreOffice without 宋体),
/// sets its lines 15.9 pt apart; Excel's 宋体 14.25.
pub(crate) const LINE_HEIGHT: f64 = 16.5;

/// The lines a text takes in a column `width` characters wide (its own line breaks kept),
/// filled as Excel, WPS and LibreOffice fill them: a Chinese character may start a new
/// line anywhere, a run of ASCII (a file name, "2023年1月.xlsx"'s ".xlsx", a number) moves to
/// the next line whole unless it is longer than a line, and punctuation stays with what it
/// follows.
pub(crate) fn lines_in(text: &str, width: f64) -> usize {
    // Excel draws a column 8 w + 5 px wide with a few pixels of padding on either side:
    // about w characters of room; half a character less is kept.
    let room = (width - 0.5).max(2.0);
    text.split('\n').map(|line| filled_lines(line, room)).sum::<usize>().max(1)
}

/// The lines a title line takes across a table of `widths`: one when it fits (or the table
/// is a single column, where it may run on to the right).
pub(crate) fn preface_lines(line: &str, widths: &[f64]) -> usize {
    if widths.len() < 2 {
        return 1;
    }
    lines_in(line, widths.iter().sum())
}

/// Greedy line filling of one line of text in `room` character units.
fn filled_lines(line: &str, room: f64) -> usize {
    let mut lines = 1;
    let mut used = 0.0;
    for token in tokens(line) {
        let w = shown_width(token);
        if used + w <= room {
            used += w;
        } else if w <= room {
            lines += 1;
            used = w;
        } else {
            // Longer than a line: broken anywhere, filling this line first.
            let total = used + w;
            lines += ((total / room).ceil() as usize).saturating_sub(1);
            used = total - room * ((total / room).ceil() - 1.0);
        }
    }
    lines
}

/// A line cut where a break may fall: each Chinese character (with the punctuation right
/// after it) alone, each run of ASCII (with its trailing spaces) whole.
fn tokens(line: &str) -> Vec<&str> {
    let closing =
        |c: char| matches!(c, '，' | '。' | '、' | '；' | '：' | '）' | '”' | '’' | '！' | '？' | ')' | ',' | '.');
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        i += 1;
        if c.is_ascii() && !c.is_whitespace() {
            while i < chars.len() && chars[i].1.is_ascii() && !chars[i].1.is_whitespace() {
                i += 1;
            }
        }
        while i < chars.len() && (chars[i].1 == ' ' || closing(chars[i].1)) {
            i += 1;
        }
        let end = chars.get(i).map_or(line.len(), |(b, _)| *b);
        out.push(&line[start..end]);
        start = end;
    }
    out
}

/// A text's width in Excel's character units (digits of 宋体 11, 8 px) as printed: an ASCII
/// character one, a Chinese character 15 px, 1.875 digits (Excel's 宋体 at 11 pt, 15 px; Noto
/// Sans CJK, LibreOffice's stand-in, 14.7 px), counted as 1.9.
fn shown_width(text: &str) -> f64 {
    let wide = text.chars().filter(|c| !c.is_ascii()).count();
    display_width(text) as f64 - wide as f64 * (2.0 - CJK_UNITS)
}
const CJK_UNITS: f64 = 1.9;

/// A column's pixels for `width` characters as Excel and WPS draw it (宋体 11: 8 px a digit,
/// 5 px padding), the geometry a sheet is planned in. LibreOffice on a Chinese PC without
/// 宋体 measures its stand-in (Noto Sans CJK SC) at about 8.1 px a digit: fitted to the
/// same page it prints 1.5 % smaller (7.9 pt where Excel prints 8).
pub(crate) fn widest_px(width: f64) -> f64 {
    width * WIDEST_DIGIT_PX + PADDING_PX
}
const WIDEST_DIGIT_PX: f64 = DIGIT_PX;

/// How a table is laid out for screen and print: each column's width, which columns
/// wrap, and how it is printed.
pub(crate) struct Plan {
    pub(crate) widths: Vec<f64>,
    pub(crate) wrap: Vec<bool>,
    pub(crate) kinds: Vec<Kind>,
    /// Fits one page wide at a legible scale; else printed across pages at ACROSS_SCALE.
    pub(crate) fits: bool,
    /// The share of a wrapped column's width a line is counted to fill: prose (问题清单,
    /// the feedback guide) breaks early at its punctuation (a closing bracket never starts a
    /// line), so its rows get a little more height.
    pub(crate) slack: f64,
    /// A sheet of prose, printed down to `PROSE_MIN_SCALE`.
    pub(crate) prose: bool,
}

/// The layout rule (SPEC §6 "Read and printed as a clerk reads them"): columns as wide as
/// their text; when the sheet would print below 8 pt at one page wide, the long text
/// columns are narrowed (and wrap) down to the widest cap that fits; when even the
/// narrowest caps do not fit, the sheet prints at 80 % over several pages across.
pub(crate) fn plan(headers: &[&str], sample: &[Row<'_>], wrap_all: bool, may_wrap: bool) -> Plan {
    let kinds = column_kinds(headers.len(), sample);
    let natural = column_widths(headers, sample, 60);
    let budget = PRINTABLE_PX / min_scale(wrap_all);
    let shares = Shares {
        natural: &natural,
        kinds: &kinds,
        unbreakable: unbreakable_widths(headers.len(), sample),
        demand: demand_widths(headers.len(), sample),
    };
    let (widths, fits) = if total_px(&natural) <= budget {
        (natural.clone(), true)
    } else if !may_wrap {
        (natural.clone(), false)
    } else if let Some(w) = shortest(
        KEEPS.iter().filter_map(|&keep| shares.largest_within(keep, budget)).chain(allotted(
            headers,
            &natural,
            &kinds,
            &shares.unbreakable,
            sample,
            wrap_all,
        )),
        sample,
        &natural,
        &kinds,
        wrap_all,
    ) {
        (w, true)
    } else {
        (shares.allocated(1.0, KEEP_WIDTH), false)
    };
    let wrap = widths
        .iter()
        .zip(&natural)
        .zip(&kinds)
        .map(|((w, n), k)| may_wrap && *k == Kind::Text && (wrap_all || w < n))
        .collect();
    Plan { widths, wrap, kinds, fits, slack: if wrap_all { WRAP_SLACK } else { 1.0 }, prose: wrap_all }
}

/// A sheet's width in the widest suite's pixels.
fn total_px(widths: &[f64]) -> f64 {
    widths.iter().map(|w| widest_px(*w)).sum()
}

/// Narrowing by shares: each long text column gives up width in proportion to how much
/// text it holds on an average row.
struct Shares<'p> {
    natural: &'p [f64],
    kinds: &'p [Kind],
    unbreakable: Vec<f64>,
    demand: Vec<f64>,
}

impl Shares<'_> {
    /// Each text column wider than `keep` (and than its longest unbreakable run) gets
    /// `lambda` × its demand, between that floor and its natural width.
    fn allocated(&self, lambda: f64, keep: f64) -> Vec<f64> {
        self.natural
            .iter()
            .zip(self.kinds)
            .zip(&self.unbreakable)
            .zip(&self.demand)
            .map(|(((w, k), floor), d)| {
                let floor = keep.max(*floor);
                if *k == Kind::Text && *w > floor {
                    (lambda * d).clamp(floor, *w).floor()
                } else {
                    *w
                }
            })
            .collect()
    }

    /// The largest share that fits `budget` pixels, found by halving; None when even the
    /// narrowest does not.
    fn largest_within(&self, keep: f64, budget: f64) -> Option<Vec<f64>> {
        if total_px(&self.allocated(0.0, keep)) > budget {
            return None;
        }
        let (mut lo, mut hi) = (0.0, 64.0);
        for _ in 0..30 {
            let mid = (lo + hi) / 2.0;
            if total_px(&self.allocated(mid, keep)) <= budget {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(self.allocated(lo, keep))
    }
}

/// Each column's kind: that of its first non-empty value in the sample.
fn column_kinds(columns: usize, sample: &[Row<'_>]) -> Vec<Kind> {
    (0..columns)
        .map(|c| {
            sample
                .iter()
                .filter_map(|(values, _)| values.get(c))
                .find(|v| !matches!(v, Val::Text(t) if t.is_empty()))
                .map_or(Kind::Text, Kind::of)
        })
        .collect()
}

/// Text columns wider than `keep` wrap when a sheet does not fit: a code, a name or a
/// column letter never breaks while the prose columns can, and an ID or phone number never
/// breaks: a column keeps its longest run of ASCII at least.
fn unbreakable_widths(columns: usize, sample: &[Row<'_>]) -> Vec<f64> {
    (0..columns)
        .map(|c| {
            let longest = sample
                .iter()
                .filter_map(|(values, _)| match values.get(c) {
                    Some(Val::Text(t)) => t.split(|ch: char| !ch.is_ascii() || ch.is_whitespace()).map(str::len).max(),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            longest as f64 + 2.0
        })
        .collect()
}

/// How much text each column holds on an average row (not capped like the natural width):
/// the room a narrowed sheet has goes to the columns in proportion, so the long prose
/// (问题说明, 修改建议) wraps onto about as many lines as the shorter texts beside it instead
/// of being squeezed to a sliver while a path or a sheet name keeps its whole width.
fn demand_widths(columns: usize, sample: &[Row<'_>]) -> Vec<f64> {
    (0..columns)
        .map(|c| {
            let texts = sample.iter().filter_map(|(values, _)| match values.get(c) {
                Some(Val::Text(t)) if !t.is_empty() => Some(shown_width(t)),
                _ => None,
            });
            let (sum, n) = texts.fold((0.0, 0usize), |(s, n), w| (s + w, n + 1));
            if n == 0 {
                1.0
            } else {
                (sum / n as f64).max(1.0)
            }
        })
        .collect()
}

/// How wide a short text column (镇, 村, 工作表, 列 …) stays while the prose columns wrap:
/// each is tried, and the widths whose rows print shortest win (问题清单 with a dozen
/// columns gives its short ones a few characters less so 问题说明 can be wide).
const KEEPS: [f64; 4] = [KEEP_WIDTH, 14.0, MIN_WRAP, 8.0];

/// The widths that print the sample in the fewest lines (`allot`): each text column from
/// its longest unbreakable run (at least `MIN_ALLOT`, and a short header's width: "镇（街道）"
/// broken as "镇（街道" over "）" reads badly) up to its natural width, the other columns at
/// theirs, all within the page's width at the smallest legible scale.
fn allotted(
    headers: &[&str],
    natural: &[f64],
    kinds: &[Kind],
    unbreakable: &[f64],
    sample: &[Row<'_>],
    wrap_all: bool,
) -> Option<Vec<f64>> {
    let slack = if wrap_all { WRAP_SLACK } else { 1.0 };
    let rows: Vec<&Row<'_>> = sample.iter().step_by(sample.len().div_ceil(ALLOT_SAMPLE).max(1)).collect();
    let columns: Vec<Option<Column>> = (0..natural.len())
        .map(|c| {
            let header = (headers.get(c).map_or(0.0, |h| shown_width(h)) + 0.5).ceil();
            let header = if header <= SHORT_HEADER { header } else { 0.0 };
            let from = unbreakable[c].max(MIN_ALLOT).max(header) as usize;
            let to = natural[c] as usize;
            let lines = |values: &[Val<'_>], w: usize| match values.get(c) {
                Some(Val::Text(t)) => lines_in(t, w as f64 * slack).min(usize::from(u16::MAX)) as u16,
                _ => 1,
            };
            let cells = |(values, _): &&Row<'_>| (from..=to).map(|w| lines(values, w)).collect();
            (kinds[c] == Kind::Text && to > from).then(|| Column { from, lines: rows.iter().map(cells).collect() })
        })
        .collect();
    let fixed: Vec<usize> = natural.iter().map(|w| *w as usize).collect();
    let budget = (PRINTABLE_PX / min_scale(wrap_all) - PADDING_PX * natural.len() as f64) / WIDEST_DIGIT_PX;
    let widths = fewest_lines(&columns, &fixed, budget.floor() as usize)?;
    Some(widths.into_iter().map(|w| w as f64).collect())
}

/// How many sample rows the allotment measures (spread over the sample).
const ALLOT_SAMPLE: usize = 300;
/// The narrowest a text column is made: three Chinese characters.
const MIN_ALLOT: f64 = 6.0;
/// A header up to this wide (five Chinese characters) stays on one line.
const SHORT_HEADER: f64 = 11.0;

/// Of the candidate widths, those whose sample rows take the fewest printed lines (the
/// first of equals: the widest short columns).
fn shortest(
    candidates: impl Iterator<Item = Vec<f64>>,
    sample: &[Row<'_>],
    natural: &[f64],
    kinds: &[Kind],
    wrap_all: bool,
) -> Option<Vec<f64>> {
    let lines = |widths: &[f64]| -> usize {
        let slack = if wrap_all { WRAP_SLACK } else { 1.0 };
        sample
            .iter()
            .map(|(values, _)| {
                values
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| kinds[*c] == Kind::Text && (wrap_all || widths[*c] < natural[*c]))
                    .map(|(c, v)| if let Val::Text(t) = v { lines_in(t, widths[c] * slack) } else { 1 })
                    .max()
                    .unwrap_or(1)
            })
            .sum()
    };
    let mut best: Option<(usize, Vec<f64>)> = None;
    for widths in candidates {
        let n = lines(&widths);
        if best.as_ref().is_none_or(|(b, _)| n < *b) {
            best = Some((n, widths));
        }
    }
    best.map(|(_, w)| w)
}

/// A wrapped sheet's text is measured this much narrower than its column, for the suites
/// that draw Chinese wider.
pub(crate) const WRAP_SLACK: f64 = 0.95;

/// A wrapped text column keeps at least this many characters.
const MIN_WRAP: f64 = 10.0;

/// Columns no wider than this are narrowed only when the prose columns alone cannot make
/// the sheet fit.
const KEEP_WIDTH: f64 = 18.0;

/// Widths that fit the header and the sampled rows, at most `widest` (wrapped text
/// tables keep narrower columns and grow their rows instead).
fn column_widths(headers: &[&str], rows: &[Row<'_>], widest: usize) -> Vec<f64> {
    // A header counts up to HEADER_WIDTH: longer ones wrap (the header style wraps).
    const HEADER_WIDTH: usize = 14;
    let mut widths: Vec<f64> = headers.iter().map(|h| shown_width(h).min(HEADER_WIDTH as f64)).collect();
    for (values, _) in rows {
        for (c, v) in values.iter().enumerate() {
            let w = match v {
                Val::Text(s) => s.split('\n').map(shown_width).fold(0.0, f64::max),
                Val::Int(n) => n.to_string().len() as f64,
                Val::Pct(_) => 6.0,
                Val::Date(_) => 10.0,
            };
            if let Some(slot) = widths.get_mut(c) {
                *slot = slot.max(w);
            }
        }
    }
    widths.into_iter().map(|w| w.ceil().clamp(6.0, widest as f64) + 2.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines are filled as the suites fill them: Chinese breaks anywhere, an ASCII run
    /// (".xlsx", a number) moves whole, punctuation stays with what it follows.
    #[test]
    fn lines_fill_like_the_suites() {
        // 10 Chinese characters in a line of 10 characters' room (19 units + 0.5).
        assert_eq!(lines_in("一二三四五六七八九十", 19.6), 1);
        assert_eq!(lines_in("一二三四五六七八九十一", 19.6), 2);
        // ".xlsx" does not fit after 九 and goes to the next line whole.
        assert_eq!(lines_in("一二三四五六七八九.xlsx", 19.6), 2);
        // A run longer than a line is broken inside it.
        assert_eq!(lines_in(&"a".repeat(50), 19.6), 3);
        assert_eq!(lines_in("第一行\n第二行", 40.0), 2);
        assert_eq!(lines_in("", 10.0), 1);
    }
}
