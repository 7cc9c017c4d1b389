//! Work spread over rayon's pool when a map is big enough to pay for it.
//!
//! Parallel parts of rendering give exactly the bytes of doing the same work in order
//! (results are collected in order); a small map never starts the pool at all (starting
//! its threads costs more than drawing a dozen cards).

use rayon::prelude::*;

/// Fewer items than this are done on the calling thread.
pub const MIN_ITEMS: usize = 256;

/// `f(state, index, item)` for every item, results in item order; each worker makes its
/// own `state` with `init`. On the pool from `least` items ([`MIN_ITEMS`] for small
/// items; 2 for items that are each a lot of work, such as pages).
pub fn map_init<T, S, R>(
    least: usize,
    items: &[T],
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, usize, &T) -> R + Sync + Send,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    if items.len() < least.max(2) || rayon::current_num_threads() < 2 {
        let mut state = init();
        return items
            .iter()
            .enumerate()
            .map(|(index, item)| f(&mut state, index, item))
            .collect();
    }
    items
        .par_iter()
        .enumerate()
        // Small items in runs of at least an eighth of the threshold, big ones alone.
        .with_min_len((least / 8).max(1))
        .map_init(init, |state, (index, item)| f(state, index, item))
        .collect()
}

/// `f(index, item)` for every item, results in item order.
pub fn map<T, R>(items: &[T], f: impl Fn(usize, &T) -> R + Sync + Send) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    map_init(MIN_ITEMS, items, || (), |(), index, item| f(index, item))
}

/// `f(index, item)` for items that are each a lot of work (pages): on the pool from two.
pub fn map_heavy<T, R>(items: &[T], f: impl Fn(usize, &T) -> R + Sync + Send) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    map_init(2, items, || (), |(), index, item| f(index, item))
}
