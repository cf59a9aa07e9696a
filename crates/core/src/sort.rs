//! Stable sorting through one shared copy of the sorting code.
//!
//! The standard library's stable sort is fast, but each type and key it is
//! used with gets its own copy of several kilobytes of code, and the browser
//! app ships every copy. The helpers here sort *indices* through a single
//! instantiation of that sort (the comparison goes through a `&dyn Fn`), so
//! each call site adds only a few hundred bytes. The results are exactly
//! those of `slice::sort_by` and `slice::sort_by_key`: stable, equal keys keep
//! their order.
//!
//! Code the browser app ships (the core and the app crate) sorts through these,
//! not through `slice::sort_by`; collecting into a `BTreeMap` sorts too (insert
//! one by one instead). docs/size.md has the figures.

use std::cmp::Ordering;

/// Sorts a list of indices by `cmp`, stably. Every caller shares one
/// instantiation of the standard library's stable sort.
#[inline(never)]
pub fn sort_indices_by(indices: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    indices.sort_by(|&a, &b| cmp(a, b));
}

/// Sorts `items` by `cmp`, stably: the same result as `items.sort_by(cmp)`.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if items.is_sorted_by(|a, b| cmp(a, b) != Ordering::Greater) {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices_by(&mut order, &|a, b| cmp(&items[a], &items[b]));
    // `order` is a permutation of 0..len, so every slot is taken exactly once.
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` by `key`, stably: the same result as `items.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Same order as the standard library's stable sort, with many equal keys
        /// (the second field tells equal keys apart, so stability is checked).
        #[test]
        fn matches_std_stable_sort(keys in proptest::collection::vec(0u8..6, 0..200)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |&(k, _)| k);
            let mut std_sorted = items;
            std_sorted.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(ours, std_sorted);
        }

        /// `sort_by` with a comparator that leaves ties (descending by key) keeps
        /// the standard library's stable order.
        #[test]
        fn sort_by_matches_std_stable_sort(keys in proptest::collection::vec(0u8..6, 0..200)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            let mut std_sorted = items;
            std_sorted.sort_by_key(|a| std::cmp::Reverse(a.0));
            prop_assert_eq!(ours, std_sorted);
        }

        /// Sorting indices by a key gives the same order as sorting the keys stably.
        #[test]
        fn indices_match_std_stable_sort(keys in proptest::collection::vec(0u8..6, 0..200)) {
            let mut ours: Vec<usize> = (0..keys.len()).collect();
            sort_indices_by(&mut ours, &|a, b| keys[a].cmp(&keys[b]));
            let mut std_sorted: Vec<usize> = (0..keys.len()).collect();
            std_sorted.sort_by_key(|&i| keys[i]);
            prop_assert_eq!(ours, std_sorted);
        }
    }

    #[test]
    fn keeps_every_item_when_sorting_owned_values() {
        let mut v = vec![
            String::from("c"),
            String::from("a"),
            String::from("b"),
            String::from("a"),
        ];
        sort_by_key(&mut v, |s| s.clone());
        assert_eq!(v, ["a", "a", "b", "c"]);
    }
}
