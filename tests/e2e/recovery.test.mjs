// (f) A corrupt stored workspace: the app starts in a recovery view, offers the raw data for
// download, and touches the record only when the user chooses "Start with an empty workspace".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, TEST_TIMEOUT, gotoReady, waitReady, cell, waitSaved, readWorkspaceRecord, writeWorkspaceRecord,
  downloadContent, waitUntil, jsonEscaped,
} from './helpers.mjs';

const env = suite();
const HEADING = 'Your saved workspace could not be loaded';

async function expectRecoveryView(page) {
  const heading = page.getByRole('heading', { name: HEADING, exact: true });
  await heading.waitFor({ timeout: 30_000 });
  const level = await heading.evaluate((el) => el.tagName);
  assert.ok(['H1', 'H2'].includes(level), `recovery heading is h1/h2, got ${level}`);
  await page.getByRole('button', { name: 'Download the saved data', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Start with an empty workspace', exact: true }).waitFor();
}

async function recoverFrom(page, corrupt, expectedDownload) {
  await page.reload();
  await expectRecoveryView(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the saved data', exact: true }).click(),
  ]);
  const file = await downloadContent(download);
  assert.equal(file.content.toString('utf8'), expectedDownload, 'the download is the stored data, byte for byte');

  // Nothing written yet, not even after another reload.
  assert.deepEqual(await readWorkspaceRecord(page), corrupt);
  await page.reload();
  await expectRecoveryView(page);
  assert.deepEqual(await readWorkspaceRecord(page), corrupt);

  await page.getByRole('button', { name: 'Start with an empty workspace', exact: true }).click();
  await waitReady(page);
  await waitUntil(async () => {
    const rec = await readWorkspaceRecord(page);
    return rec === null || rec.body !== corrupt.body;
  }, { what: 'the corrupt record to be replaced' });
  await page.reload();
  await waitReady(page);
  assert.equal(await page.getByRole('heading', { name: HEADING }).count(), 0, 'no recovery view after starting empty');
}

test('a record whose body is not JSON opens the recovery view', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook')); // the app creates its database
    const corrupt = { revision: 1, body: '{not json' };
    await writeWorkspaceRecord(page, corrupt);
    await recoverFrom(page, corrupt, '{not json');
  }),
);

test('a record with a wrong checksum opens the recovery view', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    const text = 'checksummed text 6a0f';
    await gotoReady(page, url('notebook'));
    await cell(page, 1).fill(text);
    await waitSaved(page, text);
    const good = await readWorkspaceRecord(page);
    // Same envelope, same length, different content: only the checksum can tell.
    const corrupt = { ...good, body: good.body.replace(jsonEscaped(text), jsonEscaped('checksummed text 6a0X')) };
    assert.notEqual(corrupt.body, good.body);
    await writeWorkspaceRecord(page, corrupt);
    await recoverFrom(page, corrupt, corrupt.body);
  }),
);
