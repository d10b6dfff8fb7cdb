//! What the AutoML page can train on: the bundled datasets shaped for AutoML (churn
//! customers joined with their labels, house prices, daily store sales for forecasting), the
//! workspace's feature tables, and a CSV file the learner uploads ([`from_upload`]).

use crate::catalog::Unity;
use crate::datasets::{mount_path, Mounted};
use crate::features::browse::feature_tables;
use crate::ml::estimator::Task;
use crate::table::csv::{parse, CsvOptions};
use crate::table::join::{join, How};
use crate::table::Table;

/// A dataset the page offers, with the target and problem type it suggests.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// `bundled:<id>` or `table:<catalog.schema.table>`.
    pub id: String,
    pub label: String,
    pub suggested: Option<(Task, String)>,
    /// A time series: the suggested forecast (the page then picks `automl.forecast`).
    pub time_series: Option<SeriesHint>,
}

/// What the page fills in for `automl.forecast` on a bundled time series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesHint {
    pub time_col: String,
    pub identity_col: Option<String>,
    /// A pandas frequency alias (`frequency=`).
    pub frequency: String,
    pub horizon: i64,
}

/// The bundled datasets and the feature tables the current principal can read.
pub fn sources(unity: &Unity) -> Vec<Source> {
    let mut out = vec![
        Source {
            id: "bundled:churn".into(),
            label: "Churn: customers.csv joined with churn_labels.csv (classification)".into(),
            suggested: Some((Task::Classification, "churn".into())),
            time_series: None,
        },
        Source {
            id: "bundled:housing".into(),
            label: "House prices: house_prices.csv (regression)".into(),
            suggested: Some((Task::Regression, "price".into())),
            time_series: None,
        },
        Source {
            id: "bundled:sales".into(),
            label: "Store sales: daily_sales.csv (forecasting)".into(),
            suggested: Some((Task::Regression, "sales".into())),
            time_series: Some(SeriesHint {
                time_col: "date".into(),
                identity_col: Some("store".into()),
                frequency: "D".into(),
                horizon: 7,
            }),
        },
    ];
    out.extend(feature_tables(unity, "").into_iter().map(|t| Source {
        id: format!("table:{}", t.name),
        label: format!("Feature table {} ({} rows)", t.name, t.rows),
        suggested: None,
        time_series: None,
    }));
    out
}

fn csv(mounted: &Mounted, file: &str) -> Result<Table, String> {
    let bytes = mounted.get(&mount_path(file)).ok_or_else(|| {
        format!("the bundled dataset {file} has not loaded; reload the page while online once")
    })?;
    parse(&String::from_utf8_lossy(bytes), &CsvOptions::default()).map_err(|e| e.to_string())
}

/// The table of a source and the dataset name AutoML records (the experiment's name uses
/// its last part).
pub fn load(id: &str, mounted: &Mounted, unity: &Unity) -> Result<(Table, String), String> {
    match id {
        "bundled:churn" => {
            let customers = csv(mounted, "churn/customers.csv")?;
            let labels = csv(mounted, "churn/churn_labels.csv")?;
            let joined = join(
                &customers,
                &labels,
                &["customer_id".to_string()],
                How::Inner,
                true,
                None,
            )
            .map_err(|e| e.to_string())?;
            Ok((joined, "churn".into()))
        }
        "bundled:housing" => Ok((
            csv(mounted, "housing/house_prices.csv")?,
            "house_prices".into(),
        )),
        "bundled:sales" => Ok((csv(mounted, "sales/daily_sales.csv")?, "daily_sales".into())),
        other => match other.strip_prefix("table:") {
            Some(name) => {
                let full = crate::catalog::names::FullName::parse(name, "table")
                    .map_err(|e| e.to_string())?;
                let t = unity.read_table(&full, None).map_err(|e| e.to_string())?;
                Ok(((*t).clone(), name.to_string()))
            }
            None => Err(format!("unknown dataset '{other}'")),
        },
    }
}

/// Largest CSV the AutoML page reads (the data is held, and copied to the worker, in memory).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// A CSV file the learner uploads: header row, types inferred (as
/// `spark.read.csv(path, header=True, inferSchema=True)`). The dataset name AutoML records is
/// the file's stem, lower-cased, with characters a table name cannot hold replaced by `_`.
pub fn from_upload(file_name: &str, text: &str) -> Result<(Table, String), String> {
    if text.len() > MAX_UPLOAD_BYTES {
        return Err(format!(
            "{file_name} is larger than 20 MB, too large for AutoML in a browser tab"
        ));
    }
    let table = parse(text, &CsvOptions::default()).map_err(|e| format!("{file_name}: {e}"))?;
    if table.names().len() < 2 {
        return Err(format!(
            "{file_name} has {} column(s): AutoML needs a target column and at least one feature (is the file comma-separated with a header row?)",
            table.names().len()
        ));
    }
    if table.num_rows() == 0 {
        return Err(format!("{file_name} has a header but no rows"));
    }
    let stem = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .trim_end_matches(".csv")
        .to_lowercase();
    let name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    Ok((table, name))
}
