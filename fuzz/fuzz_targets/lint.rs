//! Any bytes → load → lint → every `jmap lint --format`, plus a baseline round trip.
//! Nothing may panic, every format must be writable, and a few invariants must hold.
#![no_main]

mod check;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check::lint_everything(data.to_vec(), &jmap::config::Config::default());
});
