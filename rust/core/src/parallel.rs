//! Running batch work on `workers` threads (-1 = all cores).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// A flag that asks a long call to stop: long calls look at it between items of work and
/// then return `Error::Cancelled`. Clones share the flag.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A flag not set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks every call watching this flag to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether `cancel` was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `Err(Error::Cancelled)` once cancelled.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() { Err(Error::Cancelled) } else { Ok(()) }
    }
}

/// The most threads a call uses: one per core. More would only share the same cores, and
/// each thread costs its memory and its start.
pub fn max_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `f` inside a pool of `workers` threads; -1 uses rayon's global pool (all cores).
/// A number above the cores' (`max_workers`) is capped to it.
pub fn with_workers<T: Send>(workers: i64, f: impl FnOnce() -> T + Send) -> Result<T> {
    match workers {
        -1 => Ok(f()),
        n if n > 0 => {
            let n = usize::try_from(n).unwrap_or(usize::MAX).min(max_workers());
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| Error::InvalidArgument(format!("cannot start {n} worker threads: {e}")))?;
            Ok(pool.install(f))
        }
        n => Err(Error::InvalidArgument(format!("workers must be -1 (all cores) or a positive number, got {n}"))),
    }
}

/// Maps `f` over `items` in parallel, keeping order.
pub fn map_many<I: Sync, T: Send>(items: &[I], workers: i64, f: impl Fn(&I) -> T + Sync + Send) -> Result<Vec<T>> {
    with_workers(workers, || items.par_iter().map(f).collect())
}
