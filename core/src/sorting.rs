//! Stable sorting through one shared instantiation. Rust's stable sort is compiled once per
//! (element type, comparator) pair, about 2 KB of wasm each, and the app had dozens. Sorts of a
//! few thousand items at most (labels, categories, trials, grouped keys, Python's `sorted`) go
//! through [`sort_by`], which orders positions with a `dyn` comparator, so the sort itself is
//! compiled once. Hot loops (tree growth, joins, `orderBy`, run search, k-NN) keep
//! `slice::sort_by`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The positions `0..n` in the stable order of `cmp`.
pub fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|a, b| cmp(*a, *b));
    idx
}

/// Sorts `v` stably by `cmp`, as `slice::sort_by` does.
pub fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let idx = order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(
        idx.into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// Sorts `v` stably by the key `f` gives, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// A map of `items`, as `collect()` builds it: a later pair with an equal key replaces the
/// value. `BTreeMap`'s `FromIterator` sorts its input first, and that stable sort is compiled
/// once per iterator type (about 2 KB of wasm each); inserting in turn compiles none. Only for
/// keys whose equal values are indistinguishable (text, numbers): an insert keeps the first key.
pub fn map_of<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut m = BTreeMap::new();
    m.extend(items);
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_library() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        let mut want = v.clone();
        want.sort_by_key(|a| a.0);
        sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, want);
        assert_eq!(v[0], (1, 'b'));
        assert_eq!(v[1], (1, 'e'));
        sort_by_key(&mut v, |p| std::cmp::Reverse(p.0));
        assert_eq!(v.iter().map(|p| p.1).collect::<String>(), "acdbe");
        assert_eq!(order(3, &mut |a, b| b.cmp(&a)), vec![2, 1, 0]);
    }

    #[test]
    fn maps_keep_the_last_value_like_collect() {
        let pairs = vec![("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        let want: BTreeMap<_, _> = pairs.clone().into_iter().collect();
        assert_eq!(map_of(pairs), want);
        assert_eq!(map_of(Vec::<(String, u8)>::new()), BTreeMap::new());
    }
}
