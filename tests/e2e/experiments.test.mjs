// The Experiments page on the sample experiment: search box with MLflow's grammar and an
// inline error, sorting by a metric column, view types, creating and deleting experiments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, gotoReady, reloadReady, expectText, waitUntil, openSample, SAMPLE } from './helpers.mjs';

const env = suite();
const count = (page) => page.locator('[data-testid=run-count]');
/** The values of one column (by header text) in the runs table: numbers, null when empty. */
async function column(page, name) {
  return page.evaluate((name) => {
    const table = document.querySelector('.runs-table');
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent.replace(/[▲▼]/g, '').trim());
    const i = headers.indexOf(name);
    return [...table.querySelectorAll('tbody tr')].map((tr) => {
      const text = tr.children[i].textContent.trim();
      return text === '' ? null : Number(text);
    });
  }, name);
}

async function search(page, filter) {
  await page.getByLabel('Filter runs', { exact: true }).fill(filter);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

test('search filters runs with MLflow syntax and shows errors under the box', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await openSample(page, url);
    await expectText(count(page), '16 runs');
    await search(page, 'metrics.accuracy > 0.88');
    await waitUntil(async () => (await count(page).textContent()) !== '16 runs', { what: 'the filter to apply' });
    const acc = await column(page, 'accuracy');
    assert.ok(acc.length > 0 && acc.length < 16, `filtered to ${acc.length}`);
    assert.ok(acc.every((v) => v !== null && v > 0.88), `all accuracies > 0.88: ${acc}`);

    await search(page, "metrics.accuracy > 0.88 OR params.model = 'rf'");
    await expectText(page.locator('#run-filter-error'), /^Invalid clause\(s\) in filter string: 'OR/);
    await search(page, "params.model > 'a'");
    await expectText(page.locator('#run-filter-error'), /^Invalid comparator '>' not one of/);
    await search(page, "params.model = 'random_forest' and metrics.accuracy >= 0");
    await expectText(page.locator('#run-filter-error'), '');
    const models = await page.evaluate(() => [...document.querySelectorAll('.runs-table tbody tr')].length);
    assert.ok(models >= 1);
  }),
);

test('clicking a metric header sorts by it, descending then ascending', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await openSample(page, url);
    const header = page.getByRole('button', { name: 'accuracy', exact: true });
    await header.click();
    await waitUntil(async () => (await page.locator('th[aria-sort=descending]').count()) === 1, { what: 'descending sort' });
    // MLflow's rule: runs without the metric (the tuning parent) come last in both directions.
    const sortedWithMissingLast = (values, dir) => [
      ...values.filter((v) => v !== null).sort((a, b) => dir * (a - b)),
      ...values.filter((v) => v === null),
    ];
    let acc = await column(page, 'accuracy');
    assert.ok(acc.includes(null), 'the parent run has no accuracy');
    assert.deepEqual(acc, sortedWithMissingLast(acc, -1));
    await header.click();
    await waitUntil(async () => (await page.locator('th[aria-sort=ascending]').count()) === 1, { what: 'ascending sort' });
    acc = await column(page, 'accuracy');
    assert.deepEqual(acc, sortedWithMissingLast(acc, 1));
  }),
);

test('experiments are created, renamed, deleted and restored, and survive a reload', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('experiments'));
    await page.getByLabel('New experiment name', { exact: true }).fill('/Users/ada/e2e');
    await page.getByRole('button', { name: 'Create experiment', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Created experiment /Users/ada/e2e' }).waitFor();
    await page.getByLabel('New experiment name', { exact: true }).fill('/Users/ada/e2e');
    await page.getByRole('button', { name: 'Create experiment', exact: true }).click();
    await expectText(page.getByRole('alert').filter({ hasText: 'already exists' }), "Experiment '/Users/ada/e2e' already exists.");

    await page.getByRole('button', { name: 'Delete experiment /Users/ada/e2e', exact: true }).click();
    assert.equal(await page.getByRole('link', { name: '/Users/ada/e2e', exact: true }).count(), 0);
    await page.getByLabel('Show deleted experiments').check();
    await page.getByRole('button', { name: 'Restore experiment /Users/ada/e2e', exact: true }).click();
    await page.getByLabel('Show deleted experiments').uncheck();
    await page.getByRole('link', { name: '/Users/ada/e2e', exact: true }).waitFor();

    await page.getByRole('link', { name: '/Users/ada/e2e', exact: true }).click();
    await page.getByLabel('Rename the selected experiment to', { exact: true }).fill('Default');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expectText(page.getByRole('alert').filter({ hasText: 'already exists' }), "Experiment 'Default' already exists.");
    await page.getByLabel('Rename the selected experiment to', { exact: true }).fill('/Users/ada/e2e-renamed');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Renamed the experiment to /Users/ada/e2e-renamed' }).waitFor();

    await waitUntil(async () => (await page.locator('[data-testid=save-status]').textContent()) === 'Saved', { what: 'saved' });
    await reloadReady(page);
    await expectText(page.getByRole('heading', { level: 2, name: '/Users/ada/e2e-renamed' }), '/Users/ada/e2e-renamed');
    await expectText(count(page), '0 runs');
  }),
);

test('a run page shows params, metrics and a history chart; tags edit; the chart downloads as SVG and PNG', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await openSample(page, url);
    // Nested runs are folded under their parent until expanded (as in the MLflow UI).
    const rowCount = () => page.locator('.runs-table tbody tr').count();
    assert.equal(await rowCount(), 10, '16 runs, 6 of them folded under the tuning parent');
    const expander = page.getByRole('button', { name: 'Nested runs of hyperparameter-search (6)', exact: true });
    assert.equal(await expander.getAttribute('aria-expanded'), 'false');
    await expander.click();
    await waitUntil(async () => (await rowCount()) === 16, { what: 'the nested runs to show' });
    assert.equal(await expander.getAttribute('aria-expanded'), 'true');
    const order = await page.locator('.runs-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.classList.contains('child')));
    const parentRow = await page.locator('.runs-table tbody tr').evaluateAll((trs) =>
      trs.findIndex((tr) => tr.textContent.includes('hyperparameter-search')));
    assert.deepEqual(order.slice(parentRow + 1, parentRow + 7), [true, true, true, true, true, true], 'children follow their parent');
    // The first nested run, by name from the table.
    const link = page.locator('.runs-table tbody tr.child th a').first();
    const name = (await link.textContent()).trim();
    await link.click();
    await expectText(page.locator('h1'), name);
    assert.match(page.url(), /\/experiments\/\d+\/runs\/[0-9a-f]{32}$/);
    await page.getByRole('row', { name: /^model / }).waitFor();
    await page.getByRole('row', { name: /^train_loss / }).waitFor();
    await page.getByRole('term').filter({ hasText: 'Parent run' }).waitFor();

    // Deep link survives a reload.
    await reloadReady(page);
    await expectText(page.locator('h1'), name);

    await page.getByLabel('Tag name', { exact: true }).fill('reviewed');
    await page.getByLabel('Tag value', { exact: true }).fill('yes');
    await page.getByRole('button', { name: 'Set tag', exact: true }).click();
    await page.getByRole('row', { name: /^reviewed yes/ }).waitFor();
    await page.getByLabel('Tag name', { exact: true }).fill('bad:name');
    await page.getByRole('button', { name: 'Set tag', exact: true }).click();
    await expectText(page.getByRole('alert').filter({ hasText: 'Invalid tag name' }), /^Invalid tag name: 'bad:name'\. Names may only contain/);
    await page.getByRole('button', { name: 'Delete tag reviewed', exact: true }).click();
    await waitUntil(async () => (await page.getByRole('row', { name: /^reviewed / }).count()) === 0, { what: 'tag deleted' });
    assert.equal(await page.getByRole('button', { name: 'Delete tag mlflow.runName' }).count(), 0, 'system tags are not deletable');

    const chart = page.getByRole('img', { name: /^train_loss: 10 points/ });
    await chart.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download train_loss chart (SVG)', exact: true }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'train_loss.svg');
    const svg = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<polyline[^>]*points="[\d., ]+"/);
    assert.match(svg, /<polyline[^>]*stroke="rgb\(/, 'colours are inlined, so the file looks the same off the page');
    assert.doesNotMatch(svg, /class="/);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download train_loss chart (PNG)', exact: true }).click(),
    ]);
    assert.equal(png.suggestedFilename(), 'train_loss.png');
    const bytes = await (await import('node:fs/promises')).readFile(await png.path());
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    assert.ok(bytes.length > 2000, `a real image (${bytes.length} bytes)`);
  }),
);

test('selecting two runs opens the compare view: side by side, differences only, CSV and scatter', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await openSample(page, url);
    assert.ok(await page.getByRole('button', { name: 'Compare (select 2 or more)' }).isDisabled());
    const names = await page.locator('.runs-table tbody tr th a').evaluateAll((as) => as.slice(1, 3).map((a) => a.textContent.trim()));
    for (const name of names) await page.getByLabel(`Select run ${name}`, { exact: true }).check();
    await page.getByRole('link', { name: 'Compare 2 runs', exact: true }).click();
    await expectText(page.locator('h1'), 'Compare runs');
    for (const name of names) await page.getByRole('columnheader', { name, exact: true }).waitFor();

    const rows = () => page.locator('.compare-table tbody tr').count();
    const all = await rows();
    await page.getByLabel('Show differences only').check();
    await waitUntil(async () => (await rows()) <= all, { what: 'the diff filter' });
    const differing = await page.locator('.compare-table tbody tr').evaluateAll((trs) =>
      trs.every((tr) => new Set([...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)).size > 1),
    );
    assert.ok(differing, 'only rows whose values differ remain');
    assert.ok((await rows()) > 0);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download table (CSV)', exact: true }).click(),
    ]);
    const text = await (await import('node:fs/promises')).readFile(await csv.path(), 'utf8');
    assert.equal(text.split('\n')[0], `kind,key,${names.join(',')}`);
    await page.getByRole('img', { name: /^Scatter of .* 2 runs$/ }).waitFor();
    const parallel = page.getByRole('img', { name: /^Parallel coordinates of 2 runs over / });
    await parallel.waitFor();
    assert.equal(await parallel.locator('polyline').count(), 2, 'one line per run');
    await expectText(page.locator('[data-testid=contour-note]'), /^No contour: a contour needs at least 3 runs/);

    // The comparison is a deep link.
    await reloadReady(page);
    for (const name of names) await page.getByRole('columnheader', { name, exact: true }).waitFor();
  }),
);

test('a run is deleted and restored: it leaves the active view and shows under deleted runs', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await openSample(page, url);
    await expectText(count(page), '16 runs');
    const link = page.locator('.runs-table tbody tr:not(.child) th a').first();
    const name = (await link.textContent()).trim();
    await link.click();
    await expectText(page.locator('h1'), name);
    await page.getByRole('button', { name: 'Delete run', exact: true }).click();
    await expectText(page.getByRole('definition').filter({ hasText: /^deleted$/ }), 'deleted');

    await page.getByRole('link', { name: `← ${SAMPLE}`, exact: true }).click();
    await expectText(count(page), '15 runs');
    await page.getByLabel('Show', { exact: true }).selectOption('deleted');
    await expectText(count(page), '1 run');
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('button', { name: 'Restore run', exact: true }).click();
    await expectText(page.getByRole('definition').filter({ hasText: /^active$/ }), 'active');
    await page.getByRole('link', { name: `← ${SAMPLE}`, exact: true }).click();
    await expectText(count(page), '16 runs');
  }),
);

test('columns can be chosen per group and runs filtered by creation time', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await openSample(page, url);
    const headers = () => page.evaluate(() =>
      [...document.querySelectorAll('.runs-table thead th')].map((th) => th.textContent.replace(/[▲▼]/g, '').trim()));
    assert.ok((await headers()).includes('f1'));
    assert.ok(!(await headers()).includes('team'), 'tags are hidden until chosen');
    await page.getByText('Columns', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'Metrics f1', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: 'Tags team', exact: true }).check();
    await waitUntil(async () => {
      const h = await headers();
      return !h.includes('f1') && h.includes('team');
    }, { what: 'f1 hidden and the team tag shown' });
    const teams = await page.evaluate(() => {
      const table = document.querySelector('.runs-table');
      const i = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent.trim() === 'team');
      return [...table.querySelectorAll('tbody tr')].map((tr) => tr.children[i].textContent.trim());
    });
    assert.ok(teams.length > 0 && teams.every((t) => t === 'churn'), `team column: ${teams}`);
    // The tag column sorts like any other.
    await page.getByRole('button', { name: 'team', exact: true }).click();
    await page.locator('th[aria-sort=descending]').waitFor();

    // The sample runs started 3.5 to 6 hours ago.
    await page.getByLabel('Time created', { exact: true }).selectOption('hour');
    await expectText(count(page), '0 runs');
    await page.getByLabel('Time created', { exact: true }).selectOption('day');
    await expectText(count(page), '16 runs');
    await search(page, 'metrics.accuracy > 0.88');
    await waitUntil(async () => (await count(page).textContent()) !== '16 runs', { what: 'filter and time together' });
    await expectText(page.locator('#run-filter-error'), '');

    // "Download CSV" holds the runs the search finds, with mlflow.search_runs' columns.
    const shown = Number((await count(page).textContent()).split(' ')[0]);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
    ]);
    assert.equal(csv.suggestedFilename(), 'runs.csv');
    const lines = (await (await import('node:fs/promises')).readFile(await csv.path(), 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, shown + 1, 'a header and one line per run');
    assert.match(lines[0], /^run_id,experiment_id,status,artifact_uri,start_time,end_time,metrics\./);
    const acc = lines[0].split(',').indexOf('metrics.accuracy');
    assert.ok(lines.slice(1).every((l) => Number(l.split(',')[acc]) > 0.88), 'the filter applies to the file');
  }),
);

test('the compare view draws a contour of one metric over two axes and a line chart per run', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await openSample(page, url);
    // Five top-level runs other than the tuning parent (which has no metrics).
    const names = await page.locator('.runs-table tbody tr:not(.child) th a').evaluateAll((as) =>
      as.map((a) => a.textContent.trim()).filter((n) => n !== 'hyperparameter-search').slice(0, 5));
    for (const name of names) await page.getByLabel(`Select run ${name}`, { exact: true }).check();
    await page.getByRole('link', { name: 'Compare 5 runs', exact: true }).click();
    await expectText(page.locator('h1'), 'Compare runs');

    await page.locator('#contour-x').selectOption('metric:accuracy');
    await page.locator('#contour-y').selectOption('metric:f1');
    await page.locator('#contour-z').selectOption('metric:roc_auc');
    const contour = page.getByRole('img', { name: /^Contour of metric:roc_auc over metric:accuracy and metric:f1: 5 runs/ });
    await contour.waitFor();
    assert.ok((await contour.locator('rect').count()) >= 28 * 18, 'a filled grid');
    assert.equal(await contour.locator('circle').count(), 5, 'the runs on top');

    const line = page.getByRole('img', { name: /^train_loss by step for 5 of 5 runs/ });
    await line.waitFor();
    assert.equal(await line.locator('polyline').count(), 5, 'one line per run');
    const legend = await line.locator('text').allTextContents();
    for (const name of names) assert.ok(legend.includes(name), `legend names ${name}`);
    await page.locator('#line-x').selectOption('relative');
    await page.getByRole('img', { name: /^train_loss by relative time for 5 of 5 runs/ }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download line chart (SVG)', exact: true }).click(),
    ]);
    const svg = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
    const strokes = new Set([...svg.matchAll(/<polyline[^>]*stroke="([^"]+)"/g)].map((m) => m[1]));
    assert.equal(strokes.size, 5, 'five distinct colours in the file');
  }),
);
