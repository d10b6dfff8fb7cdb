// The Quiz page in practice mode, as a learner uses it: pick one objective, answer a question
// wrong with the keyboard and read every option's explanation, answer the next one right with
// the mouse, retry only the wrong one, then reload and find the answers kept in progress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, TEST_TIMEOUT, expectText, gotoReady, reloadReady, expectH1, waitUntil } from './helpers.mjs';

const env = suite();
const shown = (page) => page.getByTestId('quiz-question').getAttribute('data-question');

test('practice: answer, read the explanations, retry the wrong one, and keep it after a reload', { timeout: TEST_TIMEOUT }, () =>
  env.withApp(async ({ page, url }) => {
    await gotoReady(page, url('quiz'));
    await expectH1(page, 'Quiz');
    await page.locator('#quiz-scope').selectOption('S3.10');
    await waitUntil(async () => (await shown(page)) === 'S3.10-01', { what: 'the first S3.10 question' });
    await expectText(page.getByTestId('quiz-stats'), /^7 questions · 0 answered · 0 right last time$/);

    // Keyboard: "2" picks option B (12, wrong), Enter submits.
    await page.locator('h1').click();
    await page.keyboard.press('2');
    await page.keyboard.press('Enter');
    const feedback = page.getByTestId('quiz-feedback');
    await expectText(feedback.locator('.verdict'), 'Not quite');
    const explanations = feedback.locator('.quiz-explanations li');
    assert.equal(await explanations.count(), 4);
    assert.equal(await feedback.locator('.quiz-explanations li.right').count(), 1);
    assert.match(await feedback.locator('.quiz-explanations li.right').textContent(), /60.*12 × 5 = 60/s);
    assert.equal(await page.getByRole('button', { name: 'Submit' }).isDisabled(), true, 'answered once');
    await expectText(page.getByTestId('quiz-stats'), /^7 questions · 1 answered · 0 right last time$/);

    // Enter moves on; the mouse picks option A (31, right) of the next question.
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await shown(page)) === 'S3.10-02', { what: 'the second question' });
    await page.getByTestId('quiz-options').locator('label').first().click();
    await page.getByRole('button', { name: 'Submit' }).click();
    await expectText(page.getByTestId('quiz-feedback').locator('.verdict'), 'Correct');
    await expectText(page.getByTestId('quiz-stats'), /^7 questions · 2 answered · 1 right last time$/);

    // Retry wrong only: the one missed question.
    await page.locator('#quiz-mode').selectOption('wrong');
    await waitUntil(async () => (await shown(page)) === 'S3.10-01', { what: 'the question answered wrong' });

    // Kept in progress (localStorage) across a reload.
    await waitUntil(
      async () => (await page.evaluate(() => localStorage.getItem('lakelab.progress') ?? '')).includes('S3.10-02'),
      { what: 'the answers saved in progress' },
    );
    await reloadReady(page);
    await gotoReady(page, url('quiz'));
    await page.locator('#quiz-scope').selectOption('S3.10');
    await expectText(page.getByTestId('quiz-stats'), /^7 questions · 2 answered · 1 right last time$/);
    await page.locator('#quiz-mode').selectOption('wrong');
    await waitUntil(async () => (await shown(page)) === 'S3.10-01', { what: 'the wrong one after reload' });
  }));
