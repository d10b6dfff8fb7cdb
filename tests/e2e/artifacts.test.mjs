// A run's artifacts on the sample experiment: the logged model panel, the file tree, each kind
// of preview (MLmodel text, PNG, SVG, CSV as a table, YAML), a file download, and the bytes
// kept in IndexedDB across a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, reloadReady, expectText, waitUntil, openSample } from './helpers.mjs';

const env = suite();
/** Opens the earliest nested run of the sample (the one that logged every kind of file). */
async function openRunWithFiles(page, url) {
  await openSample(page, url);
  await page.getByRole('button', { name: 'Nested runs of hyperparameter-search (6)', exact: true }).click();
  // Newest first: the earliest child is the last one.
  const link = page.locator('.runs-table tbody tr.child th a').last();
  const name = (await link.textContent()).trim();
  await link.click();
  await expectText(page.locator('h1'), name);
}

const preview = (page) => page.locator('[data-testid=artifact-preview]');
const file = (page, name) => page.getByRole('navigation', { name: 'Artifact files' }).getByRole('button', { name: new RegExp(`^${name.replace('.', '\\.')} `) });

/** Waits for the preview image to decode and returns its natural size. */
async function imageSize(page) {
  const img = preview(page).locator('img');
  await img.waitFor();
  await waitUntil(() => img.evaluate((i) => i.complete && i.naturalWidth > 0), { what: 'the preview image to decode' });
  return img.evaluate((i) => [i.naturalWidth, i.naturalHeight]);
}

test('the run page shows its logged model and previews every kind of artifact', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await openRunWithFiles(page, url);
    const runId = (await page.locator('[data-testid=run-id]').textContent()).trim();

    const model = page.locator('[data-testid=logged-model]');
    await expectText(model.getByRole('heading'), 'Logged model: model');
    await model.getByText('LogisticRegression', { exact: true }).waitFor();
    await model.getByText(`runs:/${runId}/model`, { exact: true }).first().waitFor();
    await model.getByRole('row', { name: 'tenure_months long' }).waitFor();
    assert.equal(await model.getByRole('button', { name: 'Register model' }).isEnabled(), true);

    // MLmodel is shown first, as text.
    await expectText(preview(page).locator('h3'), 'model/MLmodel');
    await expectText(preview(page).locator('pre'), /^artifact_path: model\n/);

    await file(page, 'roc_curve.png').click();
    assert.deepEqual(await imageSize(page), [160, 160], 'the PNG decodes in the browser');
    await file(page, 'confusion_matrix.svg').click();
    assert.deepEqual(await imageSize(page), [240, 240], 'the SVG renders as an image');

    await file(page, 'predictions_sample.csv').click();
    const table = preview(page).locator('table');
    await table.waitFor();
    assert.deepEqual(
      await table.locator('thead th').allTextContents(),
      ['customer_id', 'tenure_months', 'monthly_charges', 'churn', 'prediction'],
    );
    assert.equal(await table.locator('tbody tr').count(), 12);

    await file(page, 'config.yaml').click();
    await expectText(preview(page).locator('pre'), /target: churn/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      preview(page).getByRole('button', { name: 'Download config.yaml', exact: true }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'config.yaml');
    const text = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
    assert.match(text, /^features:\n- tenure_months\n/);

    // The bytes live in IndexedDB beside the JSON, and come back after a reload.
    const stored = await page.evaluate(
      (key) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('lakelab');
          open.onsuccess = () => {
            const get = open.result.transaction('state').objectStore('state').get(key);
            get.onsuccess = () => {
              const v = get.result;
              resolve(v instanceof Uint8Array ? [...v.subarray(0, 8)] : null);
              open.result.close();
            };
            get.onerror = () => reject(get.error);
          };
        }),
      `workspace:blob/${runId}/plots/roc_curve.png`,
    );
    assert.deepEqual(stored, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'stored as PNG bytes');
    await reloadReady(page);
    await file(page, 'roc_curve.png').click();
    assert.deepEqual(await imageSize(page), [160, 160]);
  }),
);
