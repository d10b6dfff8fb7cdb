//! A Markdown cell, rendered from its text with a small block reader: headings, bullet lists,
//! code fences, paragraphs, and `inline code`. Built from elements (never HTML strings), so
//! nothing in a cell can inject markup.

use leptos::prelude::*;

/// Text with `code` spans.
fn inline(text: &str) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_string();
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                view! { <span>{part}</span> }.into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn MarkdownView(text: String) -> impl IntoView {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<String>> = None;
    let flush = |blocks: &mut Vec<AnyView>, paragraph: &mut Vec<String>, list: &mut Vec<String>| {
        if !paragraph.is_empty() {
            let text = paragraph.join(" ");
            blocks.push(view! { <p>{inline(&text)}</p> }.into_any());
            paragraph.clear();
        }
        if !list.is_empty() {
            let items = list
                .drain(..)
                .map(|i| view! { <li>{inline(&i)}</li> })
                .collect_view();
            blocks.push(view! { <ul>{items}</ul> }.into_any());
        }
    };
    for line in text.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                let body = lines.join("\n");
                blocks.push(view! { <pre class="code">{body}</pre> }.into_any());
                code = None;
            } else {
                lines.push(line.to_string());
            }
            continue;
        }
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut blocks, &mut paragraph, &mut list);
            code = Some(Vec::new());
        } else if let Some(h) = t.strip_prefix("### ") {
            flush(&mut blocks, &mut paragraph, &mut list);
            blocks.push(view! { <h5>{inline(h)}</h5> }.into_any());
        } else if let Some(h) = t.strip_prefix("## ") {
            flush(&mut blocks, &mut paragraph, &mut list);
            blocks.push(view! { <h4>{inline(h)}</h4> }.into_any());
        } else if let Some(h) = t.strip_prefix("# ") {
            flush(&mut blocks, &mut paragraph, &mut list);
            blocks.push(view! { <h3>{inline(h)}</h3> }.into_any());
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            if !paragraph.is_empty() {
                let text = paragraph.join(" ");
                blocks.push(view! { <p>{inline(&text)}</p> }.into_any());
                paragraph.clear();
            }
            list.push(item.to_string());
        } else if t.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut list);
        } else {
            paragraph.push(t.to_string());
        }
    }
    if let Some(lines) = code {
        let body = lines.join("\n");
        blocks.push(view! { <pre class="code">{body}</pre> }.into_any());
    }
    flush(&mut blocks, &mut paragraph, &mut list);
    view! { <div class="markdown">{blocks}</div> }
}
