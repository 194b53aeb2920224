//! Data-parallel work on scoped threads: the one place factcheck spreads a list of independent jobs over
//! threads (loading assertion files, reading sources, checking claims).
//!
//! Each thread takes the next job from a shared counter, so a few slow jobs (a large file, a claim whose
//! quote names no source) do not leave the other threads idle. Results come back in the order of the jobs,
//! whatever the number of threads, so that output never depends on it.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads to use when none is asked for: every CPU (one when that cannot be known).
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `work(i)` for every `i` in `0..count` on up to `threads` threads.
pub fn for_each_index(count: usize, threads: usize, work: impl Fn(usize) + Sync) {
    map_indices(count, threads, work);
}

/// Runs `work(item)` for every item of `items`, each given mutably to one thread, on up to `threads` threads.
pub fn for_each_mut<T: Send>(items: &mut [T], threads: usize, work: impl Fn(&mut T) + Sync) {
    let threads = threads.clamp(1, items.len().max(1));
    let queue = std::sync::Mutex::new(items.iter_mut());
    // A poisoned queue means a worker panicked, which `scope` raises again: the others just stop.
    let next = || queue.lock().ok()?.next();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(item) = next() {
                    work(item);
                }
            });
        }
    });
}

/// `work(item)` for every item of `items`, on up to `threads` threads, in the order of `items`.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_indices(items.len(), threads, |i| work(&items[i]))
}

/// `work(i)` for every `i` in `0..count`, on up to `threads` threads, in the order of `i`.
fn map_indices<R: Send>(count: usize, threads: usize, work: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, count.max(1));
    if threads == 1 {
        return (0..count).map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            break;
                        }
                        done.push((i, work(i)));
                    }
                    done
                })
            })
            .collect();
        // A worker only panics if `work` panics, which is a bug to surface, not to hide: the panic goes on.
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_jobs_whatever_the_threads() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [0, 1, 2, 7, 2000] {
            // Uneven work, so that threads finish out of order.
            let squares = map(&items, threads, |n| {
                if n % 97 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                n * n
            });
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn every_index_is_visited_once() {
        let seen: Vec<AtomicUsize> = (0..500).map(|_| AtomicUsize::new(0)).collect();
        for_each_index(seen.len(), 3, |i| {
            seen[i].fetch_add(1, Ordering::Relaxed);
        });
        assert!(seen.iter().all(|count| count.load(Ordering::Relaxed) == 1));
        assert!(map(&[] as &[u8], 4, |b| *b).is_empty());
    }

    #[test]
    fn every_item_is_given_mutably_once() {
        let mut items: Vec<u32> = (0..300).collect();
        for_each_mut(&mut items, 3, |n| *n *= 2);
        assert_eq!(items, (0..300).map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_panicking_job_panics_the_caller() {
        let result = std::panic::catch_unwind(|| map(&[1, 2, 3], 2, |n| assert_ne!(*n, 2, "job two")));
        assert!(result.is_err());
    }
}
