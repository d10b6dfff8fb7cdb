//! What the AutoML page can train on: the bundled datasets shaped for AutoML (churn
//! customers joined with their labels, house prices) and the workspace's feature tables.

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
}

/// The bundled datasets and the feature tables the current principal can read.
pub fn sources(unity: &Unity) -> Vec<Source> {
    let mut out = vec![
        Source {
            id: "bundled:churn".into(),
            label: "Churn: customers.csv joined with churn_labels.csv (classification)".into(),
            suggested: Some((Task::Classification, "churn".into())),
        },
        Source {
            id: "bundled:housing".into(),
            label: "House prices: house_prices.csv (regression)".into(),
            suggested: Some((Task::Regression, "price".into())),
        },
    ];
    out.extend(feature_tables(unity, "").into_iter().map(|t| Source {
        id: format!("table:{}", t.name),
        label: format!("Feature table {} ({} rows)", t.name, t.rows),
        suggested: None,
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
