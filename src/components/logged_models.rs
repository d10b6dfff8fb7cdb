//! A run's logged models: what `log_model` recorded (class, `runs:/` URI, signature), the
//! code to load and register it, and the "Register model" action (Unity Catalog).

use lakelab_core::models::ColSpec;
use leptos::prelude::*;

use crate::components::register_model_form::RegisterModelForm;
use crate::state::use_app;

fn spec_rows(cols: &[ColSpec]) -> impl IntoView {
    cols.iter()
        .map(|c| {
            view! {
                <tr>
                    <td>{c.name.clone().unwrap_or_else(|| "(unnamed)".into())}</td>
                    <td>{c.col_type.clone()}</td>
                </tr>
            }
        })
        .collect_view()
}

#[component]
pub fn LoggedModels(run_id: String, selected: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_app();
    let models = state.workspace.value.with_untracked(|w| {
        w.tracking
            .logged_models(&run_id)
            .map(<[_]>::to_vec)
            .unwrap_or_default()
    });
    models
        .into_iter()
        .map(|m| {
            let uri = format!("runs:/{run_id}/{}", m.artifact_path);
            let mlmodel = format!("{}/MLmodel", m.artifact_path);
            let load = format!(
                "import mlflow\nmodel = mlflow.pyfunc.load_model(\"{uri}\")\nmodel.predict(df)"
            );
            let register = format!(
                "mlflow.set_registry_uri(\"databricks-uc\")\nmlflow.register_model(\"{uri}\", \
                 \"main.default.churn_model\")"
            );
            let signature = m.signature.clone();
            view! {
                <article class="logged-model" data-testid="logged-model">
                    <h3>{format!("Logged model: {}", m.artifact_path)}</h3>
                    <dl class="facts">
                        <dt>"Class"</dt>
                        <dd>{m.class_name.clone()}</dd>
                        <dt>"Model URI"</dt>
                        <dd>
                            <code>{uri.clone()}</code>
                        </dd>
                        <dt>"Created (UTC)"</dt>
                        <dd>{m.utc_time_created.clone()}</dd>
                    </dl>
                    {match signature {
                        Some(s) => {
                            view! {
                                <table class="kv signature">
                                    <caption>"Signature"</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"Input column"</th>
                                            <th scope="col">"Type"</th>
                                        </tr>
                                    </thead>
                                    <tbody>{spec_rows(&s.inputs)}</tbody>
                                    <thead>
                                        <tr>
                                            <th scope="col">"Output"</th>
                                            <th scope="col">"Type"</th>
                                        </tr>
                                    </thead>
                                    <tbody>{spec_rows(&s.outputs)}</tbody>
                                </table>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <p class="warning">
                                    "No signature: Unity Catalog will refuse to register this model. Log it with signature= or input_example=."
                                </p>
                            }
                                .into_any()
                        }
                    }}
                    <p>
                        <button
                            type="button"
                            class="small"
                            on:click=move |_| selected.set(Some(mlmodel.clone()))
                        >
                            "Show MLmodel"
                        </button>
                    </p>
                    <RegisterModelForm
                        model_uri=uri.clone()
                        field_id=format!("register-{}", m.artifact_path)
                    />
                    <p class="note">"The same in a notebook cell:"</p>
                    <pre class="code">{register}</pre>
                    <p class="note">"Make predictions with the logged model:"</p>
                    <pre class="code">{load}</pre>
                </article>
            }
        })
        .collect_view()
}
