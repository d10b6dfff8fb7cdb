//! Notebooks as files: Databricks' source format (`.py`) and Jupyter's `.ipynb`, both ways,
//! so a learner's notebook runs unchanged on a real Databricks workspace and comes back.
//!
//! - Source format: the first line `# Databricks notebook source`, cells separated by
//!   `# COMMAND ----------`; a Markdown cell is `%md` with every line prefixed `# MAGIC `.
//! - `.ipynb` (nbformat 4.5): code cells, and Markdown cells for `%md` cells (without the
//!   `%md` line); outputs are not exported.
//!
//! In Lakelab, as in Databricks, a cell whose first line is `%md` is Markdown.

use serde_json::{json, Value};

pub const SOURCE_HEADER: &str = "# Databricks notebook source";
pub const SEPARATOR: &str = "# COMMAND ----------";

/// Whether a cell is Markdown (`%md` on its first line) and its Markdown text.
pub fn markdown(source: &str) -> Option<&str> {
    let (first, rest) = source.split_once('\n').unwrap_or((source, ""));
    (first.trim() == "%md").then_some(rest)
}

/// Databricks source format.
pub fn to_databricks_source(cells: &[String]) -> String {
    let mut out = format!("{SOURCE_HEADER}\n");
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("\n{SEPARATOR}\n\n"));
        }
        let body = if markdown(cell).is_some() {
            cell.lines()
                .map(|l| {
                    if l.is_empty() {
                        "# MAGIC".to_string()
                    } else {
                        format!("# MAGIC {l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            cell.trim_end_matches('\n').to_string()
        };
        out.push_str(&body);
        out.push('\n');
    }
    out
}

/// Cells from Databricks source format (`# MAGIC` lines lose their prefix).
pub fn from_databricks_source(text: &str) -> Result<Vec<String>, String> {
    let text = text.replace("\r\n", "\n");
    let body = text
        .strip_prefix(SOURCE_HEADER)
        .ok_or_else(|| format!("the file does not start with '{SOURCE_HEADER}'"))?;
    Ok(body
        .split(&format!("\n{SEPARATOR}\n"))
        .map(|cell| {
            let lines: Vec<String> = cell
                .trim_matches('\n')
                .lines()
                .map(|l| match l.strip_prefix("# MAGIC") {
                    Some(rest) => rest.strip_prefix(' ').unwrap_or(rest).to_string(),
                    None => l.to_string(),
                })
                .collect();
            lines.join("\n")
        })
        .collect())
}

fn source_lines(text: &str) -> Value {
    let lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    json!(lines)
}

/// Jupyter notebook (nbformat 4.5).
pub fn to_ipynb(name: &str, cells: &[String]) -> String {
    let cells: Vec<Value> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| match markdown(c) {
            Some(md) => json!({"cell_type": "markdown", "id": format!("cell-{i}"), "metadata": {}, "source": source_lines(md)}),
            None => json!({"cell_type": "code", "id": format!("cell-{i}"), "metadata": {}, "execution_count": null, "outputs": [], "source": source_lines(c)}),
        })
        .collect();
    let nb = json!({
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "lakelab": {"name": name},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    });
    serde_json::to_string_pretty(&nb).unwrap_or_default()
}

/// Cells from a Jupyter notebook (code and Markdown; raw cells are skipped).
pub fn from_ipynb(text: &str) -> Result<Vec<String>, String> {
    let nb: Value = serde_json::from_str(text).map_err(|e| format!("it is not JSON: {e}"))?;
    if nb.get("nbformat").and_then(Value::as_u64) != Some(4) {
        return Err("only Jupyter notebooks of format 4 are supported".into());
    }
    let cells = nb
        .get("cells")
        .and_then(Value::as_array)
        .ok_or("the notebook has no cells list")?;
    let mut out = Vec::new();
    for cell in cells {
        let text = match cell.get("source") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(parts)) => parts.iter().filter_map(Value::as_str).collect(),
            _ => String::new(),
        };
        match cell.get("cell_type").and_then(Value::as_str) {
            Some("code") => out.push(text),
            Some("markdown") => out.push(format!("%md\n{text}")),
            _ => {}
        }
    }
    Ok(out)
}

/// Cells from either format, by content.
pub fn import(text: &str) -> Result<Vec<String>, String> {
    if text.trim_start().starts_with('{') {
        from_ipynb(text)
    } else {
        from_databricks_source(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells() -> Vec<String> {
        vec![
            "%md\n# Churn model\n\nTrain and log.".to_string(),
            "import mlflow\nwith mlflow.start_run():\n    mlflow.log_metric('a', 1)".to_string(),
            "print('done')".to_string(),
        ]
    }

    #[test]
    fn databricks_source_round_trips() {
        let text = to_databricks_source(&cells());
        assert!(text.starts_with("# Databricks notebook source\n# MAGIC %md\n# MAGIC # Churn model\n# MAGIC\n# MAGIC Train and log.\n\n# COMMAND ----------\n\nimport mlflow\n"));
        assert_eq!(from_databricks_source(&text).unwrap(), cells());
        assert!(from_databricks_source("print(1)").is_err());
    }

    #[test]
    fn ipynb_round_trips() {
        let text = to_ipynb("nb", &cells());
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["cells"][0]["cell_type"], "markdown");
        assert_eq!(v["cells"][1]["source"][0], "import mlflow\n");
        assert_eq!(from_ipynb(&text).unwrap(), cells());
        assert_eq!(import(&text).unwrap(), cells());
        assert!(from_ipynb("{\"nbformat\": 3}").is_err());
    }
}
