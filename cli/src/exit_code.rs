//! The exit codes of `hoptls`, in one place: scripts and monitoring depend on them.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | every input was read and no `--fail-on` condition was met |
//! | 1 | every input was read, and some message met a `--fail-on` condition |
//! | 2 | the command line is wrong, or some input could not be read (the others were still analysed) |
//!
//! An unreadable input wins over a policy violation: the check did not see everything, so a
//! monitoring script must look, whatever the messages that were read say.

/// Everything was read and no policy was broken.
pub const OK: u8 = 0;
/// Every input was read, and a message met a `--fail-on` condition.
pub const POLICY_VIOLATED: u8 = 1;
/// An input could not be read as a message (the others were still analysed).
pub const INPUT_ERROR: u8 = 2;
/// The command line is wrong (clap exits with the same code on its own usage errors).
pub const USAGE: u8 = 2;

/// The exit code of an analysis run.
pub fn of_run(failed_inputs: usize, violating_messages: usize) -> u8 {
    if failed_inputs > 0 {
        INPUT_ERROR
    } else if violating_messages > 0 {
        POLICY_VIOLATED
    } else {
        OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(of_run(0, 0), 0);
        assert_eq!(of_run(0, 3), 1);
        assert_eq!(of_run(1, 0), 2);
        assert_eq!(of_run(1, 3), 2, "an unreadable input wins over a violation");
        assert_eq!(USAGE, INPUT_ERROR);
        assert_ne!(POLICY_VIOLATED, OK);
    }
}
