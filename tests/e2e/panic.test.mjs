// (h) ?simulate=panic: the panic hook replaces the page with an error view and a way to get the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT } from './helpers.mjs';

const env = suite();
const HEADING = 'Lakelab stopped because of an internal error';
// Only in this test: the panic message itself, and the wasm trap that follows it with panic=abort.
const PANIC_ERRORS = [/panicked/i, /simulate/i, /unreachable/i, /RuntimeError/];

for (const path of ['?simulate=panic', 'notebook?simulate=panic']) {
  test(`/${path} shows the panic view with "Download my data"`, { timeout: TEST_TIMEOUT }, () =>
    env.withApp({ allowErrors: PANIC_ERRORS }, async ({ page, url }) => {
      await page.goto(url(path));
      await page.getByRole('heading', { name: HEADING, exact: true }).waitFor({ timeout: 30_000 });
      const control = page
        .getByRole('link', { name: 'Download my data', exact: true })
        .or(page.getByRole('button', { name: 'Download my data', exact: true }));
      await control.first().waitFor();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), control.first().click()]);
      assert.ok(download.suggestedFilename().length > 0, 'the control downloads a file');
    }),
  );
}
