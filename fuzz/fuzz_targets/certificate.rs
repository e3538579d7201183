#![no_main]
//! See src/fuzz.rs: catool::fuzz::certificate.
libfuzzer_sys::fuzz_target!(|data: &[u8]| catool::fuzz::certificate(data));
