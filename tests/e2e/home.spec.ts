import { test, expect } from './fixtures';

test('the home page lists the scenarios', { tag: '@nojs' }, async ({ page, axe }) => {
	const response = await page.goto('/');
	expect(response?.status()).toBe(200);
	await expect(page.locator('h1')).toHaveCount(1);
	await expect(page.getByRole('heading', { name: 'Scenarios', exact: true })).toBeVisible();

	// Each scenario is a link to /scenarios/<id>, however the page spells the href.
	const hrefs = await page
		.getByRole('link')
		.evaluateAll((links) =>
			links.map((link) => new URL((link as HTMLAnchorElement).href).pathname)
		);
	const scenarioLinks = hrefs.filter((path) => /^\/scenarios\/[^/]+$/.test(path));
	expect(scenarioLinks.length, 'links to /scenarios/<id>').toBeGreaterThan(0);

	await axe.expectNoAxeViolations();
});
