import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { expect, expectNoAxeViolations, test } from './fixtures';
import { compileScenario } from '../../src/lib/scenarios';
import { FLOW_SCENARIOS, setUpProgramme } from './programmes-setup';

/** A library scenario's own pass mark: the setup's assignments set none, so theirs applies. */
const scenarioPass = (id: string) => {
	const file = `src/lib/scenarios/library/${id}.md`;
	return compileScenario(readFileSync(file, 'utf-8'), file).scenario!.pass;
};

// After the programme flow (a roster of three, two scenarios assigned in assessment mode, the
// first trainee finished the first one), the instructor finds that attempt in the dashboard's
// matrix, the item analysis and the trainee's page, and downloads the three exports, whose
// contents are parsed and checked here. axe checks every report page, also at 360 px. Runs with
// JavaScript on and off (@nojs): the reports are server-rendered links, forms and downloads.

/** RFC 4180 rows: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else field += c;
	}
	if (field || row.length) rows.push([...row, field]);
	return rows;
}

/** At 360 px wide the page itself never scrolls sideways (wide tables scroll in their box). */
async function checkNarrow(page: Page) {
	const size = page.viewportSize()!;
	await page.setViewportSize({ width: 360, height: 740 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await expectNoAxeViolations(page);
	await page.setViewportSize(size);
}

async function download(page: Page, name: RegExp): Promise<{ file: Download; text: string }> {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('navigation', { name: 'Cohort reports' }).getByRole('link', { name }).click()
	]);
	return { file, text: await readFile((await file.path())!, 'utf-8') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('the instructor sees a finished assessment in the matrix, item analysis, trainee page and all three exports @nojs', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	const setup = await setUpProgramme(browser);
	const [ada, bea] = setup.trainees;
	const [coat, camera] = FLOW_SCENARIOS;
	const staff = setup.instructorPage;
	// The player shows each response in quotes; the reports show its text.
	const said = setup.choices.map((c) => c.replace(/^[“"]|[”"]$/g, ''));

	// The dashboard: Ada's row holds her score for the first scenario; nobody else started.
	await staff.goto(`/cohorts/${setup.cohortId}`);
	await staff.getByRole('link', { name: 'Dashboard' }).click();
	await expect(staff.getByRole('heading', { level: 1 })).toContainText('dashboard');
	const matrix = staff.getByRole('table', { name: /Best scores by trainee and assignment/ });
	await expect(matrix.getByRole('columnheader', { name: new RegExp(coat.title) })).toBeVisible();
	await expect(matrix.getByRole('columnheader', { name: new RegExp(camera.title) })).toBeVisible();
	// Columns follow due date and creation order: find each scenario's by its heading.
	const headings = await matrix.locator('thead th').allInnerTexts();
	const column = (title: string) => headings.findIndex((h) => h.includes(title)) - 1;
	const adaRow = matrix.getByRole('row').filter({ hasText: ada.displayName });
	const coatCell = adaRow.getByRole('cell').nth(column(coat.title));
	await expect(coatCell).toHaveText(/^\s*\d+\s+(Passed|Not yet passed)\s*$/);
	const score = Number(/\d+/.exec(await coatCell.innerText())![0]);
	const passed = /Passed/.test(await coatCell.innerText());
	await expect(adaRow.getByRole('cell').nth(column(camera.title))).toContainText('Not started');
	await expect(
		matrix
			.getByRole('row')
			.filter({ hasText: bea.displayName })
			.getByRole('cell')
			.nth(column(coat.title))
	).toContainText('Not started');
	await expectNoAxeViolations(staff);
	await checkNarrow(staff);

	// Sorting by the first scenario's column, highest first, puts Ada on top.
	await matrix.getByRole('link', { name: coat.title }).click();
	await expect(staff).toHaveURL(/sort=[^&]+&dir=desc/);
	await expect(staff.getByRole('columnheader', { name: new RegExp(coat.title) })).toHaveAttribute(
		'aria-sort',
		'descending'
	);
	await expect(matrix.getByRole('row').nth(1)).toContainText(ada.displayName);
	// Filtering by name keeps one row.
	await staff.getByLabel('Name or username').fill(bea.username);
	await staff.getByRole('button', { name: 'Apply' }).click();
	await expect(matrix.locator('tbody tr')).toHaveCount(1);
	await expect(matrix.locator('tbody tr')).toContainText(bea.displayName);
	// The cohort's principle figures count Ada's one attempt.
	const principles = staff.getByRole('table', { name: /Per-principle cohort scores/ });
	await expect(principles.locator('tbody tr').first().getByRole('cell').first()).toHaveText('1');

	// Item analysis: every choice Ada made was picked by 100% of the one attempt at its beat.
	await staff.goto(`/cohorts/${setup.cohortId}/dashboard`);
	await staff.getByRole('link', { name: 'Item analysis' }).click();
	await expect(staff.getByRole('heading', { level: 1 })).toContainText('item analysis');
	await expectNoAxeViolations(staff);
	await staff.getByRole('link', { name: coat.title }).click();
	await expect(staff.getByRole('heading', { level: 1 })).toHaveText(`${coat.title}: item analysis`);
	await expect(staff.getByText('1 trainee, 1 finished assessment attempt.')).toBeVisible();
	for (const choice of said) {
		const row = staff.getByRole('row').filter({ hasText: choice }).first();
		await expect(row.getByRole('cell').last()).toContainText('100% (1)');
	}
	await expect(
		staff.getByRole('table', { name: 'How often each ending was reached' }).getByText('100%')
	).toBeVisible();
	await expectNoAxeViolations(staff);
	await checkNarrow(staff);

	// The trainee's page: the attempt, its choices with the feedback shown at the debrief.
	await staff.goto(`/cohorts/${setup.cohortId}/dashboard`);
	await staff.getByRole('link', { name: ada.displayName }).click();
	await expect(staff.getByRole('heading', { level: 1 })).toContainText(ada.displayName);
	const attempt = staff.locator(`#attempt-${setup.attemptId}`);
	await attempt.locator('summary').click();
	await expect(attempt).toContainText(`${score}/100`);
	await expect(attempt.getByText('Shown at the debrief')).toHaveCount(setup.choices.length);
	for (const choice of said) await expect(attempt).toContainText(choice);
	await expectNoAxeViolations(staff);
	await checkNarrow(staff);
	await attempt.getByRole('link', { name: 'Open the attempt as the trainee sees it' }).click();
	await expect(staff.getByRole('region', { name: /^Debrief: / })).toBeVisible();

	// The exports.
	await staff.goto(`/cohorts/${setup.cohortId}/dashboard`);
	const gradebook = await download(staff, /Gradebook/);
	expect(gradebook.file.suggestedFilename()).toMatch(/gradebook\.csv$/);
	const grades = parseCsv(gradebook.text);
	expect(grades[0][0]).toBe('username');
	const coatHeader = `${setup.assignmentTitle}: ${coat.title} [${setup.assignmentIds[coat.id]}]`;
	const cameraHeader = `${setup.assignmentTitle}: ${camera.title} [${setup.assignmentIds[camera.id]}]`;
	// Score columns, then a verdict column per assignment naming its pass mark (the one rule).
	const verdictHeader = (h: string, id: string) => `passed: ${h} (pass mark ${scenarioPass(id)})`;
	expect([...grades[0].slice(1)].sort()).toEqual(
		[
			cameraHeader,
			coatHeader,
			verdictHeader(cameraHeader, camera.id),
			verdictHeader(coatHeader, coat.id)
		].sort()
	);
	const gradeOf = (username: string, header: string) =>
		grades.find((r) => r[0] === username)![grades[0].indexOf(header)];
	expect(gradeOf(ada.username, coatHeader)).toBe(String(score));
	expect(gradeOf(ada.username, verdictHeader(coatHeader, coat.id))).toBe(
		score >= scenarioPass(coat.id) ? 'yes' : 'no'
	);
	expect(gradeOf(ada.username, cameraHeader)).toBe('');
	expect(gradeOf(ada.username, verdictHeader(cameraHeader, camera.id))).toBe('');
	expect(gradeOf(bea.username, coatHeader)).toBe('');
	expect(gradeOf(bea.username, verdictHeader(coatHeader, coat.id))).toBe('');
	expect(grades).toHaveLength(1 + setup.trainees.length);

	const choices = await download(staff, /Choices for research/);
	const rows = parseCsv(choices.text);
	const header = rows[0];
	const records = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
	expect(records).toHaveLength(setup.choices.length);
	const pseudonym = records[0].trainee;
	expect(pseudonym).toMatch(/^p-/);
	for (const [i, r] of records.entries()) {
		expect(r).toMatchObject({
			cohort: setup.cohortId,
			trainee: pseudonym,
			attempt: setup.attemptId,
			mode: 'assessment',
			scenario: coat.id,
			seq: String(i + 1),
			rewound: 'false'
		});
		expect(r.choice.startsWith(`${r.beat}.`)).toBe(true);
		expect(r.version).toMatch(/^[0-9a-f]{64}$/);
		expect(['helpful', 'mixed', 'unhelpful']).toContain(r.verdict);
	}
	for (const secret of [ada.username, ada.displayName, ada.email])
		expect(choices.text).not.toContain(secret);

	const xapi = await download(staff, /xAPI statements/);
	const statements = JSON.parse(xapi.text) as {
		id: string;
		actor: { account: { homePage: string; name: string } };
		verb: { id: string };
		result?: { response?: string; success?: boolean; score?: { scaled: number } };
		version: string;
	}[];
	const verbs = statements.map((s) => s.verb.id.split('/').pop());
	expect(verbs).toEqual([
		...setup.choices.map(() => 'answered'),
		'completed',
		passed ? 'passed' : 'failed'
	]);
	expect(statements.map((s) => s.result?.response).filter(Boolean)).toEqual(
		records.map((r) => r.choice)
	);
	expect(statements.at(-1)!.result!.score!.scaled).toBeCloseTo(score / 100, 5);
	for (const s of statements) {
		expect(s.id).toMatch(UUID);
		expect(s.version).toBe('1.0.3');
		expect(s.actor.account).toEqual({ homePage: new URL(baseURL!).origin, name: pseudonym });
	}
	for (const secret of [ada.username, ada.displayName, ada.email])
		expect(xapi.text).not.toContain(secret);
	// A second export carries the same statement ids.
	const again = await download(staff, /xAPI statements/);
	expect((JSON.parse(again.text) as { id: string }[]).map((s) => s.id)).toEqual(
		statements.map((s) => s.id)
	);

	await staff.context().close();
	await setup.traineePage.context().close();
});
