//! The exit codes of `hoptls`, in one place: scripts and monitoring depend on them.

/// Everything was read and no policy was broken.
pub const OK: u8 = 0;
/// Bad usage, or an input that could not be read as a message (the others were still analysed).
pub const INPUT_ERROR: u8 = 2;
