//! `uniffi-bindgen`, pinned to the uniffi version the library is built with; `cargo xtask
//! bindings` drives it.

fn main() {
    uniffi::uniffi_bindgen_main()
}
