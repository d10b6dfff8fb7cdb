//! Charts as files: an on-page SVG made standalone (the stylesheet's colours copied onto each
//! element, a background added), and the same rendered to PNG through a canvas.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlCanvasElement, HtmlImageElement};

/// Presentation properties the charts take from CSS.
const PROPERTIES: [&str; 6] = [
    "fill",
    "stroke",
    "stroke-width",
    "font-size",
    "font-family",
    "opacity",
];

/// The SVG's markup with computed styles inlined, so it looks the same outside the page.
pub fn standalone_svg(svg: &Element) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let copy: Element = svg
        .clone_node_with_deep(true)
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    let originals = svg.query_selector_all("*").map_err(|e| format!("{e:?}"))?;
    let copies = copy.query_selector_all("*").map_err(|e| format!("{e:?}"))?;
    for i in 0..originals.length() {
        let (Some(orig), Some(dup)) = (originals.item(i), copies.item(i)) else {
            continue;
        };
        let (Ok(orig), Ok(dup)) = (orig.dyn_into::<Element>(), dup.dyn_into::<Element>()) else {
            continue;
        };
        if let Ok(Some(style)) = window.get_computed_style(&orig) {
            for prop in PROPERTIES {
                if let Ok(value) = style.get_property_value(prop) {
                    if !value.is_empty() {
                        let _ = dup.set_attribute(prop, &value);
                    }
                }
            }
        }
        dup.remove_attribute("class").ok();
    }
    // The page's surface colour as background (charts are transparent on the page).
    if let (Ok(Some(style)), Some(document)) = (window.get_computed_style(svg), window.document()) {
        let background = style
            .get_property_value("background-color")
            .unwrap_or_default();
        if let Ok(rect) = document.create_element_ns(Some("http://www.w3.org/2000/svg"), "rect") {
            for (k, v) in [
                ("x", "0"),
                ("y", "0"),
                ("width", "100%"),
                ("height", "100%"),
            ] {
                let _ = rect.set_attribute(k, v);
            }
            let _ = rect.set_attribute("fill", &background);
            let _ = copy.insert_before(&rect, copy.first_child().as_ref());
        }
    }
    copy.remove_attribute("class").ok();
    Ok(copy.outer_html())
}

/// Renders standalone SVG markup to a PNG data URL of `width` × `height` pixels.
pub async fn png_data_url(svg_text: &str, width: u32, height: u32) -> Result<String, String> {
    let err = |e: JsValue| format!("{e:?}");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(svg_text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let image = HtmlImageElement::new().map_err(err)?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.map_err(err)?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(err)?
        .unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(err)?
        .ok_or("no 2d canvas")?
        .unchecked_into();
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            &image,
            0.0,
            0.0,
            width as f64,
            height as f64,
        )
        .map_err(err)?;
    canvas.to_data_url_with_type("image/png").map_err(err)
}
