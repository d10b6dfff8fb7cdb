// (c) Export then import restores the workspace; malformed imports fail and change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  suite, TEST_TIMEOUT, gotoReady, reloadReady, cell, waitSaved, readWorkspaceRecord, downloadContent, waitUntil,
} from './helpers.mjs';

const env = suite();

const ORIGINAL = 'original text for export 7f3a';
const CHANGED = 'changed text after export 9c1d';

async function editCell1(page, url, text) {
  await gotoReady(page, url('notebook'));
  await cell(page, 1).fill(text);
  await waitSaved(page, text);
}

async function exportFile(page, url) {
  await gotoReady(page, url('settings'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export workspace and progress', exact: true }).click(),
  ]);
  const file = await downloadContent(download);
  assert.match(file.name, /\.json$/, `export file name ${file.name}`);
  JSON.parse(file.content.toString('utf8')); // an export is JSON
  return file;
}

const importInput = (page) => page.getByLabel('Import from a file', { exact: true });

/** Everything an import could change. */
async function snapshot(page) {
  return {
    workspace: await readWorkspaceRecord(page),
    settings: await page.evaluate(() => localStorage.getItem('lakelab.settings')),
    progress: await page.evaluate(() => localStorage.getItem('lakelab.progress')),
  };
}

test('export, change, import: the exported state comes back', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await editCell1(page, url, ORIGINAL);
    const file = await exportFile(page, url);
    assert.ok(file.content.toString('utf8').includes(ORIGINAL), 'the export holds the notebook text');

    await editCell1(page, url, CHANGED);

    await gotoReady(page, url('settings'));
    await importInput(page).setInputFiles(file.path);
    await page.getByText('Imported').first().waitFor({ timeout: 10_000 });

    await gotoReady(page, url('notebook'));
    assert.equal(await cell(page, 1).inputValue(), ORIGINAL);
    // And it is stored, not only shown.
    await waitSaved(page, ORIGINAL);
    await reloadReady(page);
    assert.equal(await cell(page, 1).inputValue(), ORIGINAL);
  }),
);

test('malformed imports show "Import failed" and leave the state unchanged', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await editCell1(page, url, ORIGINAL);
    const good = await exportFile(page, url);
    const goodText = good.content.toString('utf8');
    assert.ok(goodText.includes(ORIGINAL), 'the export holds the notebook text');

    const bad = [
      { name: 'random.json', mimeType: 'application/json', buffer: randomBytes(512) },
      { name: 'wrong-shape.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":"world","cells":[1,2,3]}') },
      { name: 'array.json', mimeType: 'application/json', buffer: Buffer.from('[1,2,3]') },
      {
        // Same shape, content changed behind the checksum's back.
        name: 'wrong-checksum.json',
        mimeType: 'application/json',
        buffer: Buffer.from(goodText.replace(ORIGINAL, 'tampered text for export 7f3a')),
      },
    ];
    await editCell1(page, url, CHANGED);

    for (const file of bad) {
      await gotoReady(page, url('settings'));
      // The visit itself is recorded (progress' last route) a moment later: wait for it, so
      // only the import could change what is stored.
      await waitUntil(
        () =>
          page.evaluate(() => {
            const raw = localStorage.getItem('lakelab.progress');
            return raw !== null && JSON.parse(JSON.parse(raw).body).payload.last_route === '/settings';
          }),
        { what: 'the visit to Settings to be recorded' },
      );
      const before = await snapshot(page);
      await importInput(page).setInputFiles(file);
      const alert = page.getByRole('alert').filter({ hasText: 'Import failed' });
      await alert.first().waitFor({ timeout: 10_000 });
      assert.match((await alert.first().textContent()).trim(), /^Import failed/, `${file.name}: alert text`);
      assert.deepEqual(await snapshot(page), before, `${file.name}: stored state unchanged`);

      await gotoReady(page, url('notebook'));
      assert.equal(await cell(page, 1).inputValue(), CHANGED, `${file.name}: notebook unchanged`);
    }
  }),
);
