//! Allotting a page's width to the text columns of a sheet so that its rows print in the
//! fewest lines: 问题清单's 问题说明 and 修改建议 carry most of the text, a 工作表 or 列 column
//! little, and each character of width goes where it saves the most lines.
//!
//! Greedy by the best saving per character: from each wrapping column at its narrowest,
//! widen the column whose next widening (by as many characters as it takes to save a line
//! somewhere) saves the most per character, until the width is spent or nothing saves more.
//! A row's height is its tallest cell, so a cell's saving counts in full only when it was
//! the row's only tallest; a saving elsewhere counts a little, to break ties towards rows
//! that will need it next.

/// The lines each sample row's cell takes in a column, by width.
pub(crate) struct Column {
    /// The narrowest width tried (an unbreakable run, an ID, fits it).
    pub(crate) from: usize,
    /// `lines[r][k]`: row r's lines at width `from + k`.
    pub(crate) lines: Vec<Vec<u16>>,
}

/// What widening a column saves: the row heights' total first, then all cells' lines.
const TALLEST: i64 = 1_000;

/// Widths (one per column, `None` for a column that keeps `fixed[c]`) within `budget`
/// characters of width in all, that print the rows in the fewest lines.
pub(crate) fn fewest_lines(columns: &[Option<Column>], fixed: &[usize], budget: usize) -> Option<Vec<usize>> {
    let mut widths: Vec<usize> = columns.iter().zip(fixed).map(|(c, f)| c.as_ref().map_or(*f, |c| c.from)).collect();
    let mut spent: usize = widths.iter().sum();
    if spent > budget {
        return None;
    }
    let rows = columns.iter().flatten().map(|c| c.lines.len()).max().unwrap_or(0);
    loop {
        let heights = Heights::of(columns, &widths, rows);
        let best = columns
            .iter()
            .enumerate()
            .filter_map(|(c, col)| Some((c, col.as_ref()?)))
            .filter_map(|(c, col)| best_step(col, widths[c], budget - spent, &heights, c).map(|s| (c, s)))
            .max_by(|(_, a), (_, b)| (a.0 * b.1 as i64).cmp(&(b.0 * a.1 as i64)));
        let Some((c, (_, step))) = best else { return Some(widths) };
        widths[c] += step;
        spent += step;
    }
}

/// Of widening column `c` by 1 ..= `room` characters, the step that saves the most per
/// character: (saving, characters), or None when no step saves anything.
fn best_step(col: &Column, width: usize, room: usize, heights: &Heights, c: usize) -> Option<(i64, usize)> {
    let k = width - col.from;
    let widest = col.lines.first().map_or(0, Vec::len).saturating_sub(k + 1);
    let mut best: Option<(i64, usize)> = None;
    for step in 1..=room.min(widest) {
        let saving: i64 = col.lines.iter().enumerate().map(|(r, l)| heights.saving(r, c, l[k], l[k + step])).sum();
        if saving > 0 && best.is_none_or(|(s, d)| saving * d as i64 > s * step as i64) {
            best = Some((saving, step));
        }
    }
    best
}

/// Each row's tallest cell, how many cells are that tall, and the next tallest.
struct Heights {
    rows: Vec<(u16, u16, u16, usize)>,
}

impl Heights {
    fn of(columns: &[Option<Column>], widths: &[usize], rows: usize) -> Heights {
        let mut out = vec![(1u16, 0u16, 1u16, usize::MAX); rows];
        for (c, col) in columns.iter().enumerate() {
            let Some(col) = col else { continue };
            let k = widths[c] - col.from;
            for (r, l) in col.lines.iter().enumerate() {
                let (top, count, next, who) = &mut out[r];
                let v = l[k];
                if v > *top {
                    *next = *top;
                    (*top, *count, *who) = (v, 1, c);
                } else if v == *top {
                    *count += 1;
                } else if v > *next {
                    *next = v;
                }
            }
        }
        Heights { rows: out }
    }

    /// What row `r` saves when column `c`'s cell goes from `old` to `new` lines (a wider
    /// column may take a line more: a long number that no longer breaks moves down whole).
    fn saving(&self, r: usize, c: usize, old: u16, new: u16) -> i64 {
        let (top, count, next, who) = self.rows[r];
        let height = if old == top && count == 1 && who == c { new.max(next) } else { new.max(top) };
        (i64::from(top) - i64::from(height)) * TALLEST + i64::from(old) - i64::from(new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A column whose rows take `need[r]` characters each, as ceil(need / width) lines.
    fn column(from: usize, to: usize, need: &[usize]) -> Column {
        let lines = need.iter().map(|n| (from..=to).map(|w| n.div_ceil(w) as u16).collect()).collect();
        Column { from, lines }
    }

    #[test]
    fn the_width_goes_to_the_column_that_holds_the_text() {
        // Column 0 holds 10 characters a row, column 1 holds 60: the spare characters go
        // to column 1 first, and every row ends at 2 lines, the fewest 50 characters allow.
        let columns = vec![Some(column(5, 60, &[10, 10])), Some(column(5, 60, &[60, 60]))];
        let widths = fewest_lines(&columns, &[0, 0], 50).unwrap();
        assert!(widths.iter().sum::<usize>() <= 50 && widths[1] >= 30, "{widths:?}");
        let lines = |w: &[usize]| (0..2).map(|_| (10usize.div_ceil(w[0])).max(60usize.div_ceil(w[1]))).sum::<usize>();
        assert_eq!(lines(&widths), 2 * 2, "{widths:?}");
    }

    #[test]
    fn fixed_columns_keep_their_width_and_too_little_room_is_none() {
        let columns = vec![None, Some(column(4, 30, &[30]))];
        assert_eq!(fewest_lines(&columns, &[20, 0], 50), Some(vec![20, 30]));
        assert_eq!(fewest_lines(&columns, &[20, 0], 23), None);
    }

    #[test]
    fn a_row_is_as_tall_as_its_tallest_cell() {
        // Widening column 0 alone saves no row height while column 1 stays at 3 lines; both
        // have to widen together, and the greedy gets there through the secondary saving.
        let columns = vec![Some(column(10, 30, &[30])), Some(column(10, 30, &[30]))];
        let widths = fewest_lines(&columns, &[0, 0], 60).unwrap();
        assert_eq!(widths, vec![30, 30]);
    }
}
