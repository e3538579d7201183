#![no_main]
//! See src/fuzz.rs: catool::fuzz::batch_csv.
libfuzzer_sys::fuzz_target!(|data: &[u8]| catool::fuzz::batch_csv(data));
