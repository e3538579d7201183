#![no_main]
//! See src/fuzz.rs: catool::fuzz::seal_image_input.
libfuzzer_sys::fuzz_target!(|data: &[u8]| catool::fuzz::seal_image_input(data));
