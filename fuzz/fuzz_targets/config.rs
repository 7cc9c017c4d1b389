//! Any text → `.jmap.yaml` parser. A bad config must be a located error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = jmap::config::parse(std::path::Path::new(".jmap.yaml"), text);
    }
});
