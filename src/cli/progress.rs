//! A progress bar on standard error, for a check that takes more than a second, and only where a person watches
//! it: standard error a terminal, not a CI log (`CI` set), not `TERM=dumb`. Pipes, JSON and CI logs never see it.
//!
//! The bar is drawn by indicatif, hidden at first: a timer shows it after [`DELAY`], so a check that ends sooner
//! prints nothing, and it is cleared when the check ends, before the report is printed.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::session::Progress;

/// How long a check runs before its progress is shown.
pub const DELAY: Duration = Duration::from_secs(1);
/// Sets the delay in milliseconds instead of [`DELAY`]: for the tests, which cannot make a check last a second.
pub const DELAY_VAR: &str = "FACTCHECK_PROGRESS_DELAY_MS";

/// [`DELAY`], or the value of [`DELAY_VAR`].
fn delay() -> Duration {
    std::env::var(DELAY_VAR).ok().and_then(|ms| ms.parse().ok()).map_or(DELAY, Duration::from_millis)
}

/// The progress of a check, shown on standard error after [`DELAY`] where [`CheckProgress::wanted`].
pub struct CheckProgress {
    bar: ProgressBar,
    finished: Arc<AtomicBool>,
    timer: Option<JoinHandle<()>>,
}

impl CheckProgress {
    /// A bar that shows itself after [`DELAY`] when `visible`, and never otherwise.
    pub fn new(visible: bool) -> CheckProgress {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        // The template is a constant, checked by the test below.
        if let Ok(style) = ProgressStyle::with_template("checking {pos}/{len} claims {wide_bar} {elapsed}") {
            bar.set_style(style);
        }
        let finished = Arc::new(AtomicBool::new(false));
        let timer = visible.then(|| {
            let (bar, finished, delay) = (bar.clone(), Arc::clone(&finished), delay());
            std::thread::spawn(move || {
                // Woken early by `finish`, or (rarely) for no reason: only the end of the delay shows the bar.
                let started = std::time::Instant::now();
                while !finished.load(Ordering::Acquire) && started.elapsed() < delay {
                    std::thread::park_timeout(delay.saturating_sub(started.elapsed()));
                }
                if !finished.load(Ordering::Acquire) {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(200));
                }
            })
        });
        CheckProgress { bar, finished, timer }
    }

    /// Whether a bar may be shown: standard error is a terminal a person watches, not a CI log.
    pub fn wanted() -> bool {
        let ci = std::env::var_os("CI").is_some_and(|value| !value.is_empty() && value != "false");
        let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
        std::io::stderr().is_terminal() && !ci && !dumb
    }

    /// Ends the bar and clears it, before the report is printed.
    pub fn finish(mut self) {
        self.finished.store(true, Ordering::Release);
        if let Some(timer) = self.timer.take() {
            timer.thread().unpark();
            // The timer only sets the bar's target; it cannot panic.
            let _ = timer.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Progress for CheckProgress {
    fn start(&self, claims: usize) {
        self.bar.set_length(claims as u64);
    }

    fn claim_done(&self) {
        self.bar.inc(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_and_a_hidden_bar_counts() {
        assert!(ProgressStyle::with_template("checking {pos}/{len} claims {wide_bar} {elapsed}").is_ok());
        let progress = CheckProgress::new(false);
        progress.start(3);
        progress.claim_done();
        progress.claim_done();
        assert_eq!((progress.bar.position(), progress.bar.length()), (2, Some(3)));
        assert!(progress.bar.is_hidden());
        progress.finish();
    }

    #[test]
    fn a_check_shorter_than_the_delay_never_shows_the_bar() {
        let progress = CheckProgress::new(true);
        progress.start(1);
        progress.claim_done();
        let bar = progress.bar.clone();
        progress.finish();
        assert!(bar.is_hidden(), "finished before the delay, the bar stayed hidden");
    }
}
