//! The built-in curriculum (questions and exercises from `content/`, embedded in the core at
//! build time), parsed once on first use. The test suite validates it, so problems cannot
//! occur in a release; a broken file would only drop its own items.

use std::sync::OnceLock;

use lakelab_core::curriculum::content::Bank;

pub fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::embedded().0)
}
