//! Sources: where the bytes come from — the directory walk ([`walk`]; standard input
//! is read by `scan`), and through gitoxide the staged index, a diff base and the
//! history ([`git`]). A source knows nothing of rules or findings' wording: it
//! hands out bytes with a display path, and for history, where git saw them.
//! [`credfiles`] names the files that hold credentials by their name (`.env`, keys).

pub mod credfiles;
pub mod git;
pub mod walk;

/// Run `f` on every index of `0..len` from `threads` threads (0: one per core), each
/// taking consecutive batches of `batch` indices from a shared cursor. `init` runs once
/// per thread (rayon's `*_init` runs once per split, which throws away caches such as a
/// repository's delta cache), and neighbouring items stay on one thread. Returns each
/// thread's state. One batch or one thread runs on the calling thread.
pub fn for_each_batched<S: Send>(
    len: usize,
    threads: usize,
    batch: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize) + Sync,
) -> Vec<S> {
    let batch = batch.max(1);
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        threads
    };
    let threads = threads.min(len.div_ceil(batch)).max(1);
    let cursor = std::sync::atomic::AtomicUsize::new(0);
    let run = || {
        let mut state = init();
        loop {
            let start = cursor.fetch_add(batch, std::sync::atomic::Ordering::Relaxed);
            if start >= len {
                break;
            }
            for i in start..len.min(start.saturating_add(batch)) {
                f(&mut state, i);
            }
        }
        state
    };
    if threads == 1 {
        return vec![run()];
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|_| s.spawn(run)).collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batched_visits_every_index_once_with_one_state_per_thread() {
        let inits = std::sync::atomic::AtomicUsize::new(0);
        let states = for_each_batched(
            1000,
            3,
            7,
            || {
                inits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Vec::new()
            },
            |seen: &mut Vec<usize>, i| seen.push(i),
        );
        assert_eq!(states.len(), 3);
        assert_eq!(inits.into_inner(), 3);
        let mut all: Vec<usize> = states.into_iter().flatten().collect();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        // One batch's worth of work runs on the calling thread.
        let here = std::thread::current().id();
        let states = for_each_batched(
            5,
            4,
            32,
            || None,
            |t, _| *t = Some(std::thread::current().id()),
        );
        assert_eq!(states, vec![Some(here)]);
    }
}
