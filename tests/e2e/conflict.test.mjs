// (e) Two tabs: when tab A saved a newer revision, tab B's edit must not silently overwrite it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, TEST_TIMEOUT, gotoReady, waitReady, cell, waitSaved, readWorkspaceRecord, jsonEscaped, sleep,
} from './helpers.mjs';

const env = suite();

test('a second tab shows the conflict alert instead of overwriting', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ context, page: a, url }) => {
    const textA = 'saved by tab A 41d2';
    const textB = 'typed in tab B 0be7';
    await gotoReady(a, url('notebook'));
    const b = await context.newPage();
    await gotoReady(b, url('notebook'));

    await cell(a, 1).fill(textA);
    await waitSaved(a, textA);
    const saved = await readWorkspaceRecord(a);

    await cell(b, 1).fill(textB);
    const alert = b.getByRole('alert').filter({ hasText: 'changed in another tab' });
    await alert.first().waitFor({ timeout: 10_000 });
    await alert.first().getByRole('button', { name: 'Reload', exact: true }).waitFor();

    // Give B's debounced save every chance to (wrongly) happen, then check A's save is intact.
    await sleep(1500);
    const now = await readWorkspaceRecord(a);
    assert.ok(now.body.includes(jsonEscaped(textA)), "tab A's text is still stored");
    assert.ok(!now.body.includes(jsonEscaped(textB)), "tab B's text did not overwrite it");
    assert.equal(now.revision, saved.revision, 'no newer revision written by B');

    await Promise.all([b.waitForEvent('load'), alert.first().getByRole('button', { name: 'Reload', exact: true }).click()]);
    await waitReady(b);
    assert.equal(await cell(b, 1).inputValue(), textA);
  }),
);
