//! The 48 objectives of the Databricks Certified Machine Learning Associate exam guide (edition
//! live as of 1 March 2025; `../shared/reference/exam_objectives.md`). Ids `S<section>.<nn>` are
//! Lakelab's; the wording follows public transcriptions of the guide. Section weights are
//! derived (objective counts / 48): the guide prints none, so the UI labels them approximate.

/// The guide's four sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    DatabricksMachineLearning = 1,
    DataProcessing = 2,
    ModelDevelopment = 3,
    ModelDeployment = 4,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::DatabricksMachineLearning,
        Section::DataProcessing,
        Section::ModelDevelopment,
        Section::ModelDeployment,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn name(self) -> &'static str {
        match self {
            Section::DatabricksMachineLearning => "Databricks Machine Learning",
            Section::DataProcessing => "Data Processing",
            Section::ModelDevelopment => "Model Development",
            Section::ModelDeployment => "Model Deployment",
        }
    }

    /// The section's objectives, in order.
    pub fn objectives(self) -> impl Iterator<Item = &'static Objective> {
        OBJECTIVES.iter().filter(move |o| o.section == self)
    }

    /// The derived weight: its share of the 48 objectives (about one question each).
    pub fn weight(self) -> f64 {
        self.objectives().count() as f64 / OBJECTIVES.len() as f64
    }
}

/// One exam objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Objective {
    pub id: &'static str,
    pub section: Section,
    pub text: &'static str,
}

const fn o(id: &'static str, section: Section, text: &'static str) -> Objective {
    Objective { id, section, text }
}

use Section::{
    DataProcessing as S2, DatabricksMachineLearning as S1, ModelDeployment as S4,
    ModelDevelopment as S3,
};

pub const OBJECTIVES: [Objective; 48] = [
    o("S1.01", S1, "Identify the best practices of an MLOps strategy"),
    o("S1.02", S1, "Identify the advantages of using ML runtimes"),
    o("S1.03", S1, "Identify how AutoML facilitates model/feature selection"),
    o("S1.04", S1, "Identify the advantages AutoML brings to the model development process"),
    o("S1.05", S1, "Identify the benefits of creating feature store tables at the account level in Unity Catalog in Databricks vs at the workspace level"),
    o("S1.06", S1, "Create a feature store table in Unity Catalog"),
    o("S1.07", S1, "Write data to a feature store table"),
    o("S1.08", S1, "Train a model with features from a feature store table"),
    o("S1.09", S1, "Score a model using features from a feature store table"),
    o("S1.10", S1, "Describe the differences between online and offline feature tables"),
    o("S1.11", S1, "Identify the best run using the MLflow Client API"),
    o("S1.12", S1, "Manually log metrics, artifacts, and models in an MLflow Run"),
    o("S1.13", S1, "Identify information available in the MLflow UI"),
    o("S1.14", S1, "Register a model using the MLflow Client API in the Unity Catalog registry"),
    o("S1.15", S1, "Identify benefits of registering models in the Unity Catalog registry over the workspace registry"),
    o("S1.16", S1, "Identify scenarios where promoting code is preferred over promoting models and vice versa"),
    o("S1.17", S1, "Set or remove a tag for a model"),
    o("S1.18", S1, "Promote a challenger model to a champion model using aliases"),
    o("S2.01", S2, "Compute summary statistics on a Spark DataFrame using .summary() or dbutils data summaries"),
    o("S2.02", S2, "Remove outliers from a Spark DataFrame based on standard deviation or IQR"),
    o("S2.03", S2, "Create visualizations for categorical or continuous features"),
    o("S2.04", S2, "Compare two categorical or two continuous features using the appropriate method"),
    o("S2.05", S2, "Compare and contrast imputing missing values with the mean or median or mode value"),
    o("S2.06", S2, "Impute missing values with the mode, mean, or median value"),
    o("S2.07", S2, "Use one-hot encoding for categorical features"),
    o("S2.08", S2, "Identify and explain the model types or data sets for which one-hot encoding is or is not appropriate"),
    o("S2.09", S2, "Identify scenarios where log scale transformation is appropriate"),
    o("S3.01", S3, "Use ML foundations to select the appropriate algorithm for a given model scenario"),
    o("S3.02", S3, "Identify methods to mitigate data imbalance in training data"),
    o("S3.03", S3, "Compare estimators and transformers"),
    o("S3.04", S3, "Develop a training pipeline"),
    o("S3.05", S3, "Use Hyperopt's fmin operation to tune a model's hyperparameters"),
    o("S3.06", S3, "Perform random or grid search or Bayesian search as a method for tuning hyperparameters"),
    o("S3.07", S3, "Parallelize single node models for hyperparameter tuning"),
    o("S3.08", S3, "Describe the benefits and downsides of using cross-validation over a train-validation split"),
    o("S3.09", S3, "Perform cross-validation as a part of model fitting"),
    o("S3.10", S3, "Identify the number of models being trained in conjunction with a grid-search and cross-validation process"),
    o("S3.11", S3, "Use common classification metrics: F1, Log Loss, ROC/AUC, etc."),
    o("S3.12", S3, "Use common regression metrics: RMSE, MAE, R-squared, etc."),
    o("S3.13", S3, "Choose the most appropriate metric for a given scenario objective"),
    o("S3.14", S3, "Identify the need to exponentiate log-transformed variables before calculating evaluation metrics or interpreting predictions"),
    o("S3.15", S3, "Assess the impact of model complexity and the bias variance tradeoff on model performance"),
    o("S4.01", S4, "Identify the differences and advantages of model serving approaches: batch, realtime, and streaming"),
    o("S4.02", S4, "Deploy a custom model to a model endpoint"),
    o("S4.03", S4, "Use pandas to perform batch inference"),
    o("S4.04", S4, "Identify how streaming inference is performed with Delta Live Tables"),
    o("S4.05", S4, "Deploy and query a model for realtime inference"),
    o("S4.06", S4, "Split data between endpoints for realtime inference"),
];

/// The objective with this id (`S1.06`).
pub fn objective(id: &str) -> Option<&'static Objective> {
    OBJECTIVES.iter().find(|o| o.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_ordered_and_name_their_section() {
        let counts: Vec<usize> = Section::ALL
            .iter()
            .map(|s| s.objectives().count())
            .collect();
        assert_eq!(counts, [18, 9, 15, 6]);
        for (i, o) in OBJECTIVES.iter().enumerate() {
            assert!(
                o.id.starts_with(&format!("S{}.", o.section.number())),
                "{o:?}"
            );
            if let Some(prev) = i.checked_sub(1).map(|p| OBJECTIVES[p].id) {
                assert!(prev < o.id, "{prev} then {}", o.id);
            }
        }
        assert_eq!(
            objective("S3.10").map(|o| o.section),
            Some(Section::ModelDevelopment)
        );
        assert!(objective("S5.01").is_none());
        let total: f64 = Section::ALL.iter().map(|s| s.weight()).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(Section::DatabricksMachineLearning.weight(), 0.375);
    }
}
