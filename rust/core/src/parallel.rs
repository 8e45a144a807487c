//! Running batch work on `workers` threads (-1 = all cores).

use rayon::prelude::*;

use crate::error::{Error, Result};

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
