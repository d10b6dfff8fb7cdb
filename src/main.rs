//! In the browser: the Lakelab app. Natively: the `lakelab` command line (see `cli.rs`).

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod cli_content;

fn main() {
    #[cfg(target_arch = "wasm32")]
    lakelab::start();
    #[cfg(not(target_arch = "wasm32"))]
    std::process::exit(cli::main(std::env::args().skip(1).collect()));
}
