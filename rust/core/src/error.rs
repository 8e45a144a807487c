//! Errors of the core. Each variant maps to one Python exception class.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Two lists that must have the same length do not.
    LengthMismatch { what: &'static str, left: usize, right: usize },
    /// An argument outside its allowed range.
    InvalidArgument(String),
    /// Bytes that are no saved index this build can read (`persist.rs`), or an index that
    /// could not be written.
    IndexFile(String),
    /// The call was cancelled (`parallel::Cancel`) before it finished.
    Cancelled,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::LengthMismatch { what, left, right } => {
                write!(f, "{what}: the two lists must have the same length (got {left} and {right})")
            }
            Error::InvalidArgument(msg) | Error::IndexFile(msg) => f.write_str(msg),
            Error::Cancelled => f.write_str("cancelled"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
