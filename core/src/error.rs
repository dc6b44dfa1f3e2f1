//! The one fatal case: input that is not a message at all.
//!
//! Everything odd about a message that *is* a message — a broken Received line, an impossible
//! date, a limit that was hit — is a [`Finding`](crate::Finding) in the report, never an error.

/// Why hoptls could not read an input as a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is empty or holds only white space.
    #[error("empty input: no header block")]
    Empty,
    /// The input does not start with a header field (`Name: value`).
    #[error("not an email message: {0}")]
    NotAMessage(&'static str),
    /// The input looks like binary data (an image, an archive, random bytes).
    #[error("binary data, not an email message")]
    Binary,
}
