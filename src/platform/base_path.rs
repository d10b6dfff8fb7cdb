//! The sub-path the app is hosted under (`/` or e.g. `/lakelab/`).
//!
//! Trunk writes `--public-url` into `<base href>`; the router and the service worker read it
//! here so a build for `/lakelab/` routes and caches under `/lakelab/`.

/// The router base: `""` at the site root, `"/lakelab"` under a sub-path (no trailing slash).
pub fn router_base() -> String {
    let path = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|url| url.pathname())
        .unwrap_or_default();
    base_from_path(&path)
}

/// `"/"` → `""`, `"/lakelab/"` → `"/lakelab"`, `"/lakelab/index.html"` → `"/lakelab"`.
pub fn base_from_path(path: &str) -> String {
    let dir = match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    };
    dir.trim_end_matches('/').to_string()
}

/// An in-app path (`"/learn"`) as a link target under the hosting sub-path
/// (`"/lakelab/learn"`): leptos_router 0.8's `<A>` leaves absolute hrefs without the base.
pub fn app_href(path: &str) -> String {
    format!("{}{}", router_base(), path)
}
