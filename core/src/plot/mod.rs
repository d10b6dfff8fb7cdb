//! Plot arithmetic the pages share, kept here so it is tested natively.

pub mod contour;
pub mod figure;
pub mod palette;
