// A short mock exam as a learner takes it: no feedback while answering, a flag, the grid,
// a reload in the middle (the exam resumes), finishing early with a confirmation, then the
// score per section and the review filtered by wrong and flagged answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, expectText, gotoReady, reloadReady, expectH1, waitUntil } from './helpers.mjs';

const env = suite();

test('mock exam: answer, flag, resume after reload, finish, score and review', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('quiz'));
    await page.getByRole('link', { name: 'Take a mock exam', exact: true }).click();
    await expectH1(page, 'Mock exam');
    await page.locator('#exam-length').selectOption('10');
    await page.getByRole('button', { name: 'Start a mock exam', exact: true }).click();
    await expectText(page.getByTestId('exam-position'), 'Question 1 of 10');
    await expectText(page.getByTestId('exam-clock'), /^1[89]:\d\d$/);
    assert.equal(await page.getByTestId('exam-nav').getByRole('button').count(), 10);

    // Answer question 1 (its first option, or leave an order question as it is), flag
    // question 2; no verdict is shown.
    const first = await page.getByTestId('exam-question').getAttribute('data-question');
    const options = page.getByTestId('quiz-options').locator('input');
    if (await options.count()) await options.first().check();
    assert.equal(await page.locator('.verdict').count(), 0, 'no feedback during the exam');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expectText(page.getByTestId('exam-position'), 'Question 2 of 10');
    await page.getByLabel('Flag for review').check();
    await page.getByTestId('exam-nav').getByRole('button', { name: /^Question 2, .*flagged$/ }).waitFor();

    // A reload resumes the same exam.
    await waitUntil(
      async () => (await page.evaluate(() => localStorage.getItem('lakelab.progress') ?? '')).includes('[false,true,false,false,false,false,false,false,false,false]'),
      { what: 'the flag saved' },
    );
    await reloadReady(page);
    await expectH1(page, 'Mock exam');
    await page.getByTestId('exam-nav').getByRole('button', { name: 'Question 1', exact: false }).first().click();
    assert.equal(await page.getByTestId('exam-question').getAttribute('data-question'), first);

    await page.getByRole('button', { name: 'Finish exam', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, finish', exact: true }).click();
    await expectText(page.getByTestId('exam-score'), /^Score: \d+ of 10 \(\d+%\)$/);
    const sections = page.getByTestId('exam-section');
    assert.ok((await sections.count()) >= 2, 'a breakdown per section');
    assert.equal(await page.getByTestId('exam-review').count(), 10);
    await page.locator('#exam-filter').selectOption('flagged');
    await waitUntil(async () => (await page.getByTestId('exam-review').count()) === 1, { what: 'the flagged question only' });
    assert.equal(await page.getByTestId('exam-review').getAttribute('data-flagged'), 'true');
    await page.locator('#exam-filter').selectOption('wrong');
    const wrong = await page.getByTestId('exam-review').count();
    assert.ok(wrong >= 9, `at least the 9 unanswered are wrong, got ${wrong}`);
    for (const r of await page.getByTestId('exam-review').all()) assert.equal(await r.getAttribute('data-right'), 'false');
  }));
