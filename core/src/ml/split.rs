//! AutoML's train / validation / test split (reference §3.1): random 60 / 20 / 20, stratified
//! by class for classification; chronological with `time_col` (earliest rows train, latest
//! test, by `percent_rank` over the time column); or manual from `split_col` values `train`,
//! `validate`, `test` (other values are ignored and counted, for AutoML's alert).
//!
//! Our choices where the reference is silent: a stratified split takes round(60 %) and
//! round(20 %) of each class (at least one training row per class); the chronological split
//! puts `percent_rank <= 0.6` in train and `<= 0.8` in validation, so rows with the same time
//! always land in the same split. Every shuffle is seeded.

use crate::rng::SeededRng;

/// Row indices of each split, each in ascending order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    pub train: Vec<usize>,
    pub validate: Vec<usize>,
    pub test: Vec<usize>,
    /// Rows in no split (a manual split's other values, a null time).
    pub ignored: usize,
}

impl Split {
    fn sorted(mut self) -> Split {
        self.train.sort_unstable();
        self.validate.sort_unstable();
        self.test.sort_unstable();
        self
    }
}

fn shuffle(items: &mut [usize], rng: &mut SeededRng) {
    for i in (1..items.len()).rev() {
        let j = ((rng.unit() * (i + 1) as f64) as usize).min(i);
        items.swap(i, j);
    }
}

/// Cuts a shuffled list 60 / 20 / 20 into `out`.
fn cut(rows: &[usize], out: &mut Split) {
    let n = rows.len();
    let train = ((n as f64 * 0.6).round() as usize).max(usize::from(n > 0));
    let validate = ((n as f64 * 0.2).round() as usize).min(n - train);
    out.train.extend_from_slice(&rows[..train]);
    out.validate
        .extend_from_slice(&rows[train..train + validate]);
    out.test.extend_from_slice(&rows[train + validate..]);
}

/// Random 60 / 20 / 20 (regression).
pub fn random(n: usize, rng: &mut SeededRng) -> Split {
    let mut rows: Vec<usize> = (0..n).collect();
    shuffle(&mut rows, rng);
    let mut out = Split::default();
    cut(&rows, &mut out);
    out.sorted()
}

/// 60 / 20 / 20 within each class (classification), so each split keeps the label mix.
pub fn stratified<T: Ord>(labels: &[T], rng: &mut SeededRng) -> Split {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    crate::sorting::sort_by(&mut order, |a, b| labels[*a].cmp(&labels[*b]));
    let mut out = Split::default();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && labels[order[end]] == labels[order[start]] {
            end += 1;
        }
        let class = &mut order[start..end];
        shuffle(class, rng);
        cut(class, &mut out);
        start = end;
    }
    out.sorted()
}

/// By time: `percent_rank` (rank - 1) / (n - 1) over the non-null times.
pub fn chronological(times: &[Option<i64>]) -> Split {
    let mut known: Vec<i64> = times.iter().flatten().copied().collect();
    known.sort_unstable();
    let n = known.len();
    let mut out = Split {
        ignored: times.len() - n,
        ..Split::default()
    };
    for (row, t) in times.iter().enumerate() {
        let Some(t) = t else { continue };
        let below = known.partition_point(|k| k < t);
        let rank = if n > 1 {
            below as f64 / (n - 1) as f64
        } else {
            0.0
        };
        if rank <= 0.6 {
            out.train.push(row);
        } else if rank <= 0.8 {
            out.validate.push(row);
        } else {
            out.test.push(row);
        }
    }
    out
}

/// From a split column's values.
pub fn manual(values: &[Option<&str>]) -> Split {
    let mut out = Split::default();
    for (row, v) in values.iter().enumerate() {
        match v {
            Some("train") => out.train.push(row),
            Some("validate") => out.validate.push(row),
            Some("test") => out.test.push(row),
            _ => out.ignored += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_split_is_60_20_20_seeded_and_disjoint() {
        let a = random(100, &mut SeededRng::new(5));
        let b = random(100, &mut SeededRng::new(5));
        assert_eq!(a, b, "the same seed gives the same split");
        assert_eq!(
            (a.train.len(), a.validate.len(), a.test.len()),
            (60, 20, 20)
        );
        let mut all: Vec<usize> = [a.train, a.validate, a.test].concat();
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<_>>());
        assert_ne!(random(100, &mut SeededRng::new(6)).train, b.train);
    }

    #[test]
    fn stratified_split_keeps_the_label_mix() {
        // 90 of class 0, 10 of class 1: each split keeps 9 to 1.
        let labels: Vec<u8> = (0..100).map(|i| u8::from(i % 10 == 0)).collect();
        let s = stratified(&labels, &mut SeededRng::new(1));
        let ones = |rows: &[usize]| rows.iter().filter(|r| labels[**r] == 1).count();
        assert_eq!(
            (s.train.len(), s.validate.len(), s.test.len()),
            (60, 20, 20)
        );
        assert_eq!(
            (ones(&s.train), ones(&s.validate), ones(&s.test)),
            (6, 2, 2)
        );
    }

    #[test]
    fn chronological_and_manual_splits() {
        // Times 0..9 shuffled and one null.
        let times = [
            Some(9),
            Some(0),
            None,
            Some(5),
            Some(1),
            Some(8),
            Some(2),
            Some(7),
            Some(3),
            Some(6),
            Some(4),
        ];
        let s = chronological(&times);
        let at = |rows: &[usize]| {
            let mut t: Vec<i64> = rows.iter().filter_map(|r| times[*r]).collect();
            t.sort_unstable();
            t
        };
        // percent_rank of t is t / 9: up to 0.6 trains, up to 0.8 validates.
        assert_eq!(at(&s.train), [0, 1, 2, 3, 4, 5]);
        assert_eq!(at(&s.validate), [6, 7]);
        assert_eq!(at(&s.test), [8, 9]);
        // Equal times share a split.
        let tied = chronological(&[Some(1), Some(1), Some(1), Some(2)]);
        assert_eq!(tied.train, [0, 1, 2]);
        assert_eq!(s.ignored, 1);
        let m = manual(&[
            Some("train"),
            Some("test"),
            Some("dev"),
            None,
            Some("validate"),
        ]);
        assert_eq!(
            (m.train, m.validate, m.test, m.ignored),
            (vec![0], vec![4], vec![1], 2)
        );
    }
}
