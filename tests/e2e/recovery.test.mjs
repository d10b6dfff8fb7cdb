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

/** An envelope as Lakelab writes it, with the checksum computed like the core does. */
async function envelope(schemaVersion, payload) {
  const { crc32 } = await import('node:zlib');
  // Canonical JSON: sorted keys, no whitespace (core/src/persist/canonical.rs).
  const canonical = (v) => Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
      : JSON.stringify(v);
  const checksum = `crc32:${crc32(canonical(payload)).toString(16).padStart(8, '0')}`;
  return JSON.stringify({
    format: 'lakelab', kind: 'workspace', schema_version: schemaVersion, app_version: '0.0.1',
    saved_at_ms: 1, checksum, payload,
  });
}

test('a workspace saved by an older schema is upgraded, announced and kept', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    const old = {
      revision: 3,
      body: await envelope(1, { notebooks: [{ id: 'nb1', name: 'Old notes', cells: ['x = 1', 'y = 2'] }], next_id: 2 }),
    };
    await writeWorkspaceRecord(page, old);
    await page.reload();
    await waitReady(page);
    await page.getByRole('status').filter({ hasText: 'older version of Lakelab' }).first().waitFor();
    assert.equal(await cell(page, 1).inputValue(), 'x = 1');
    assert.equal(await cell(page, 2).inputValue(), 'y = 2');
    // Loading alone writes nothing; the next change saves in the current schema.
    assert.deepEqual(await readWorkspaceRecord(page), old);
    await cell(page, 2).fill('y = 3');
    await waitSaved(page, 'y = 3');
    const saved = await readWorkspaceRecord(page);
    assert.equal(saved.revision, 4);
    const upgraded = JSON.parse(saved.body);
    assert.ok(upgraded.schema_version > 1, 'saved in the current schema');
    assert.ok(upgraded.payload.tracking, 'the upgraded workspace holds the tracking store');
  }),
);

test('a workspace from a newer Lakelab is not overwritten', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('notebook'));
    const future = { revision: 7, body: await envelope(99, { notebooks: [], next_id: 1, tables: [] }) };
    await writeWorkspaceRecord(page, future);
    await page.reload();
    await expectRecoveryView(page);
    await page.getByText('saved by a newer Lakelab (schema 99)').first().waitFor();
    await cell(page, 1).fill('typed while held');
    await page.waitForTimeout(800);
    assert.deepEqual(await readWorkspaceRecord(page), future);
  }),
);
