import type { Page } from '@playwright/test';
import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { signIn, waitForScenario, writeScenarioFile } from './player-helpers';

// The format's constructs in the player (issue 11), with and without JavaScript: a cue shown
// apart from speech and named for screen readers, a client line that depends on a memory flag,
// a silence choice, and a debrief with a conditional note and the generated path summary
// (critical action missed, and where it could have been met; the flag that changed the story).

const ID = 'e2e-constructs';
const SOURCE = `---
title: Ana remembers
summary: A remark in the first beat comes back in the second.
client: { name: Ana }
difficulty: 1
minutes: 3
principles: [safe-space, patience, relevant-questions]
flags:
  brushed-off: You brushed off what Ana said about her weekend.
critical:
  ask-about-risk: { title: Ask directly about risk, cap: 40 }
---

## Weekend {#weekend}

[cue] Ana pulls her sleeves over her hands.

**Ana:** It was a bad weekend.

- "Everyone has bad weekends." -> pause
  scores: safe-space -1
  sets: brushed-off
  feedback: This plays it down.
  better: "Tell me about the weekend."
- "Tell me about the weekend." -> pause
  scores: safe-space +1
  feedback: An open invitation.

## Pause {#pause}

[if has brushed-off] **Ana:** It's nothing, like you said.
[else] **Ana:** I didn't see the point of anything.

[if has brushed-off] [cue] She looks at the door.

- "" -> end
  kind: silence
  scores: patience +1
  feedback: The silence leaves her room to go on.
- "Are you having thoughts of ending your life?" -> end
  meets: ask-about-risk
  scores: relevant-questions +2
  feedback: Direct and caring.

## End {#end .ending outcome=stalled}

### Debrief

Ana leaves a little early.

[if has brushed-off] The brush-off in the first beat stayed with her.
`;

const transcript = (page: Page) => page.getByRole('list', { name: 'Transcript' });
const choices = (page: Page) => page.getByRole('region', { name: 'What do you say?' });

test(
	'cues, a flag-dependent line, a silence and a path-aware debrief',
	{ tag: '@nojs' },
	async ({ page, axe, baseURL }) => {
		test.setTimeout(90_000);
		writeScenarioFile(ID, SOURCE);
		await waitForScenario(baseURL!, ID);
		await signIn(page, ACCOUNTS.constructs, `/scenarios/${ID}`);
		await page.goto(`/scenarios/${ID}`);
		await page.getByRole('button', { name: 'Start the session' }).click();
		await expect(page).toHaveURL(/\/attempts\/[^/?]+/);

		// A cue is apart from speech, with an accessible name.
		const cues = transcript(page).getByRole('note', { name: 'Non-verbal cue' });
		await expect(cues).toHaveCount(1);
		await expect(cues.first()).toContainText('Ana pulls her sleeves over her hands.');
		// Non-verbal, so set in italics and outside any speech bubble (the visual pass, issue 13).
		await expect(cues.first()).toHaveCSS('font-style', 'italic');
		await expect(cues.first()).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
		await axe.expectNoAxeViolations();

		// Without the flag, the client's line is the `[else]` variant and the door cue is absent.
		await choices(page)
			.getByRole('button', { name: /Tell me about the weekend/ })
			.click();
		await expect(transcript(page)).toContainText("I didn't see the point of anything.");
		await expect(transcript(page)).not.toContainText("It's nothing, like you said.");
		await expect(cues).toHaveCount(1);

		// Take it back and brush her off: the flag is set, and the next beat remembers it.
		await page.getByRole('button', { name: 'Try another response' }).click();
		await expect(transcript(page)).not.toContainText("I didn't see the point");
		await choices(page)
			.getByRole('button', { name: /Everyone has bad weekends/ })
			.click();
		await expect(transcript(page)).toContainText("It's nothing, like you said.");
		await expect(transcript(page)).not.toContainText("I didn't see the point of anything.");
		await expect(cues).toHaveCount(2);
		await expect(cues.nth(1)).toContainText('She looks at the door.');

		// The silence is a choice like any other, shown in brackets.
		const silence = choices(page).getByRole('button', { name: '[Stay silent]' });
		await expect(silence).toBeVisible();
		await axe.expectNoAxeViolations();
		await silence.click();

		const debrief = page.getByRole('region', { name: /^Debrief: / });
		await expect(debrief).toBeVisible();
		await expect(transcript(page)).toContainText('You: [Stay silent]');
		await expect(debrief).toContainText('The brush-off in the first beat stayed with her.');
		const summary = debrief.getByRole('list').filter({ hasText: 'Missed critical action' });
		await expect(summary).toContainText('Missed critical action: Ask directly about risk.');
		await expect(summary).toContainText('You could have done it at: Pause.');
		await expect(summary).toContainText(
			'The client remembers: You brushed off what Ana said about her weekend.'
		);
		await axe.expectNoAxeViolations();
	}
);
