#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    knte::fuzz_targets::pdf_layout(data);
});
