//! The explicit bounds on what one input can make hoptls do.
//!
//! Received headers are written by anyone who relays mail, attackers included. Each limit is
//! generous for real mail and, when hit, truncates the input and adds a finding that names it:
//! no input can make the work quadratic, the memory unbounded or the stack deep.

/// Bytes of the header block that are read. Real header blocks are a few kilobytes; a block that
/// never ends (a file without a blank line and a huge body) is cut here.
pub const MAX_HEADER_BLOCK_BYTES: usize = 1024 * 1024;

/// Bytes of one header value. The longest real Received values are around 1 KB.
pub const MAX_VALUE_BYTES: usize = 64 * 1024;

/// Received headers analysed per message; the newest ones are kept.
pub const MAX_RECEIVED_HEADERS: usize = 500;

/// Nesting depth of comments that is looked into. Real lines nest three levels at most; deeper
/// comments are still skipped as a whole, in linear time, but not searched for TLS facts.
pub const MAX_COMMENT_DEPTH: usize = 32;

/// Bytes of one mbox line that a reader has to hold. Only bodies (8-bit or binary parts) and
/// hostile files have longer lines. A line-by-line reader keeps the first `MAX_MBOX_LINE_BYTES`
/// of a line and skips the rest up to its line end, and that changes nothing of the result:
///
/// * not where messages split: a separator is told by the first five bytes of its line and by
///   whether the line before it is blank, and a cut line keeps those bytes and is never blank;
/// * not what any report says: the limit is above the most of a message that
///   [`analyze`](crate::analyze) reads (the header block limit and the few bytes that show where
///   the block ends, twice over for UTF-16), so a cut falls after everything that is read.
///
/// The skipped bytes are not silent: such a reader adds
/// [`mbox::long_line_finding`](crate::mbox::long_line_finding) (`mbox-line-too-long`) to the
/// message's report, and a caller of [`mbox::split`](crate::mbox::split), which holds the whole
/// file and needs no cut, can ask [`mbox::has_long_line`](crate::mbox::has_long_line).
pub const MAX_MBOX_LINE_BYTES: usize = 4 * 1024 * 1024;

// The argument above, checked where the numbers are.
const _: () = assert!(MAX_MBOX_LINE_BYTES >= 2 * (MAX_HEADER_BLOCK_BYTES + 4));
