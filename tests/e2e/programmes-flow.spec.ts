import { ACCOUNTS } from './accounts';
import { expect, expectNoAxeViolations, test } from './fixtures';
import { FLOW_SCENARIOS, setUpProgramme } from './programmes-setup';

// An instructor imports a roster and assigns two scenarios; a new trainee sets a password from
// their link and completes one assignment in assessment mode. axe checks every page on the way.

test(
	'instructor imports a roster and assigns two scenarios; a trainee completes an assessment',
	{ tag: '@nojs' },
	async ({ browser }) => {
		test.setTimeout(180_000);
		const visited: string[] = [];
		const setup = await setUpProgramme(browser, {
			check: async (page, step) => {
				visited.push(step);
				await expectNoAxeViolations(page);
			}
		});
		expect(visited.length).toBeGreaterThanOrEqual(12);

		// The trainee's home page now shows the assignment as done, the other one not started.
		const page = setup.traineePage;
		await page.goto('/');
		const assignments = page.getByRole('region', { name: 'Your assignments' });
		const done = assignments.getByRole('listitem').filter({ hasText: FLOW_SCENARIOS[0].title });
		const other = assignments.getByRole('listitem').filter({ hasText: FLOW_SCENARIOS[1].title });
		await expect(done.getByText(/^(Passed|Not yet passed)$/)).toBeVisible();
		await expect(done).toContainText('1 attempt left.');
		await expect(done).toContainText(/Best score \d+%/);
		await expect(other.getByText('Not started', { exact: true })).toBeVisible();
		await expect(other).toContainText('2 attempts left.');
		// The scenarios list is still there, after the assignments.
		await expect(page.getByRole('heading', { level: 2, name: 'Scenarios' })).toBeVisible();
		await expectNoAxeViolations(page);

		// The link worked once only.
		await page.goto(setup.links[setup.trainees[0].username]);
		await expect(page.getByRole('alert')).toContainText('This link has already been used');

		// The instructor sees the attempt on the assignment's page and can open it (view only).
		const staff = setup.instructorPage;
		await staff.goto(
			`/cohorts/${setup.cohortId}/assignments/${setup.assignmentIds[FLOW_SCENARIOS[0].id]}`
		);
		const row = staff.getByRole('row').filter({ hasText: setup.trainees[0].displayName });
		await expect(row.getByRole('cell').nth(0)).toHaveText(/^(Passed|Not yet passed)$/);
		await expect(row).toContainText('1 left');
		await expectNoAxeViolations(staff);

		// Its settings form checks what it is given like the assign form: a mistake keeps what was
		// typed and marks the field; a good post saves.
		const settings = staff.getByRole('region', { name: 'Settings' });
		await settings.getByLabel(/^Opens on/).fill('2099-02-01');
		await settings.getByLabel(/^Due date/).fill('2099-01-31');
		await settings.getByRole('button', { name: 'Save the settings' }).click();
		await expect(staff.getByRole('alert')).toContainText(
			'The opening date must be on or before the due date.'
		);
		await expect(settings.getByLabel(/^Opens on/)).toHaveAttribute('aria-invalid', 'true');
		await expect(settings.getByLabel(/^Opens on/)).toHaveValue('2099-02-01');
		await expect(settings.getByLabel(/^Due date/)).toHaveValue('2099-01-31');
		await expect(settings.getByRole('radio', { name: /^Assessment/ })).toBeChecked();
		await expectNoAxeViolations(staff);
		await settings.getByLabel(/^Opens on/).fill('');
		await settings.getByRole('button', { name: 'Save the settings' }).click();
		await expect(staff.getByRole('status')).toHaveText('The settings were saved.');
		await expect(settings.getByLabel(/^Due date/)).toHaveValue('2099-01-31');
		await expect(settings.getByLabel(/^Opens on/)).not.toHaveAttribute('aria-invalid');
		await staff.goto(`/attempts/${setup.attemptId}`);
		await expect(staff.getByRole('region', { name: /^Debrief: / })).toBeVisible();
		await expect(staff.getByRole('region', { name: 'What do you say?' })).toHaveCount(0);

		// Importing the same file again changes nothing.
		await staff.goto(`/cohorts/${setup.cohortId}/roster`);
		await expect(staff.getByRole('heading', { name: 'Trainees (3)' })).toBeVisible();
		await expectNoAxeViolations(staff);
		expect(ACCOUNTS.progInstructor.username).toBe(setup.instructor.username);

		// An assignment set to open later shows its date to the instructor, and nothing to trainees.
		await staff.goto(`/cohorts/${setup.cohortId}/assignments`);
		await staff.getByRole('checkbox', { name: /^Homework again/ }).check();
		await staff.getByLabel(/^Opens on/).fill('2099-01-01');
		await staff.getByRole('button', { name: 'Assign' }).click();
		await expect(staff.getByRole('heading', { level: 1, name: setup.cohortName })).toBeVisible();
		await expect(staff.getByRole('row').filter({ hasText: 'Homework again' })).toContainText(
			'Opens 1 Jan 2099'
		);
		await expectNoAxeViolations(staff);
		await page.goto('/');
		await expect(
			page.getByRole('region', { name: 'Your assignments' }).getByRole('listitem')
		).toHaveCount(2);
		await expect(page.getByRole('region', { name: 'Your assignments' })).not.toContainText(
			'Homework again'
		);
		await staff.context().close();
		await page.context().close();
	}
);
