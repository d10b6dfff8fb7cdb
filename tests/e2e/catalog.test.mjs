// Catalog Explorer and the Unity Catalog registry: register a run's model three times from
// its page, set Champion on version 2 then move it to version 3 (the chips follow), grant
// EXECUTE to a group, and see "act as" give and then lose a colleague's access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, expectText, openSample, reloadReady, saveStatus, navLink } from './helpers.mjs';

const env = suite();
const MODEL = 'main.default.churn_model';

/** The alias chips in the row of `version`. */
const chips = (page, version) =>
  page
    .locator('[data-testid=model-versions] tbody tr')
    .filter({ has: page.locator('th', { hasText: new RegExp(`^Version ${version}$`) }) })
    .locator('[data-testid=alias-chip]');

async function setAlias(page, alias, version) {
  await page.getByLabel('Alias', { exact: true }).fill(alias);
  await page.getByLabel('on version', { exact: true }).selectOption(String(version));
  await page.getByRole('button', { name: 'Set alias', exact: true }).click();
}

test('register a model, move Champion between versions, and see act-as lose access after a revoke', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await openSample(page, url);
    const link = page.locator('.runs-table tbody tr th a').first();
    await link.click();
    const model = page.locator('[data-testid=logged-model]').first();
    await model.getByLabel('Register as (catalog.schema.model)').fill(MODEL);
    for (const version of [1, 2, 3]) {
      await model.getByRole('button', { name: 'Register model', exact: true }).click();
      await expectText(model.getByTestId('register-outcome'), `Registered version ${version} of ${MODEL}. Open in Catalog`);
    }
    await model.getByRole('link', { name: 'Open in Catalog', exact: true }).click();
    await expectText(page.getByTestId('model-name'), MODEL);
    assert.equal(await page.locator('[data-testid=model-versions] tbody tr').count(), 3);
    // Lineage: each version's upstream is the run it came from, a link back to the run page.
    const upstream = page.getByTestId('model-lineage').getByRole('link', { name: /^Run [0-9a-f]{32}$/ });
    assert.equal(await upstream.count(), 3);
    assert.match(await upstream.first().getAttribute('href'), /\/experiments\/\d+\/runs\/[0-9a-f]{32}$/);
    // The graph draws the run once, the three versions, and an edge to each.
    assert.match(await page.getByTestId('lineage-graph').getAttribute('aria-label'), /^Lineage graph: 4 nodes, 3 edges,/);

    await setAlias(page, 'Champion', 2);
    await expectText(chips(page, 2), '@Champion×');
    await setAlias(page, 'Champion', 3);
    await expectText(chips(page, 3), '@Champion×');
    assert.equal(await chips(page, 2).count(), 0, 'the alias moved off version 2');
    // A version tag shows in its row.
    await page.getByLabel('Tag version').selectOption('3');
    await page.locator('#version-tag-key').fill('validation_status');
    await page.locator('#version-tag-value').fill('approved');
    await page.getByRole('button', { name: 'Set version tag', exact: true }).click();
    await page.getByRole('button', { name: 'Remove version tag validation_status', exact: true }).waitFor();
    // A reserved alias is refused with the registry's message.
    await setAlias(page, 'latest', 1);
    await expectText(page.getByTestId('catalog-error'), "'latest' alias name (case insensitive) is reserved.");

    // Grant EXECUTE to data_scientists; Alice (a member) can then open the model.
    await page.getByLabel('Principal', { exact: true }).selectOption('data_scientists');
    await page.getByLabel('Privilege', { exact: true }).selectOption('EXECUTE');
    await page.getByRole('button', { name: 'Grant', exact: true }).click();
    await page.getByTestId('effective-privileges').getByRole('row', { name: /alice@lakelab EXECUTE/ }).waitFor();
    await page.getByLabel('Act as').selectOption('alice@lakelab');
    await expectText(page.getByTestId('model-name'), MODEL);
    // Alice may not move aliases: only the owner can.
    await setAlias(page, 'Champion', 1);
    await expectText(page.getByTestId('catalog-error'), `User 'alice@lakelab' is not the owner of Model '${MODEL}'; only the owner can set or delete aliases.`);

    // Back as the learner, revoke; acting as Alice now shows the permission error.
    await page.getByLabel('Act as').selectOption('learner@lakelab');
    await page.getByLabel('Principal', { exact: true }).selectOption('data_scientists');
    await page.getByLabel('Privilege', { exact: true }).selectOption('EXECUTE');
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByLabel('Act as').selectOption('alice@lakelab');
    await expectText(page.getByTestId('model-denied'), `User 'alice@lakelab' does not have EXECUTE on Model '${MODEL}'.`);

    // It is all saved: after a reload the aliases and the acting principal are still there.
    await page.getByLabel('Act as').selectOption('learner@lakelab');
    await page.getByTestId('model-name').waitFor();
    await expectText(saveStatus(page), 'Saved');
    await reloadReady(page);
    await expectText(chips(page, 3), '@Champion×');
    await page.goto(url('catalog'));
    await page.getByTestId('catalog-tree').getByRole('link', { name: 'churn_model', exact: true }).waitFor();
    // Acting as someone else shows on the Notebook page too, where cells act as them.
    await page.getByLabel('Act as').selectOption('bob@lakelab');
    await navLink(page, 'Notebook').click();
    await expectText(page.getByTestId('acting-as-notice'), 'Cells act as bob@lakelab in Unity Catalog (switch back with Act as on the Catalog page).');
  }),
);
