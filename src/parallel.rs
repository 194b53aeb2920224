//! Data-parallel work on scoped threads: how factcheck spreads a list of independent jobs over threads
//! (loading assertion files, reading and statting sources, checking claims, transposing the stored filters).
//! The index builds whose threads each keep state of their own (an automaton's scratch, a run of sources'
//! counts) start theirs in `evidence::index`.
//!
//! Each thread takes the next job from a shared queue, so a few slow jobs (a large file, a claim whose
//! quote names no source) do not leave the other threads idle. Results come back in the order of the jobs,
//! whatever the number of threads, so that output never depends on it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads to use when none is asked for: every CPU (one when that cannot be known).
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `work(i)` for every `i` in `0..count` on up to `threads` threads, each `i` once.
pub fn for_each_index(count: usize, threads: usize, work: impl Fn(usize) + Sync) {
    let threads = threads.clamp(1, count.max(1));
    if threads == 1 {
        (0..count).for_each(work);
        return;
    }
    let next = AtomicUsize::new(0);
    // A worker that panics makes `scope` panic too, once the others have stopped: the panic goes on.
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    work(i);
                }
            });
        }
    });
}

/// `work(item)` for every item of `items`, on up to `threads` threads, in the order of `items`.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // A slot per job, each written by the one thread that ran it (a mutex makes that safe for any `R: Send`).
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    for_each_index(items.len(), threads, |i| {
        let result = work(&items[i]);
        if let Ok(mut slot) = results[i].lock() {
            *slot = Some(result);
        }
    });
    // `for_each_index` ran `work` for every index, or panicked (and so did this function) if one did: no lock
    // is poisoned, and every slot is set.
    results
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten().expect("every job ran and stored its result"))
        .collect()
}

/// Runs `work(item)` for every item of `items`, each given mutably to one thread, on up to `threads` threads.
pub fn for_each_mut<T: Send>(items: &mut [T], threads: usize, work: impl Fn(&mut T) + Sync) {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        items.iter_mut().for_each(work);
        return;
    }
    let queue = Mutex::new(items.iter_mut());
    // The lock is held only to take the next item, never while `work` runs, so it is never poisoned (`ok()?`
    // only ends the loop if it were); a panicking `work` reaches the caller through `scope`.
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
