// Streaming inference on the Serving page, as a learner uses it: a source table from a
// bundled dataset (Feature Store page), a model trained and registered with @Champion in a
// notebook cell, then a pipeline created from the form; step one micro-batch, run several,
// change the batch size and compare latencies, auto-run and stop, read the output table
// from a cell, and find the pipeline's counters again after a reload. Then a pipeline whose
// code is a notebook's @dlt.table function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, expectText, gotoReady, reloadReady, expectH1, navLink, waitSaved, waitUntil, cell, readWorkspaceRecord } from './helpers.mjs';

const env = suite();
const SOURCE = 'main.default.customers';
const MODEL = 'main.default.churn_model';
const OUTPUT = 'main.default.customers_predictions';
const PIPELINE = 'churn_stream';

const TRAIN = [
  'import mlflow',
  'from sklearn.linear_model import LogisticRegression',
  `pdf = spark.table('${SOURCE}').toPandas()`,
  "X = pdf[['age', 'tenure_months', 'monthly_spend']]",
  "y = (pdf['num_support_calls'] > 1).astype(int)",
  'model = LogisticRegression().fit(X, y)',
  'with mlflow.start_run():',
  `    info = mlflow.sklearn.log_model(model, 'model', input_example=X.head(2), registered_model_name='${MODEL}')`,
  `mlflow.MlflowClient().set_registered_model_alias('${MODEL}', 'Champion', 1)`,
  "print('registered')",
].join('\n');

const output = (page, n) => page.locator('li.cell').nth(n - 1).locator('[data-testid=cell-output]');
const figure = async (page, id) => Number(await page.getByTestId(id).textContent());
const button = (page, name) => page.getByTestId('pipeline-controls').getByRole('button', { name, exact: true });
const meanMs = async (page, size) => {
  const text = await page.locator(`[data-testid=size-row][data-size="${size}"] [data-testid=size-mean]`).textContent();
  const m = text.match(/^([\d.]+) (ms|s)$/);
  assert.ok(m, `a latency, got ${text}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
};

/** The customers table (2,000 rows) from the bundled dataset, as a feature table. */
async function createSource(page, url) {
  await gotoReady(page, url('feature-store'));
  await waitUntil(
    async () => {
      await page.locator('#feature-source').selectOption('dataset:churn/customers.csv');
      return page.locator('#feature-name').isVisible();
    },
    { what: 'the columns of the bundled customers dataset' },
  );
  assert.equal(await page.locator('#feature-name').inputValue(), SOURCE);
  await page.getByRole('checkbox', { name: 'customer_id', exact: true }).check();
  await page.getByRole('button', { name: 'Create feature table', exact: true }).click();
  await expectText(page.getByTestId('feature-create-result'), /^Created main\.default\.customers/);
  await waitSaved(page, SOURCE);
}

/** The source table, and the model trained on it and registered with @Champion in cell 1. */
async function sourceAndModel(page, url) {
  await createSource(page, url);
  await gotoReady(page, url('notebook'));
  await cell(page, 1).fill(TRAIN);
  await cell(page, 1).press('Control+Enter');
  await expectText(output(page, 1).locator('pre'), /registered$/, { timeout: 30_000 });
}

test('a streaming pipeline: create, step, run, compare batch sizes, auto-run, stop, reload', { timeout: TEST_TIMEOUT * 2 }, () =>
  env.withApp(async ({ page, url }) => {
    await sourceAndModel(page, url);

    await navLink(page, 'Serving').click();
    await expectH1(page, 'Serving');
    const section = page.getByTestId('streaming');
    await section.getByRole('heading', { name: 'Streaming inference (Delta Live Tables)' }).waitFor();

    // The form defaults to the only table and model, @Champion, and <source>_predictions.
    assert.equal(await page.locator('#pipeline-source').inputValue(), SOURCE);
    assert.equal(await page.locator('#pipeline-model').inputValue(), MODEL);
    assert.equal(await page.locator('#pipeline-version').inputValue(), '@Champion');
    assert.equal(await page.locator('#pipeline-output').inputValue(), OUTPUT);
    // A feature the source lacks: the engine says which columns there are.
    await page.locator('#pipeline-features').fill('age, income');
    await page.getByRole('button', { name: 'Create pipeline', exact: true }).click();
    await expectText(page.getByTestId('pipeline-form-error'), /^Feature column 'income' is not in the source table main\.default\.customers\. Its columns are: customer_id, age, tenure_months/);
    await page.locator('#pipeline-features').fill('');
    await page.locator('#pipeline-batch-size').fill('10');
    await page.getByRole('button', { name: 'Create pipeline', exact: true }).click();
    await expectText(
      page.getByTestId('pipeline-form-outcome'),
      `Created pipeline ${PIPELINE}: ${SOURCE} → models:/${MODEL}@Champion (features age, tenure_months, monthly_spend) → ${OUTPUT}. Step it or run it below.`,
    );

    // The graph: 2,000 source rows, nothing read yet.
    await expectText(page.getByTestId('graph-source-rows'), '2000');
    await expectText(page.getByTestId('graph-rows-read'), '0');
    await expectText(page.getByTestId('pipeline-state'), 'IDLE');
    await page.getByTestId('no-batches').waitFor();

    // One step: one micro-batch of 10 rows, scored and written.
    await button(page, 'Step').click();
    await expectText(page.getByTestId('pipeline-message'), /^Batch 0: 10 rows \(source rows 1–10\), mean latency \d+ ms\.$/);
    await expectText(page.getByTestId('graph-rows-read'), '10');
    await expectText(page.getByTestId('graph-rows-processed'), '10');
    await expectText(page.getByTestId('graph-output-rows'), '10');
    await expectText(page.getByTestId('graph-batches'), '1');
    await expectText(page.getByTestId('pipeline-state'), 'RUNNING');

    // Run 4 more, one per timer tick.
    await page.locator('#pipeline-run-n').fill('4');
    await button(page, 'Run N').click();
    await expectText(page.getByTestId('graph-batches'), '5');
    await expectText(page.getByTestId('pipeline-running'), '');
    await expectText(page.getByTestId('graph-output-rows'), '50');
    await expectText(page.locator('[data-testid=size-row][data-size="10"] [data-testid=size-batches]'), '5');

    // Bigger batches: more throughput, more latency per row.
    await page.locator('#pipeline-step-size').fill('100');
    await button(page, 'Step').click();
    await expectText(page.getByTestId('graph-rows-read'), '150');
    await page.locator('[data-testid=size-row][data-size="100"]').waitFor();
    assert.ok((await meanMs(page, 100)) > (await meanMs(page, 10)), 'a 100-row batch waits longer than a 10-row one');
    const throughput = async (size) => Number(await page.locator(`[data-testid=size-row][data-size="${size}"] [data-testid=size-throughput]`).textContent());
    assert.ok((await throughput(100)) > (await throughput(10)), 'and processes more rows per second');
    assert.equal(await page.getByTestId('batch-row').count(), 6);

    // Auto-run until stopped.
    await page.locator('#pipeline-step-size').fill('20');
    await button(page, 'Auto-run').click();
    await waitUntil(async () => (await figure(page, 'graph-batches')) >= 9, { what: 'auto-run batches' });
    await button(page, 'Stop').click();
    await expectText(page.getByTestId('pipeline-state'), 'IDLE');
    await expectText(page.getByTestId('pipeline-running'), '');
    const read = await figure(page, 'graph-rows-read');
    const batches = await figure(page, 'graph-batches');
    assert.ok(read >= 210 && read < 2000, `rows read ${read}`);
    await expectText(page.getByTestId('graph-output-rows'), String(read));

    // Saved: after a reload the pipeline and its counters are still there.
    await waitSaved(page, PIPELINE);
    await reloadReady(page);
    await expectText(page.getByTestId('graph-rows-read'), String(read));
    await expectText(page.getByTestId('graph-batches'), String(batches));
    await expectText(page.getByTestId('graph-output-rows'), String(read));
    await expectText(page.getByTestId('pipeline-state'), 'IDLE');
    await page.locator('[data-testid=size-row][data-size="100"]').waitFor();

    // The output is a catalog table: a cell reads it.
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill(`df = spark.table('${OUTPUT}')\nprint(df.count(), df.columns[-3:])`);
    await cell(page, 1).press('Control+Enter');
    await expectText(output(page, 1).locator('pre'), `${read} ['prediction', 'batch_id', 'processed_at']`);
  }),
);

const DLT = [
  'import dlt, mlflow',
  'from pyspark.sql.functions import struct, col',
  `predict = mlflow.pyfunc.spark_udf(spark, 'models:/${MODEL}@Champion', result_type='long')`,
  '',
  "@dlt.table(name='churn_scores', comment='Churn scored as customers arrive')",
  'def churn_scores():',
  "    df = dlt.read_stream('customers')",
  "    return df.withColumn('churn', predict(struct('age', 'tenure_months', 'monthly_spend'))).where(col('age') >= 40)",
].join('\n');

test("a pipeline whose code is a notebook's @dlt.table", { timeout: TEST_TIMEOUT * 2 }, () =>
  env.withApp(async ({ page, url }) => {
    await sourceAndModel(page, url);
    // The notebook becomes the pipeline's code: in a cell it only defines the dataset.
    await cell(page, 1).fill(DLT);
    await cell(page, 1).press('Control+Enter');
    await expectText(output(page, 1).locator('pre'), /^Defined the pipeline dataset 'churn_scores'\. It is populated when a pipeline runs this notebook/);
    await waitSaved(page, 'churn_scores');

    await navLink(page, 'Serving').click();
    await expectH1(page, 'Serving');
    await page.locator('#pipeline-code').selectOption('notebook');
    await page.locator('#pipeline-target').fill('main.default');
    await page.locator('#pipeline-batch-size').fill('500');
    await page.getByRole('button', { name: 'Create pipeline', exact: true }).click();
    await expectText(
      page.getByTestId('pipeline-form-outcome'),
      `Created pipeline ${PIPELINE}: ${SOURCE} → the notebook's @dlt.table → main.default.churn_scores. Step it or run it below.`,
    );
    await expectText(page.getByTestId('pipeline-graph').locator('code').nth(1), /@dlt\.table$/);

    await button(page, 'Step').click();
    await expectText(page.getByTestId('graph-rows-read'), '500');
    await page.locator('#pipeline-run-n').fill('5');
    await button(page, 'Run N').click();
    await expectText(page.getByTestId('graph-rows-read'), '2000');
    await expectText(page.getByTestId('pipeline-state'), 'IDLE');
    const written = await figure(page, 'graph-rows-written');
    assert.ok(written > 0 && written < 2000, `the function's filter keeps some rows, wrote ${written}`);
    await expectText(page.getByTestId('graph-output-rows'), String(written));
    // Saved with all its rows before the page is left (the record's JSON, as stored).
    await waitUntil(async () => (await readWorkspaceRecord(page))?.body?.includes('"rows_read":2000'), { what: 'the finished pipeline to be saved' });
    await waitSaved(page);

    // The table holds what the function returns, as a cell computes it.
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill(`from pyspark.sql.functions import col\ndf = spark.table('main.default.churn_scores')\nprint(df.count(), df.columns[-1], df.where(col('age') < 40).count())`);
    await cell(page, 1).press('Control+Enter');
    await expectText(output(page, 1).locator('pre'), `${written} churn 0`);
  }),
);
