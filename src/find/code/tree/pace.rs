//! How fast a parse moves, to tell runaway error recovery from a file that parses.
//!
//! tree-sitter calls the progress callback about once per 100 parser operations. A
//! file that parses passes them in microseconds of CPU; runaway recovery keeps
//! hundreds of stack versions and slows to about a millisecond a check well before
//! its worst (the last steps at the end of the file, where one check can take
//! seconds and gigabytes). The clock is the thread's CPU time, so a busy machine
//! that takes the core away does not look like a slow parse.
//!
//! `KEYLINT_STEADY_PARSE` (any value) turns the pace check off, for instruction
//! counts (`benches/instructions.sh`): under valgrind every parse looks slow and would
//! be done again with the logger, so counts would depend on the machine's speed. Error
//! recovery is still bounded by its own checks.

use std::sync::LazyLock;
use std::time::Duration;

/// Whether `KEYLINT_STEADY_PARSE` is set (read once).
static STEADY: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("KEYLINT_STEADY_PARSE").is_some());

/// Checks between two clock readings (a reading is a system call).
const SAMPLE: usize = 8;
/// Readings averaged.
const WINDOW: usize = 8;
/// Average CPU time per check over the window that counts as runaway recovery.
const SLOW_CHECK: Duration = Duration::from_micros(250);

pub struct Pace {
    started: Duration,
    last: Duration,
    budget: Duration,
    /// CPU time of the last [`WINDOW`] samples, and their sum.
    window: [Duration; WINDOW],
    sum: Duration,
    checks: usize,
    slow: bool,
    /// The pace check is off (`KEYLINT_STEADY_PARSE`).
    off: bool,
}

impl Pace {
    /// A pace for a parse of `len` bytes starting now.
    pub fn new(len: usize) -> Pace {
        let now = thread_cpu();
        Pace {
            started: now,
            last: now,
            budget: budget(len),
            window: [Duration::ZERO; WINDOW],
            sum: Duration::ZERO,
            checks: 0,
            slow: false,
            off: *STEADY,
        }
    }

    /// Called at each progress check: whether to cancel the parse.
    pub fn too_slow(&mut self) -> bool {
        if self.off {
            return false;
        }
        self.checks += 1;
        if !self.checks.is_multiple_of(SAMPLE) {
            return self.slow;
        }
        let now = thread_cpu();
        self.record(now);
        self.slow
    }

    /// Whether the parse was found too slow.
    pub fn was_slow(&self) -> bool {
        self.slow
    }

    fn record(&mut self, now: Duration) {
        let spent = now.saturating_sub(self.last);
        self.last = now;
        let slot = &mut self.window[(self.checks / SAMPLE) % WINDOW];
        self.sum = self.sum.saturating_sub(*slot) + spent;
        *slot = spent;
        let limit = SLOW_CHECK * (SAMPLE * WINDOW) as u32;
        self.slow = self.sum > limit || now.saturating_sub(self.started) > self.budget;
    }
}

/// CPU time a parse of `len` bytes may take in all: a base plus 4 µs per byte, far
/// more than a file that parses needs.
fn budget(len: usize) -> Duration {
    Duration::from_millis(200)
        + Duration::from_micros(4 * u64::try_from(len).unwrap_or(u64::MAX / 4))
}

/// The CPU time this thread has used.
#[cfg(unix)]
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to write; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(ts.tv_sec).unwrap_or(0),
        u32::try_from(ts.tv_nsec).unwrap_or(0),
    )
}

/// Elsewhere: time since the first call on this thread (a busy machine can then make
/// a parse take its second, logged attempt, which gives the same result).
#[cfg(not(unix))]
fn thread_cpu() -> Duration {
    use std::time::Instant;
    thread_local!(static START: Instant = Instant::now());
    START.with(|s| s.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fed(len: usize, per_check: Duration, checks: usize) -> bool {
        let mut p = Pace::new(len);
        p.started = Duration::ZERO;
        p.last = Duration::ZERO;
        let mut now = Duration::ZERO;
        for i in 1..=checks {
            now += per_check;
            p.checks = i;
            if i % SAMPLE == 0 {
                p.record(now);
            }
        }
        p.was_slow()
    }

    #[test]
    fn runaway_pace_and_the_budget_are_caught() {
        // A file that parses: 20 µs a check, 5,000 checks, 100 KB.
        assert!(!fed(100_000, Duration::from_micros(20), 5_000));
        // Recovery at 300 µs a check is caught within one window.
        assert!(fed(100_000, Duration::from_micros(300), SAMPLE * WINDOW));
        assert!(!fed(
            100_000,
            Duration::from_micros(300),
            SAMPLE * (WINDOW - 2)
        ));
        // Steady but past the budget: 200 ms + 4 µs/byte.
        assert!(fed(10_000, Duration::from_micros(200), 1_500));
        assert!(!fed(10_000, Duration::from_micros(200), 1_000));
    }
}
