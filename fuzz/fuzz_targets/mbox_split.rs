//! Splitting an mbox held in memory, checked against a reader that holds a few bytes a line.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks how much of each line the bounded reader holds (5 to 20 bytes).
    let Some((&cap, input)) = data.split_first() else {
        return;
    };
    hoptls_fuzz::invariants::check_mbox_split(input, 5 + usize::from(cap % 16));
});
