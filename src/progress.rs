//! The spinner on standard error for long runs.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A spinner on standard error that shows itself only when the run lasts over a second and
/// standard error is a terminal: short runs and logs stay free of it.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// `enabled`: standard error is a terminal.
    pub fn new(enabled: bool) -> Progress {
        if !enabled {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message("");
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress(Some(bar))
    }

    /// A new stage of the run, with the number of steps when it is known.
    pub(crate) fn stage(&self, message: &str, len: Option<u64>) {
        if let Some(bar) = &self.0 {
            bar.set_message(message.to_string());
            bar.set_position(0);
            match len {
                Some(n) => bar.set_length(n),
                None => bar.unset_length(),
            }
        }
    }

    /// One step of the stage done.
    pub(crate) fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Runs `print` with the spinner out of the way (a warning printed while it shows).
    pub(crate) fn suspend(&self, print: impl FnOnce()) {
        match &self.0 {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Clears the spinner before anything is printed for good; a run may call it more than once.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
