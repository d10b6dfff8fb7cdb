//! How the artifact browser shows a file: its kind and media type by name, and CSV rows for
//! the table preview.

/// What the preview pane does with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewKind {
    Text,
    Json,
    Csv,
    Png,
    Svg,
    /// No preview: offer the download only.
    None,
}

fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The preview for a file, by its name (MLflow's viewer previews the same families).
pub fn preview_kind(path: &str) -> PreviewKind {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "MLmodel" {
        return PreviewKind::Text;
    }
    match extension(path).as_str() {
        "json" => PreviewKind::Json,
        "csv" | "tsv" => PreviewKind::Csv,
        "png" => PreviewKind::Png,
        "svg" => PreviewKind::Svg,
        "txt" | "log" | "md" | "py" | "yaml" | "yml" | "html" | "sql" | "r" | "sh" | "toml"
        | "cfg" | "ini" => PreviewKind::Text,
        _ => PreviewKind::None,
    }
}

/// The media type a download or an image preview is given.
pub fn media_type(path: &str) -> &'static str {
    match preview_kind(path) {
        PreviewKind::Json => "application/json",
        PreviewKind::Csv => "text/csv",
        PreviewKind::Png => "image/png",
        PreviewKind::Svg => "image/svg+xml",
        PreviewKind::Text => "text/plain",
        PreviewKind::None => "application/octet-stream",
    }
}

/// Up to `max_rows` records of CSV text (RFC 4180: quoted fields, doubled quotes, line
/// breaks inside quotes), plus whether more followed. `delimiter` is `,` or tab.
pub fn csv_rows(text: &str, delimiter: char, max_rows: usize) -> (Vec<Vec<String>>, bool) {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, c) if c == delimiter => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                if rows.len() == max_rows {
                    return (rows, true);
                }
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        if rows.len() == max_rows {
            return (rows, true);
        }
        rows.push(row);
    }
    (rows, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        assert_eq!(preview_kind("model/MLmodel"), PreviewKind::Text);
        assert_eq!(preview_kind("a/b.JSON"), PreviewKind::Json);
        assert_eq!(preview_kind("plots/roc.png"), PreviewKind::Png);
        assert_eq!(preview_kind("x.svg"), PreviewKind::Svg);
        assert_eq!(preview_kind("config.yaml"), PreviewKind::Text);
        assert_eq!(preview_kind("model.pkl"), PreviewKind::None);
        assert_eq!(media_type("x.svg"), "image/svg+xml");
    }

    #[test]
    fn csv_with_quotes_and_limits() {
        let text = "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",2\r\nlast,3";
        let (rows, more) = csv_rows(text, ',', 10);
        assert!(!more);
        assert_eq!(rows[1], ["x, y", "say \"hi\""]);
        assert_eq!(rows[2], ["multi\nline", "2"]);
        assert_eq!(rows[3], ["last", "3"]);
        let (rows, more) = csv_rows(text, ',', 2);
        assert_eq!(rows.len(), 2);
        assert!(more);
    }
}
