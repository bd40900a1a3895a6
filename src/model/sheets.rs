//! Rows kept as their sheets gave them. A city's month is ten million visit rows in
//! thousands of sheets: joining them into one list would copy every row and hold two
//! copies while it does (and the allocator keeps the freed sheets' memory), so the rows
//! stay in their sheets' lists and are addressed by one flat index across them.

use rayon::prelude::*;

/// Lists of rows, one per sheet, read as one sequence in order.
#[derive(Debug, Clone)]
pub(crate) struct Sheets<T> {
    parts: Vec<Vec<T>>,
    /// The flat index of each part's first row.
    starts: Vec<u32>,
    len: usize,
}

impl<T> Default for Sheets<T> {
    fn default() -> Self {
        Sheets { parts: Vec::new(), starts: Vec::new(), len: 0 }
    }
}

impl<T> From<Vec<T>> for Sheets<T> {
    fn from(rows: Vec<T>) -> Self {
        let mut s = Sheets::default();
        s.push(rows);
        s
    }
}

impl<T> Sheets<T> {
    /// Adds one sheet's rows after the others (an empty list adds nothing).
    pub(crate) fn push(&mut self, rows: Vec<T>) {
        if rows.is_empty() {
            return;
        }
        self.starts.push(self.len as u32);
        self.len += rows.len();
        self.parts.push(rows);
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every row in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> + Clone + '_ {
        self.parts.iter().flatten()
    }

    /// The sheet holding flat index `i` and the row's place in it (the row may not exist).
    fn locate(&self, i: u32) -> Option<(usize, usize)> {
        let part = self.starts.partition_point(|&s| s <= i).checked_sub(1)?;
        Some((part, (i - self.starts[part]) as usize))
    }

    /// The row at flat index `i`.
    pub(crate) fn get(&self, i: u32) -> Option<&T> {
        let (part, at) = self.locate(i)?;
        self.parts[part].get(at)
    }

    pub(crate) fn get_mut(&mut self, i: u32) -> Option<&mut T> {
        let (part, at) = self.locate(i)?;
        self.parts[part].get_mut(at)
    }

    /// Keeps the rows `keep` says yes to, in order.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let parts = std::mem::take(&mut self.parts);
        *self = Sheets::default();
        for mut rows in parts {
            rows.retain(&mut keep);
            self.push(rows);
        }
    }
}

/// The row at a flat index the run made itself (an output order, a duplicate group).
impl<T> std::ops::Index<u32> for Sheets<T> {
    type Output = T;

    fn index(&self, i: u32) -> &T {
        let (part, at) = self.locate(i).unwrap_or((usize::MAX, 0));
        &self.parts[part][at]
    }
}

impl<T: Send + Sync> Sheets<T> {
    /// Every row with its flat index, in parallel (each sheet in order).
    pub(crate) fn par_enumerate(&self) -> impl ParallelIterator<Item = (u32, &T)> + '_ {
        self.parts
            .par_iter()
            .zip(&self.starts)
            .flat_map_iter(|(rows, &start)| rows.iter().enumerate().map(move |(i, r)| (start + i as u32, r)))
    }

    pub(crate) fn par_iter_mut(&mut self) -> impl ParallelIterator<Item = &mut T> + '_ {
        self.parts.par_iter_mut().flat_map_iter(|rows| rows.iter_mut())
    }

    /// What `f` finds in each row (changing it as it goes), in row order in one list: each
    /// sheet in parallel, their findings joined as each is moved (no second whole copy).
    pub(crate) fn flat_map_mut<U: Send>(&mut self, f: impl Fn(&mut T) -> Vec<U> + Sync + Send) -> Vec<U> {
        let found: Vec<Vec<U>> = self.parts.par_iter_mut().map(|rows| rows.iter_mut().flat_map(&f).collect()).collect();
        let mut all = Vec::with_capacity(found.iter().map(Vec::len).sum());
        for list in found {
            all.extend(list);
        }
        all
    }

    /// Each row turned into another, into one list of exactly their number: each sheet's
    /// rows turned in parallel straight into their places, its list freed when done (no
    /// second whole copy, as joining the turned sheets would make).
    pub(crate) fn map_into_vec<U: Send>(self, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
        let mut all = Vec::with_capacity(self.len);
        for rows in self.parts {
            all.par_extend(rows.into_par_iter().map(&f));
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three() -> Sheets<u32> {
        let mut s = Sheets::default();
        s.push(vec![10, 11]);
        s.push(vec![]);
        s.push(vec![12]);
        s.push(vec![13, 14, 15]);
        s
    }

    #[test]
    fn a_flat_index_finds_its_row_across_sheets() {
        let s = three();
        assert_eq!(s.len(), 6);
        let all: Vec<u32> = (0..6).map(|i| *s.get(i).unwrap()).collect();
        assert_eq!(all, vec![10, 11, 12, 13, 14, 15]);
        assert_eq!(s.get(6), None);
        assert_eq!(s.iter().copied().collect::<Vec<_>>(), all);
        let mut seen: Vec<(u32, u32)> = s.par_enumerate().map(|(i, &r)| (i, r)).collect();
        seen.sort();
        assert_eq!(seen, (0..6).zip(10..16).collect::<Vec<_>>());
    }

    #[test]
    fn retain_and_map_keep_the_order_and_the_indices() {
        let mut s = three();
        s.retain(|&r| r != 12 && r != 14);
        assert_eq!(s.len(), 4);
        assert_eq!(s.get(2), Some(&13));
        let odd = s.flat_map_mut(|r| {
            *r += 1;
            if *r % 2 == 1 {
                vec![*r]
            } else {
                vec![]
            }
        });
        assert_eq!(odd, vec![11]);
        assert_eq!(s.map_into_vec(|r| r * 2), vec![22, 24, 28, 32]);
        let mut empty: Sheets<u32> = Sheets::default();
        assert!(empty.is_empty() && empty.get(0).is_none() && empty.get_mut(0).is_none());
    }
}
