//! Model Serving from notebook cells: the Databricks SDK (`w.serving_endpoints`), MLflow's
//! deployments client and `requests`, against endpoints serving registered versions; their
//! errors; and the inference table read with `spark.table`.

mod notebook_support;

use lakelab_core::serving::store::DEPLOY_MS;
use notebook_support::Lab;

/// Two versions of `main.ml_models.churn` (a logistic model on `age` and `spend`, with a
/// signature) and the SDK's imports.
fn lab() -> Lab {
    let mut lab = Lab::new().with_registered_churn();
    lab.ok("from databricks.sdk import WorkspaceClient\nfrom databricks.sdk.service.serving import EndpointCoreConfigInput, ServedEntityInput, TrafficConfig, Route, AutoCaptureConfigInput, DataframeSplitInput, EndpointStateReady\nfrom databricks.sdk.errors import NotFound, ResourceDoesNotExist, InvalidParameterValue, BadRequest, ResourceAlreadyExists\nw = WorkspaceClient()\nentity = ServedEntityInput(entity_name='main.ml_models.churn', entity_version='1', workload_size='Small', scale_to_zero_enabled=True)");
    lab
}

/// The model's own predictions for `X` (age 30/spend 5, age 10/spend 1), as the cell prints.
fn model_predictions(lab: &mut Lab) -> String {
    lab.ok("print(list(mlflow.pyfunc.load_model('models:/main.ml_models.churn/1').predict(X)))")
}

#[test]
fn sdk_create_is_not_ready_until_waited_then_answers_every_format() {
    let mut lab = lab();
    let out = lab.ok("wait = w.serving_endpoints.create(name='churn', config=EndpointCoreConfigInput(name='churn', served_entities=[entity]))\nprint(wait.name, wait.response.state.ready, wait.response.state.config_update)\nprint(w.serving_endpoints.get('churn').pending_config.served_entities[0].state.deployment)");
    assert_eq!(
        out,
        "churn EndpointStateReady.NOT_READY EndpointStateConfigUpdate.IN_PROGRESS\nServedModelStateDeployment.DEPLOYMENT_CREATING\n"
    );
    let e = lab.err(
        "w.serving_endpoints.query(name='churn', dataframe_records=[{'age': 30, 'spend': 5.0}])",
    );
    assert!(
        e.starts_with("databricks.sdk.errors.platform.BadRequest: Endpoint churn is not ready yet"),
        "{e}"
    );
    let out = lab.ok("ep = wait.result()\nprint(ep.state.ready == EndpointStateReady.READY, ep.state.config_update.value, ep.config.served_entities[0].name, ep.config.traffic_config.routes[0].traffic_percentage)");
    assert_eq!(out, "True NOT_UPDATING churn-1 100\n");
    let expected = model_predictions(&mut lab);
    let queries = [
        "dataframe_split=DataframeSplitInput(columns=['age', 'spend'], data=[[30, 5.0], [10, 1.0]])",
        "dataframe_split=DataframeSplitInput.from_dict(X.to_dict(orient='split'))",
        "dataframe_records=X.to_dict(orient='records')",
        "instances=[{'age': 30, 'spend': 5.0}, {'age': 10, 'spend': 1.0}]",
        "inputs={'age': [30, 10], 'spend': [5.0, 1.0]}",
    ];
    for q in queries {
        let out = lab.ok(&format!(
            "r = w.serving_endpoints.query(name='churn', {q})\nprint(r.predictions)\nprint(r.served_model_name)"
        ));
        assert_eq!(out, format!("{expected}churn-1\n"), "{q}");
    }
    // The SDK sends dataframe_split through `.as_dict()`: a plain dict fails as it does there.
    let e = lab
        .err("w.serving_endpoints.query(name='churn', dataframe_split=X.to_dict(orient='split'))");
    assert_eq!(
        e,
        "AttributeError: 'dict' object has no attribute 'as_dict'"
    );
}

#[test]
fn sdk_and_wait_variants_return_the_ready_endpoint() {
    let mut lab = lab();
    let out = lab.ok("ep = w.serving_endpoints.create_and_wait(name='churn', config=EndpointCoreConfigInput(name='churn', served_entities=[entity]))\nprint(ep.state.ready, ep.config.config_version)\nv2 = ServedEntityInput(entity_name='main.ml_models.churn', entity_version='2', name='challenger')\nwait = w.serving_endpoints.update_config(name='churn', served_entities=[entity, v2], traffic_config=TrafficConfig(routes=[Route(traffic_percentage=90, served_model_name='churn-1'), Route(served_model_name='challenger', traffic_percentage=10)]))\nprint(wait.response.state.ready, wait.response.state.config_update, wait.response.config.config_version, wait.response.pending_config.config_version)");
    assert_eq!(out, "EndpointStateReady.READY 1\nEndpointStateReady.READY EndpointStateConfigUpdate.IN_PROGRESS 1 2\n");
    // While an update deploys, another is refused.
    let e = lab
        .err("w.serving_endpoints.update_config_and_wait(name='churn', served_entities=[entity])");
    assert!(
        e.starts_with(
            "databricks.sdk.errors.platform.ResourceConflict: Endpoint churn is currently updating"
        ),
        "{e}"
    );
    let out = lab.ok("ep = wait.result()\nprint(ep.config.config_version, [r.traffic_percentage for r in ep.config.traffic_config.routes], ep.pending_config)\nep = w.serving_endpoints.update_config_and_wait(name='churn', served_entities=[entity])\nprint(ep.config.config_version, [e.name for e in ep.config.served_entities])");
    assert_eq!(out, "2 [90, 10] None\n3 ['churn-1']\n");
    let names = lab.ok("print([e.name for e in w.serving_endpoints.list()])\nw.serving_endpoints.delete('churn')\nprint(len(w.serving_endpoints.list()))");
    assert_eq!(names, "['churn']\n0\n");
    assert!(lab.ws.serving.endpoints.is_empty());
}

#[test]
fn sdk_errors_raise_the_sdk_classes_with_the_rest_message() {
    let mut lab = lab();
    let e = lab.err("w.serving_endpoints.get('nope')");
    assert_eq!(e, "databricks.sdk.errors.platform.ResourceDoesNotExist: Serving endpoint with name nope not found");
    // The SDK's hierarchy: ResourceDoesNotExist is a NotFound, a DatabricksError, an IOError.
    let out = lab.ok("for cls in [ResourceDoesNotExist, NotFound, IOError]:\n    try:\n        w.serving_endpoints.get('nope')\n    except cls as e:\n        print(cls.__name__, e.error_code)\ntry:\n    w.serving_endpoints.get('nope')\nexcept BadRequest:\n    print('wrong class')\nexcept NotFound:\n    print('not found')");
    assert_eq!(out, "ResourceDoesNotExist RESOURCE_DOES_NOT_EXIST\nNotFound RESOURCE_DOES_NOT_EXIST\nOSError RESOURCE_DOES_NOT_EXIST\nnot found\n");
    let e = lab.err("w.serving_endpoints.create(name='bad', config=EndpointCoreConfigInput(name='bad', served_entities=[ServedEntityInput(entity_name='main.ml_models.churn', entity_version='9')]))");
    assert!(
        e.starts_with("databricks.sdk.errors.platform.ResourceDoesNotExist: "),
        "{e}"
    );
    assert!(e.contains("main.ml_models.churn"), "{e}");
    let e = lab.err("v2 = ServedEntityInput(entity_name='main.ml_models.churn', entity_version='2')\nw.serving_endpoints.create(name='ab', config=EndpointCoreConfigInput(name='ab', served_entities=[entity, v2], traffic_config=TrafficConfig(routes=[Route(90, served_model_name='churn-1'), Route(20, served_model_name='churn-2')])))");
    assert!(
        e.starts_with("databricks.sdk.errors.platform.InvalidParameterValue: "),
        "{e}"
    );
    assert!(e.contains("100"), "{e}");
    let e = lab.err("w.serving_endpoints.create_and_wait(name='churn', config=EndpointCoreConfigInput(name='churn', served_entities=[entity]))\nw.serving_endpoints.create(name='churn', config=EndpointCoreConfigInput(name='churn', served_entities=[entity]))");
    assert_eq!(e, "databricks.sdk.errors.platform.ResourceAlreadyExists: Serving endpoint with name churn already exists");
    let e = lab.err("w.serving_endpoints.query(name='churn', dataframe_records=[{'age': 30}])");
    assert!(
        e.starts_with(
            "databricks.sdk.errors.platform.InvalidParameterValue: Failed to predict data"
        ),
        "{e}"
    );
    assert!(e.contains("Model is missing inputs ['spend']"), "{e}");
    // The dataclass's required field, as Python reports it.
    let e = lab.err("EndpointCoreConfigInput(served_entities=[entity])");
    assert_eq!(e, "TypeError: EndpointCoreConfigInput.__init__() missing 1 required positional argument: 'name'");
}

#[test]
fn the_deployments_client_mirrors_mlflow() {
    let mut lab = lab();
    let out = lab.ok("from mlflow.deployments import get_deploy_client\nclient = get_deploy_client('databricks')\nep = client.create_endpoint(config={'name': 'churn', 'config': {'served_entities': [{'entity_name': 'main.ml_models.churn', 'entity_version': '1'}]}})\nprint(ep['state']['ready'], ep['state']['config_update'], 'pending_config' in ep, 'config' in ep)");
    assert_eq!(out, "NOT_READY IN_PROGRESS True False\n");
    let e = lab.err("client.predict(endpoint='churn', inputs={'dataframe_records': [{'age': 30, 'spend': 5.0}]})");
    assert!(e.starts_with("requests.exceptions.HTTPError: 400 Client Error: Bad Request for url: https://lakelab.cloud.databricks.com/serving-endpoints/churn/invocations. Response text: {\"error_code\":\"BAD_REQUEST\""), "{e}");
    lab.now += DEPLOY_MS;
    let expected = model_predictions(&mut lab);
    let out = lab.ok("r = client.predict(endpoint='churn', inputs={'dataframe_split': X.to_dict(orient='split')})\nprint(list(r.keys()))\nprint(r['predictions'])\nprint(client.get_endpoint('churn')['state']['ready'], [e['name'] for e in client.list_endpoints()])");
    assert_eq!(out, format!("['predictions']\n{expected}READY ['churn']\n"));
    let e = lab.err("client.get_endpoint('nope')");
    assert_eq!(e, "requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://lakelab.cloud.databricks.com/api/2.0/serving-endpoints/nope. Response text: {\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Serving endpoint with name nope not found\"}");
    // The deprecated style still works, with MLflow's warning.
    let out = lab.ok("ep = client.create_endpoint(name='old', config={'served_entities': [{'entity_name': 'main.ml_models.churn', 'entity_version': '2'}]})\nprint(ep['name'])");
    assert!(out.starts_with("UserWarning: Passing 'name', 'config', and 'route_optimized' as separate parameters is deprecated."), "{out}");
    assert!(out.ends_with("old\n"), "{out}");
    let e = lab.err("client.create_endpoint(name='a', config={'name': 'b', 'config': {}})");
    assert!(e.starts_with("mlflow.exceptions.MlflowException: Name mismatch. Found 'a' as parameter and 'b' in config."), "{e}");
    let out = lab.ok("ep = client.update_endpoint_config(endpoint='churn', config={'served_entities': [{'entity_name': 'main.ml_models.churn', 'entity_version': '2'}]})\nprint(ep['config']['config_version'], ep['pending_config']['config_version'])\nprint(client.delete_endpoint('old'))");
    assert_eq!(out, "1 2\n{}\n");
    let e = lab.err("client.create_deployment('x', 'models:/m/1')");
    assert!(e.starts_with("NotImplementedError"), "{e}");
    let e = lab.err("get_deploy_client('nowhere')");
    assert!(e.starts_with("mlflow.exceptions.MlflowException: No plugin found for managing model deployments to \"nowhere\"."), "{e}");
    let e = lab.err("get_deploy_client('openai')");
    assert!(
        e.starts_with(
            "NotImplementedError: Lakelab simulates the \"databricks\" deployments target only"
        ),
        "{e}"
    );
}

#[test]
fn requests_reaches_only_this_workspace() {
    let mut lab = lab();
    lab.ok("w.serving_endpoints.create_and_wait(name='churn', config=EndpointCoreConfigInput(name='churn', served_entities=[entity]))");
    let expected = model_predictions(&mut lab);
    let out = lab.ok("import requests, json\nhost = spark.conf.get('spark.databricks.workspaceUrl')\nurl = f'https://{host}/serving-endpoints/churn/invocations'\nheaders = {'Authorization': 'Bearer dapi-token', 'Content-Type': 'application/json'}\nresp = requests.post(url, headers=headers, json={'dataframe_split': X.to_dict(orient='split')})\nprint(resp.status_code, resp.ok)\nprint(resp.json()['predictions'])\nprint(resp.text == json.dumps(resp.json()))\nresp = requests.request(method='POST', headers=headers, url=url, data=json.dumps({'dataframe_records': X.to_dict(orient='records')}))\nprint(resp.json()['predictions'])");
    assert_eq!(out, format!("200 True\n{expected}True\n{expected}"));
    let out = lab.ok("resp = requests.post(f'https://{host}/serving-endpoints/nope/invocations', headers=headers, json={'inputs': [1]})\nprint(resp.status_code, resp.ok, resp.json()['error_code'])\ntry:\n    resp.raise_for_status()\nexcept requests.exceptions.HTTPError as e:\n    print(e)\n    print(e.response.status_code)");
    assert_eq!(out, "404 False RESOURCE_DOES_NOT_EXIST\n404 Client Error: Not Found for url: https://lakelab.cloud.databricks.com/serving-endpoints/nope/invocations\n404\n");
    let out = lab.ok("resp = requests.post(url, headers=headers, json={'dataframe_records': [{'age': 30}]})\nprint(resp.status_code, resp.json()['error_code'])\nprint(requests.get(f'https://{host}/api/2.0/serving-endpoints/churn', headers=headers).json()['state']['ready'])");
    assert_eq!(out, "400 INVALID_PARAMETER_VALUE\nREADY\n");
    let e = lab.err("requests.post('https://example.com/api', json={})");
    assert!(e.starts_with("requests.exceptions.ConnectionError: HTTPSConnectionPool(host='example.com', port=443)"), "{e}");
    let out = lab.ok("try:\n    requests.get('https://example.com/')\nexcept requests.exceptions.RequestException as e:\n    print(type(e).__name__)");
    assert_eq!(out, "ConnectionError\n");
}

#[test]
fn the_inference_table_holds_requests_logged_since_capture_began() {
    let mut lab = lab();
    lab.ok("w.serving_endpoints.create_and_wait(name='churn', config=EndpointCoreConfigInput(name='churn', served_entities=[entity]))\nfor i in range(5):\n    w.serving_endpoints.query(name='churn', dataframe_records=[{'age': 30, 'spend': 5.0}])");
    let out = lab.ok("v2 = ServedEntityInput(entity_name='main.ml_models.churn', entity_version='2', name='challenger')\nep = w.serving_endpoints.update_config_and_wait(name='churn', served_entities=[entity, v2], traffic_config=TrafficConfig(routes=[Route(90, served_model_name='churn-1'), Route(10, served_model_name='challenger')]), auto_capture_config=AutoCaptureConfigInput(catalog_name='main', schema_name='ml_models'))\nprint(ep.config.auto_capture_config.state.payload_table.name, ep.config.auto_capture_config.table_name_prefix)");
    assert_eq!(out, "churn_payload churn\n");
    lab.ok("for i in range(1000):\n    w.serving_endpoints.query(name='churn', dataframe_records=[{'age': 30, 'spend': 5.0}], client_request_id=f'req-{i}')\ntry:\n    w.serving_endpoints.query(name='churn', dataframe_records=[{'age': 30}])\nexcept InvalidParameterValue:\n    pass");
    let out = lab.ok("df = spark.table('main.ml_models.churn_payload')\nprint(df.columns)\nprint(df.count())\nfor row in df.groupBy('request_metadata').count().orderBy('count').collect():\n    print(row['request_metadata'], row['count'])");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "['databricks_request_id', 'client_request_id', 'date', 'timestamp_ms', 'status_code', 'sampling_fraction', 'execution_time_ms', 'request', 'response', 'request_metadata']");
    assert_eq!(
        lines[1], "1001",
        "the five requests before capture are not in the table"
    );
    let count = |line: &str| -> i64 { line.rsplit(' ').next().unwrap().parse().unwrap() };
    assert!(lines[2].contains("\"model_version\":\"2\""), "{}", lines[2]);
    assert!(lines[3].contains("\"model_version\":\"1\""), "{}", lines[3]);
    let (challenger, champion) = (count(lines[2]), count(lines[3]));
    assert_eq!(challenger + champion, 1001);
    assert!(
        (60..=140).contains(&challenger),
        "a 10 % share of 1001 draws: {challenger}"
    );
    let out = lab.ok("from pyspark.sql import functions as F\nprint(df.filter(F.col('status_code') == 400).count(), df.filter(F.col('client_request_id') == 'req-7').count(), df.filter(F.col('client_request_id').isNull()).count())\nrow = df.filter(F.col('client_request_id') == 'req-7').collect()[0]\nprint(row['request'])\nprint(row['status_code'], row['sampling_fraction'], str(row['date']))");
    assert_eq!(out, "1 1 1\n{\"client_request_id\": \"req-7\", \"dataframe_records\": [{\"age\": 30, \"spend\": 5.0}]}\n200 1.0 2025-11-26\n");
    // The location is fixed once logging is on.
    let e = lab.err("w.serving_endpoints.update_config(name='churn', served_entities=[entity], auto_capture_config=AutoCaptureConfigInput(catalog_name='main', schema_name='ml_models', table_name_prefix='other'))");
    assert!(e.starts_with("databricks.sdk.errors.platform.InvalidParameterValue: The inference table of this endpoint is main.ml_models.churn_payload"), "{e}");
    // An update that omits the setting keeps it.
    let out = lab.ok("ep = w.serving_endpoints.update_config_and_wait(name='churn', served_entities=[entity])\nprint(ep.config.auto_capture_config.enabled, spark.table('main.ml_models.churn_payload').count())");
    assert_eq!(out, "True 1001\n");
    // Rows keep the model version that answered, after the update removed the challenger.
    let again = lab.ok("for row in spark.table('main.ml_models.churn_payload').groupBy('request_metadata').count().orderBy('count').collect():\n    print(row['request_metadata'], row['count'])");
    assert_eq!(again, format!("{}\n{}\n", lines[2], lines[3]));
}

#[test]
fn finish_deployment_makes_the_pending_config_live_now() {
    let mut lab = lab();
    let config = serde_json::json!({"served_entities": [{"entity_name": "main.ml_models.churn", "entity_version": "1"}]});
    lab.ws
        .create_endpoint("churn", &config, &[], "me", 100)
        .unwrap();
    assert_eq!(
        lab.ws.serving.get("churn", 101).unwrap().ready(),
        "NOT_READY"
    );
    let e = lab.ws.serving.finish_deployment("churn", 101).unwrap();
    assert_eq!((e.ready(), e.config_update()), ("READY", "NOT_UPDATING"));
    assert_eq!(e.last_updated_timestamp, 101);
    assert_eq!(
        lab.ws
            .serving
            .finish_deployment("nope", 101)
            .unwrap_err()
            .status,
        404
    );
}
