// The Serving page, as a learner uses it for an A/B test: register two versions of a Unity
// Catalog model with Champion and Challenger aliases, create an endpoint serving both with a
// 90/10 split from the form, wait until it is Ready, send requests from the query panel, and
// read the inference table and the champion-vs-challenger view. Bad requests show the scoring
// server's messages; the endpoint and its inference rows survive a reload; a config update
// deploys while the old config keeps serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, expectText, openSample, reloadReady, expectH1, navLink, waitSaved, waitUntil } from './helpers.mjs';

const env = suite();
const MODEL = 'main.default.churn_model';
const ENDPOINT = 'churn-ab';
const DEPLOYED = 15_000;

async function setAlias(page, alias, version) {
  await page.getByLabel('Alias', { exact: true }).fill(alias);
  await page.getByLabel('on version', { exact: true }).selectOption(String(version));
  await page.getByRole('button', { name: 'Set alias', exact: true }).click();
}

/** Registers the sample's first run model twice and sets Champion on 1, Challenger on 2. */
async function registerTwoVersions(page, url) {
  await openSample(page, url);
  await page.locator('.runs-table tbody tr th a').first().click();
  const model = page.locator('[data-testid=logged-model]').first();
  await model.getByLabel('Register as (catalog.schema.model)').fill(MODEL);
  for (const version of [1, 2]) {
    await model.getByRole('button', { name: 'Register model', exact: true }).click();
    await expectText(model.getByTestId('register-outcome'), `Registered version ${version} of ${MODEL}. Open in Catalog`);
  }
  await model.getByRole('link', { name: 'Open in Catalog', exact: true }).click();
  await expectText(page.getByTestId('model-name'), MODEL);
  await setAlias(page, 'Champion', 1);
  await setAlias(page, 'Challenger', 2);
  await page.getByRole('button', { name: 'Remove alias Challenger', exact: true }).waitFor();
}

const row = (page, name) => page.locator(`[data-testid=endpoint-row][data-endpoint="${name}"]`);
const entityRequests = async (page, entity) =>
  Number(await page.locator(`[data-testid=inference-entity][data-entity="${entity}"] [data-testid=entity-requests]`).textContent());

async function setSplit(page, percent) {
  await page.locator('#traffic-split').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, percent);
  await expectText(page.getByTestId('traffic-split-label'), `A ${percent}% / B ${100 - percent}%`);
}

async function send(page, times, body) {
  if (body !== undefined) await page.locator('#query-body').fill(body);
  await page.locator('#query-repeat').fill(String(times));
  await page.getByTestId('query-panel').getByRole('button', { name: 'Send', exact: true }).click();
}

test('A/B serving: create a 90/10 endpoint from aliases, query it, read the inference table, reload', { timeout: TEST_TIMEOUT * 2 }, () =>
  env.withApp(async ({ page, url }) => {
    await registerTwoVersions(page, url);
    await navLink(page, 'Serving').click();
    await expectH1(page, 'Serving');
    await page.getByTestId('no-endpoints').waitFor();

    // The form offers the aliases (first Champion, then Challenger) and a 90/10 default split.
    await page.locator('#endpoint-name').fill(ENDPOINT);
    assert.equal(await page.locator('#served-model-1').inputValue(), MODEL);
    assert.equal(await page.locator('#served-version-1').inputValue(), '@Champion');
    await page.locator('#ab-enabled').check();
    assert.equal(await page.locator('#served-version-2').inputValue(), '@Challenger');
    await setSplit(page, 50);
    await setSplit(page, 90);
    await page.getByRole('button', { name: 'Create endpoint', exact: true }).click();
    await expectText(
      page.getByTestId('endpoint-form-outcome'),
      /^Endpoint churn-ab is deploying \(NOT_READY \/ IN_PROGRESS\).*@Champion of main\.default\.churn_model resolved to version 1: the endpoint keeps serving version 1 until its next config update, even if the alias moves\. @Challenger .* resolved to version 2/,
    );
    await expectText(row(page, ENDPOINT).getByTestId('endpoint-state'), /^Not ready \(Updating\) NOT_READY \/ IN_PROGRESS$/);
    // The page re-renders by itself when the simulated deployment finishes.
    await expectText(row(page, ENDPOINT).getByTestId('endpoint-state'), /^Ready READY \/ NOT_UPDATING$/, { timeout: DEPLOYED });
    await expectText(
      row(page, ENDPOINT).getByTestId('endpoint-entities'),
      `churn_model-1 (${MODEL} v1) 90%, churn_model-2 (${MODEL} v2) 10%`,
    );

    // The same name again: the engine's refusal shows as the deploy client raises it.
    await page.locator('#ab-enabled').uncheck();
    await page.getByRole('button', { name: 'Create endpoint', exact: true }).click();
    await expectText(page.getByTestId('endpoint-form-error'), 'RESOURCE_ALREADY_EXISTS: Serving endpoint with name churn-ab already exists');

    // The query panel is prefilled from the model's input example, in dataframe_split.
    const body = page.locator('#query-body');
    assert.match(await body.inputValue(), /"dataframe_split": \{\n {4}"columns": \["tenure_months", "monthly_charges", "support_calls"\]/);
    await send(page, 1);
    await expectText(page.getByTestId('query-status'), '200 OK');
    assert.match(await page.getByTestId('query-response').textContent(), /"predictions": \[/);
    assert.match(await page.getByTestId('query-latency').textContent(), /^ \d+\.\d\d ms$/);
    assert.match(await page.getByTestId('query-served-entity').textContent(), /served by churn_model-[12]$/);

    // Every format's example is accepted.
    for (const format of ['dataframe_records', 'instances', 'inputs']) {
      await page.locator('#query-format').selectOption(format);
      assert.match(await body.inputValue(), new RegExp(`^\\{\\n  "${format}": `));
      await send(page, 1);
      await expectText(page.getByTestId('query-status'), '200 OK');
    }

    // 60 requests at once: both entities answer, roughly 90/10.
    await page.locator('#query-format').selectOption('dataframe_split');
    await send(page, 60);
    await expectText(page.getByTestId('query-summary'), 'Sent 60 requests: 60 succeeded, 0 failed. Last response:');
    const stats = page.getByTestId('inference-stats');
    await expectText(stats.locator('caption'), 'By served entity, 64 requests');
    const champion = await entityRequests(page, 'churn_model-1');
    const challenger = await entityRequests(page, 'churn_model-2');
    assert.equal(champion + challenger, 64);
    assert.ok(champion >= 46 && challenger >= 1, `a 90/10 split, got ${champion}/${challenger}`);
    const ab = page.getByTestId('ab-view');
    await expectText(ab.locator('[data-entity="churn_model-1"] [data-testid=ab-configured]'), '90%');
    await expectText(ab.locator('[data-entity="churn_model-2"] [data-testid=ab-configured]'), '10%');
    await expectText(ab.locator('[data-entity="churn_model-1"] [data-testid=ab-requests]'), String(champion));
    const observed = parseFloat(await ab.locator('[data-entity="churn_model-1"] [data-testid=ab-observed]').textContent());
    assert.ok(Math.abs(observed - (champion * 100) / 64) <= 0.05, `observed ${observed}% for ${champion} of 64`);
    assert.equal(await page.getByTestId('inference-row').count(), 20);

    // Malformed requests get the scoring server's messages, and are logged as errors.
    await send(page, 1, '{"dataframe_split": ');
    await expectText(page.getByTestId('query-status'), '400 Bad Request');
    assert.match(
      await page.getByTestId('query-response').textContent(),
      /"error_code": "BAD_REQUEST",\s+"message": "Invalid input\. Ensure that input is a valid JSON formatted string\. Error: /,
    );
    await send(page, 1, '{"dataframe_split": {"columns": ["tenure_months"], "data": [[3]]}}');
    await expectText(page.getByTestId('query-status'), '400 Bad Request');
    assert.match(await page.getByTestId('query-response').textContent(), /Model is missing inputs \['monthly_charges', 'support_calls'\]/);
    await send(page, 1, '{"data": [[1, 2, 3]]}');
    assert.match(await page.getByTestId('query-response').textContent(), /Received dictionary with input fields: \[\]\./);
    await expectText(stats.locator('caption'), 'By served entity, 67 requests');
    const errors = await page.locator('[data-testid=inference-entity] [data-testid=entity-errors]').allTextContents();
    assert.equal(errors.reduce((a, b) => a + Number(b), 0), 3);

    // Saved: after a reload the endpoint and its inference rows are still there.
    await waitSaved(page, ENDPOINT);
    await reloadReady(page);
    await expectText(row(page, ENDPOINT).getByTestId('endpoint-state'), /^Ready /);
    await page.getByRole('button', { name: `Open ${ENDPOINT}`, exact: true }).click();
    await expectText(page.getByTestId('inference-stats').locator('caption'), 'By served entity, 67 requests');
    assert.equal(await entityRequests(page, 'churn_model-1') + (await entityRequests(page, 'churn_model-2')), 67);

    // A config update deploys while the current config keeps serving.
    await page.getByRole('button', { name: `Edit ${ENDPOINT}`, exact: true }).click();
    await expectText(page.locator('#endpoint-form-title'), `Edit endpoint ${ENDPOINT}`);
    assert.equal(await page.locator('#served-version-2').inputValue(), '2');
    await setSplit(page, 50);
    await page.getByRole('button', { name: 'Update endpoint', exact: true }).click();
    await expectText(row(page, ENDPOINT).getByTestId('endpoint-state'), /^Ready \(Updating\) READY \/ IN_PROGRESS$/);
    await send(page, 1);
    await expectText(page.getByTestId('query-status'), '200 OK');
    await expectText(row(page, ENDPOINT).getByTestId('endpoint-state'), /^Ready READY \/ NOT_UPDATING$/, { timeout: DEPLOYED });
    await expectText(
      row(page, ENDPOINT).getByTestId('endpoint-entities'),
      `churn_model-1 (${MODEL} v1) 50%, churn_model-2 (${MODEL} v2) 50%`,
    );
    await waitUntil(async () => (await row(page, ENDPOINT).locator('td').nth(2).textContent()) === '2', { what: 'config version 2' });
  }),
);
