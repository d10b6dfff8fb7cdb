//! Running cells in tests: a fresh workspace, a fixed clock, one session.

pub mod stored;

use lakelab_core::notebook::{run_cell, CellResult, Env, Session};
use lakelab_core::Workspace;

pub struct Lab {
    pub ws: Workspace,
    pub session: Session,
    pub now: i64,
}

impl Lab {
    pub fn new() -> Self {
        Self {
            ws: Workspace::default(),
            session: Session::new(42),
            now: 1_764_160_245_000,
        }
    }

    /// Runs a cell; the clock moves 1 ms per reading.
    pub fn run(&mut self, code: &str) -> CellResult {
        let mut now = self.now;
        let result = {
            let mut clock = || {
                now += 1;
                now
            };
            let env = Env {
                clock: &mut clock,
                user: "learner@lakelab".into(),
                file_name: "<cell>".into(),
            };
            run_cell(&mut self.ws, &mut self.session, env, code)
        };
        self.now = now;
        result
    }

    /// Runs a cell that must succeed; returns what it printed.
    pub fn ok(&mut self, code: &str) -> String {
        let r = self.run(code);
        if let Some(e) = &r.error {
            panic!("cell failed:\n{code}\n---\n{}", e.traceback);
        }
        r.stdout()
    }

    /// Runs a cell that must fail; returns `Type: message`. Not every test file uses it.
    #[allow(dead_code)]
    pub fn err(&mut self, code: &str) -> String {
        let r = self.run(code);
        match r.error {
            Some(e) => e.error.headline(),
            None => panic!(
                "cell should have failed:\n{code}\n---\nprinted: {}",
                r.stdout()
            ),
        }
    }
}

impl Lab {
    /// Mounts the bundled datasets (`public/datasets/`) as the app does. Not every test file
    /// uses it.
    #[allow(dead_code)]
    pub fn with_datasets(mut self) -> Self {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/datasets");
        let files = lakelab_core::datasets::DATASETS.iter().map(|d| {
            let bytes = std::fs::read(root.join(d.file)).expect("a bundled dataset file");
            (d.file.to_string(), bytes)
        });
        self.session.datasets = lakelab_core::datasets::mount(files);
        self
    }

    /// The fixture the study guide's snippets name: a trained `model` in the notebook (a
    /// logistic regression on `age` and `spend`; Lakelab's training will make such models).
    /// Not every test file uses it.
    #[allow(dead_code)]
    pub fn with_trained_model(mut self) -> Self {
        use lakelab_core::models::{LinearModel, Link, SavedModel};
        use lakelab_core::notebook::bindings::models::ModelObj;
        use lakelab_core::notebook::value::Value;
        let model = SavedModel::Linear(LinearModel {
            features: vec!["age".into(), "spend".into()],
            coefficients: vec![0.5, -0.1],
            intercept: -10.0,
            link: Link::Logistic {
                negative: serde_json::json!(0),
                positive: serde_json::json!(1),
            },
        });
        self.session
            .globals
            .insert("model".into(), Value::object(ModelObj(model)));
        self
    }

    /// [`Lab::with_trained_model`] registered twice as `main.ml_models.churn` (versions 1 and
    /// 2, each logged with an input example, so with a signature on `age` and `spend`); `X`
    /// is that example. Not every test file uses it.
    #[allow(dead_code)]
    pub fn with_registered_churn(self) -> Self {
        let mut lab = self.with_trained_model();
        lab.ws
            .unity
            .create_schema("main.ml_models", "", false, 0)
            .expect("schema fixture");
        for _ in 0..2 {
            lab.ok("import mlflow\nimport pandas as pd\nX = pd.DataFrame({'age': [30, 10], 'spend': [5.0, 1.0]})\nwith mlflow.start_run() as r:\n    info = mlflow.sklearn.log_model(model, 'model', input_example=X)\nmlflow.register_model(info.model_uri, 'main.ml_models.churn')");
        }
        lab
    }
}
