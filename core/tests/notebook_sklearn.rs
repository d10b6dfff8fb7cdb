//! scikit-learn from cells: estimators and transformers with their real names and defaults,
//! pipelines with a ColumnTransformer, model selection, metrics, and logging the fitted
//! pipeline with MLflow.

mod notebook_support;
use notebook_support::Lab;

const DATA: &str = r#"
import pandas as pd
customers = spark.read.csv("/databricks-datasets/lakelab/churn/customers.csv", header=True, inferSchema=True)
labels = spark.read.csv("/databricks-datasets/lakelab/churn/churn_labels.csv", header=True, inferSchema=True)
pdf = customers.join(labels, on="customer_id").toPandas()
X = pdf.drop(columns=["customer_id", "churn"])
y = pdf["churn"]
"#;

fn lab() -> Lab {
    let mut lab = Lab::new().with_datasets();
    lab.ok(DATA);
    lab
}

#[test]
fn a_pipeline_with_a_column_transformer_trains_predicts_and_scores() {
    let mut lab = lab();
    let out = lab.ok(
        r#"from sklearn.model_selection import train_test_split
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.impute import SimpleImputer
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
print(len(X_train), len(X_test), len(y_train), len(y_test))
numeric = ["age", "tenure_months", "monthly_spend", "num_support_calls"]
categorical = ["contract", "region"]
pre = ColumnTransformer([
    ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
    ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
])
model = Pipeline([("pre", pre), ("clf", RandomForestClassifier(n_estimators=30, max_depth=6, random_state=0))])
print(model)
model.fit(X_train, y_train)
pred = model.predict(X_test)
proba = [p[1] for p in model.predict_proba(X_test)]
print(len(pred), model.classes_, model.named_steps["clf"].classes_)
print(accuracy_score(y_test, pred) == model.score(X_test, y_test))
print(0.55 < roc_auc_score(y_test, proba) <= 1.0, 0.0 <= f1_score(y_test, pred) <= 1.0)
names = model.named_steps["pre"].get_feature_names_out() if False else pre.fit(X_train).get_feature_names_out()
print(names[:2], names[4:6])
print(model.get_params()["clf__n_estimators"], model.set_params(clf__n_estimators=10).get_params()["clf__n_estimators"])
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "1600 400 1600 400", "{out}");
    assert!(lines[1].starts_with("Pipeline([('pre', ColumnTransformer([('num', Pipeline([('impute', SimpleImputer(strategy='median')), ('scale', StandardScaler())]), ['age', 'tenure_months', 'monthly_spend', 'num_support_calls']), ('cat', OneHotEncoder(handle_unknown='ignore'), ['contract', 'region'])])), ('clf', RandomForestClassifier(n_estimators=30, max_depth=6, random_state=0))])"), "{out}");
    assert_eq!(&lines[2..], [
        "400 [0, 1] [0, 1]",
        "True",
        "True True",
        "['num__age', 'num__tenure_months'] ['cat__contract_monthly', 'cat__contract_two_year']",
        "30 10",
    ], "{out}");
}

#[test]
fn estimators_and_transformers_follow_scikit_learn() {
    let mut lab = lab();
    let out = lab.ok(
        r#"from sklearn.linear_model import LinearRegression, Ridge, LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeRegressor
lr = LinearRegression().fit([[1.0], [2.0], [3.0], [4.0]], [3.0, 5.0, 7.0, 9.0])
print(round(lr.coef_[0], 6), round(lr.intercept_, 6), lr.predict([[10.0]]))
print(Ridge(alpha=2.0).get_params(), LogisticRegression())
scaled = StandardScaler().fit_transform(X[["age"]])
print(type(scaled).__name__, list(scaled.columns), abs(scaled["age"].mean()) < 1e-9)
tree = DecisionTreeRegressor(max_depth=1).fit([[1], [2], [10], [11]], [1.0, 1.0, 5.0, 5.0])
print(tree.predict([[0], [20]]))
"#,
    );
    assert_eq!(
        out,
        "2.0 1.0 [21.0]\n{'alpha': 2.0} LogisticRegression()\nDataFrame ['age'] True\n[1.0, 5.0]\n",
        "{out}"
    );
    // Wrong calls raise scikit-learn's errors.
    let e =
        lab.err("from sklearn.tree import DecisionTreeClassifier\nDecisionTreeClassifier(depth=3)");
    assert_eq!(
        e,
        "TypeError: DecisionTreeClassifier.__init__() got an unexpected keyword argument 'depth'"
    );
    let e = lab.err("DecisionTreeClassifier().predict(X)");
    assert!(
        e.contains("NotFittedError: This DecisionTreeClassifier instance is not fitted yet"),
        "{e}"
    );
    let e = lab.err("DecisionTreeClassifier().fit(X, y)");
    assert!(
        e.starts_with("ValueError: could not convert string to float: "),
        "{e}"
    );
    let e = lab.err("Ridge().set_params(beta=1)");
    assert!(
        e.starts_with("ValueError: Invalid parameter 'beta' for estimator Ridge()"),
        "{e}"
    );
    let e = lab.err("from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder().fit(X[['region']]).transform(pd.DataFrame({'region': ['mars']}))");
    assert!(e.contains("Found unknown categories ['mars']"), "{e}");
}

#[test]
fn model_selection_counts_its_fits_and_mlflow_logs_the_pipeline() {
    let mut lab = lab();
    let out = lab.ok(
        r#"import mlflow
from sklearn.model_selection import cross_val_score, GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier
Xn = X[["age", "tenure_months", "monthly_spend", "num_support_calls"]]
scores = cross_val_score(DecisionTreeClassifier(max_depth=3), Xn, y, cv=4, scoring="roc_auc")
print(len(scores), all(0.4 < s <= 1.0 for s in scores))
pipe = make_pipeline(DecisionTreeClassifier())
print([name for name, _ in pipe.steps])
search = GridSearchCV(pipe, {"decisiontreeclassifier__max_depth": [2, 4], "decisiontreeclassifier__min_samples_leaf": [1, 20]}, cv=3, verbose=1)
search.fit(Xn, y)
print(sorted(search.best_params_.keys()), len(search.cv_results_["mean_test_score"]), search.n_splits_)
print(search.best_score_ == max(search.cv_results_["mean_test_score"]))
with mlflow.start_run() as run:
    info = mlflow.sklearn.log_model(search.best_estimator_, "model", input_example=Xn.head(3))
loaded = mlflow.sklearn.load_model(info.model_uri)
print(type(loaded).__name__, loaded.predict(Xn.head(3)) == search.predict(Xn.head(3)))
pyfunc = mlflow.pyfunc.load_model(info.model_uri)
print(pyfunc.predict(Xn.head(3)) == search.predict(Xn.head(3)))
"#,
    );
    assert_eq!(
        out,
        "4 True\n['decisiontreeclassifier']\nFitting 3 folds for each of 4 candidates, totalling 12 fits\n['decisiontreeclassifier__max_depth', 'decisiontreeclassifier__min_samples_leaf'] 4 3\nTrue\nPipeline True\nTrue\n",
        "{out}"
    );
}

#[test]
fn autolog_logs_params_training_metrics_and_the_model() {
    let mut lab = lab();
    let out = lab.ok(
        r#"import mlflow
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeRegressor
mlflow.sklearn.autolog()
Xn = X[["age", "tenure_months", "monthly_spend", "num_support_calls"]]
clf = LogisticRegression(C=0.5).fit(Xn, y)
run = mlflow.last_active_run()
print(run.info.status, run.data.params["C"], run.data.tags["estimator_name"], run.data.tags["estimator_class"])
print(sorted(k for k in run.data.metrics))
print(run.data.metrics["training_score"] == clf.score(Xn, y))
loaded = mlflow.sklearn.load_model(f"runs:/{run.info.run_id}/model")
print(loaded.predict(Xn.head(4)) == clf.predict(Xn.head(4)))
with mlflow.start_run() as outer:
    DecisionTreeRegressor(max_depth=2).fit(Xn, X["monthly_spend"])
print(sorted(k for k in mlflow.get_run(outer.info.run_id).data.metrics))
mlflow.autolog(disable=True)
n = len(mlflow.search_runs())
LogisticRegression().fit(Xn, y)
print(len(mlflow.search_runs()) == n)
"#,
    );
    assert_eq!(
        out,
        "FINISHED 0.5 LogisticRegression sklearn.linear_model.LogisticRegression\n['training_accuracy_score', 'training_f1_score', 'training_log_loss', 'training_precision_score', 'training_recall_score', 'training_roc_auc', 'training_score']\nTrue\nTrue\n['training_mean_absolute_error', 'training_mean_squared_error', 'training_r2_score', 'training_root_mean_squared_error', 'training_score']\nTrue\n",
        "{out}"
    );
}

#[test]
fn naive_bayes_and_nearest_neighbours_train_in_pipelines() {
    let mut lab = lab();
    let out = lab.ok(
        r#"from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
import sklearn
num = X[["age", "tenure_months", "monthly_spend", "num_support_calls"]].fillna(0)
X_train, X_test, y_train, y_test = train_test_split(num, y, test_size=0.25, random_state=1, stratify=y)
nb = make_pipeline(StandardScaler(), GaussianNB()).fit(X_train, y_train)
knn = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=15)).fit(X_train, y_train)
print(GaussianNB(), KNeighborsClassifier(weights="distance"))
print(0.5 < nb.score(X_test, y_test) <= 1.0, 0.5 < knn.score(X_test, y_test) <= 1.0)
print(len(knn.predict_proba(X_test)), sum(knn.predict_proba(X_test)[0]))
print(KNeighborsClassifier().get_params()["n_neighbors"], sklearn.neighbors.KNeighborsRegressor)
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "GaussianNB() KNeighborsClassifier(weights='distance')",
            "True True",
            "500 1.0",
            "5 <class 'sklearn.neighbors.KNeighborsRegressor'>",
        ],
        "{out}"
    );
    let err = lab.err("KNeighborsClassifier(weights='far').fit(X_train, y_train)");
    assert!(
        err.contains("ValueError: The 'weights' parameter of KNeighborsClassifier must be a str among {'distance', 'uniform'}"),
        "{err}"
    );
    let err = lab.err("KNeighborsRegressor(n_neighbors=5000).fit(X_train, X_train['age'])");
    assert!(
        err.contains("Expected n_neighbors <= n_samples_fit, but n_neighbors = 5000"),
        "{err}"
    );
}

#[test]
fn roc_and_precision_recall_curves_come_back_as_scikit_learn_orders_them() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from sklearn.metrics import roc_curve, precision_recall_curve
y = ["no", "no", "yes", "yes", "no", "yes", "no", "yes"]
s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.3]
fpr, tpr, thresholds = roc_curve(y, s)
print(fpr, tpr, thresholds[1:])
print(len(roc_curve(y, s, drop_intermediate=False)[0]))
precision, recall, t = precision_recall_curve(y, s)
print(precision[-1], recall[-1], len(precision) == len(t) + 1, t[0])
"#,
    );
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "[0.0, 0.0, 0.0, 0.5, 0.5, 1.0] [0.0, 0.25, 0.5, 0.5, 1.0, 1.0] [0.9, 0.8, 0.4, 0.3, 0.1]",
            "8",
            "1.0 0.0 True 0.1",
        ],
        "{out}"
    );
    let err = lab.err("roc_curve([0, 1, 2], [0.1, 0.2, 0.3])");
    assert!(
        err.contains("ValueError: roc_curve is only defined for a binary y_true"),
        "{err}"
    );
}

#[test]
fn gradient_boosting_trains_and_reports_its_parameters() {
    let mut lab = lab();
    let out = lab.ok(
        r#"from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
from sklearn.model_selection import train_test_split
num = X[["age", "tenure_months", "monthly_spend", "num_support_calls"]].fillna(0)
X_train, X_test, y_train, y_test = train_test_split(num, y, test_size=0.25, random_state=1, stratify=y)
gb = GradientBoostingClassifier(n_estimators=40, max_depth=2, random_state=0).fit(X_train, y_train)
print(gb, gb.get_params()["learning_rate"], gb.get_params()["loss"])
print(0.5 < gb.score(X_test, y_test) <= 1.0)
again = GradientBoostingClassifier(n_estimators=40, max_depth=2, random_state=0).fit(X_train, y_train)
print(again.predict_proba(X_test)[:5] == gb.predict_proba(X_test)[:5])
r = GradientBoostingRegressor(n_estimators=30).fit(X_train[["age", "tenure_months"]], X_train["monthly_spend"])
print(len(r.predict(X_test[["age", "tenure_months"]])))
"#,
    );
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "GradientBoostingClassifier(n_estimators=40, max_depth=2, random_state=0) 0.1 log_loss",
            "True",
            "True",
            "500",
        ],
        "{out}"
    );
    let err = lab.err("GradientBoostingClassifier(loss='exponential').fit(X_train, y_train)");
    assert!(
        err.contains("NotImplementedError: GradientBoostingClassifier(loss='exponential')"),
        "{err}"
    );
}

#[test]
fn lightgbm_trains_in_a_pipeline_and_stops_early_on_an_eval_set() {
    let mut lab = lab();
    let out = lab.ok(
        r#"import lightgbm
from lightgbm import LGBMClassifier, LGBMRegressor
from sklearn.model_selection import train_test_split
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.metrics import roc_auc_score
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.25, random_state=1, stratify=y)
numeric = ["age", "tenure_months", "monthly_spend", "num_support_calls"]
pre = ColumnTransformer([("num", StandardScaler(), numeric), ("cat", OneHotEncoder(handle_unknown="ignore"), ["contract", "region"])])
clf = LGBMClassifier(n_estimators=400, learning_rate=0.3, num_leaves=15, random_state=0)
print(clf.get_params()["num_leaves"], clf.get_params()["max_depth"], clf.get_params()["min_child_samples"])
model = Pipeline([("pre", pre), ("classifier", clf)])
model.fit(X_train, y_train)
full = len(model.predict(X_val))
proba = model.predict_proba(X_val)
print(full, model.classes_, abs(sum(proba[0]) - 1.0) < 1e-9, roc_auc_score(y_val, [p[1] for p in proba]) > 0.6)
X_val_processed = pre.fit(X_train).transform(X_val)
model.fit(X_train, y_train, classifier__eval_set=[(X_val_processed, y_val)],
          classifier__callbacks=[lightgbm.early_stopping(5), lightgbm.log_evaluation(0)])
print(len(model.predict(X_val)))
alone = LGBMClassifier(n_estimators=400, learning_rate=0.3, random_state=0)
Xn_train = X_train[numeric]
alone.fit(Xn_train, y_train, eval_set=[(X_val[numeric], y_val)], callbacks=[lightgbm.early_stopping(stopping_rounds=5)])
print(type(lightgbm.early_stopping(5)).__name__, lightgbm.__version__ >= "4")
reg = LGBMRegressor(n_estimators=50, random_state=0).fit(X_train[["age", "tenure_months"]], X_train["monthly_spend"])
print(len(reg.predict(X_val[["age", "tenure_months"]])))
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "15 -1 20", "{out}");
    assert_eq!(lines[1], "500 [0, 1] True True", "{out}");
    assert_eq!(lines[2], "500", "{out}");
    assert_eq!(lines[3], "_EarlyStoppingCallback True", "{out}");
    assert_eq!(lines[4], "500", "{out}");
    // Arguments Lakelab's LightGBM cannot honour are refused, not ignored.
    for (code, want) in [
        (
            "LGBMClassifier(boosting_type='dart').fit(X[numeric], y)",
            "NotImplementedError: LGBMClassifier(boosting_type='dart')",
        ),
        (
            "LGBMClassifier(colour=1)",
            "TypeError: LGBMClassifier.__init__() got an unexpected keyword argument 'colour'",
        ),
        (
            "LGBMClassifier(class_weight='balanced').fit(X[numeric], y)",
            "NotImplementedError: LGBMClassifier(class_weight=...)",
        ),
        (
            "LGBMClassifier().fit(X[numeric], y, callbacks=[lightgbm.early_stopping(5)])",
            "ValueError: For early stopping, at least one dataset",
        ),
        (
            "LGBMClassifier().fit(X[numeric], y, init_model='m.txt')",
            "NotImplementedError: fit(init_model=...)",
        ),
        (
            "lightgbm.early_stopping(0)",
            "ValueError: stopping_rounds should be an integer and greater than 0",
        ),
        (
            "LGBMClassifier(num_leaves=1).fit(X[numeric], y)",
            "num_leaves",
        ),
    ] {
        let e = lab.err(code);
        assert!(e.contains(want), "{code}: {e}");
    }
}
