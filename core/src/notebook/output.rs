//! What a cell produces: printed text, rich displays (tables), and an error with its
//! traceback.

use super::error::PyErr;

/// A rich rendering of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Display {
    /// A table: column names and rows of cell texts; `total_rows` may exceed the rows kept.
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
        total_rows: usize,
    },
    /// A figure as an SVG document.
    Svg(String),
    /// A Markdown cell's text (`%md`), shown rendered.
    Markdown(String),
}

/// One item of a cell's output, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Text printed to stdout.
    Text(String),
    /// `display(x)`, or the repr of the last expression (`Out`).
    Value(String),
    Rich(Display),
}

/// The result of running a cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CellResult {
    pub outputs: Vec<Output>,
    pub error: Option<CellError>,
}

/// An uncaught exception, ready to show: Python's traceback text and the line to highlight.
#[derive(Debug, Clone, PartialEq)]
pub struct CellError {
    pub error: PyErr,
    pub traceback: String,
}

impl CellResult {
    /// Everything printed, as one string (what a script run prints to stdout).
    pub fn stdout(&self) -> String {
        self.outputs
            .iter()
            .map(|o| match o {
                Output::Text(t) => t.clone(),
                Output::Value(v) => format!("{v}\n"),
                Output::Rich(Display::Table { columns, rows, .. }) => {
                    let mut s = columns.join("\t");
                    s.push('\n');
                    for r in rows {
                        s.push_str(&r.join("\t"));
                        s.push('\n');
                    }
                    s
                }
                Output::Rich(Display::Svg(_)) => "<Figure>\n".into(),
                Output::Rich(Display::Markdown(md)) => format!("{md}\n"),
            })
            .collect()
    }
}
