#![no_main]
//! See src/fuzz.rs: catool::fuzz::pdf.
libfuzzer_sys::fuzz_target!(|data: &[u8]| catool::fuzz::pdf(data));
