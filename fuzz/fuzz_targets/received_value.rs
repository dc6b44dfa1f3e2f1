//! One Received value (the text after `Received:`), read alone.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Values reach the core as text; invalid UTF-8 is replaced the way `analyze` replaces it.
    let value = String::from_utf8_lossy(data);
    hoptls_fuzz::invariants::check_received_value(&value);
});
