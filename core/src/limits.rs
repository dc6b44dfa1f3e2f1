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
