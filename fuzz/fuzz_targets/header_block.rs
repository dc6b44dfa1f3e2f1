//! A whole input read as a message: any bytes, as a file or a paste could hold them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hoptls_fuzz::invariants::check_message(data);
});
