import type { Beat, Choice, CompileResult, ProseBlock } from '../../src/lib/scenarios/types';

/**
 * What a golden sample pins down: every diagnostic in full, and a compact model. Condition trees,
 * the hash and prose block objects are left out; conditions appear as written and prose as
 * `line: markdown`, which keeps expected.json readable by eye.
 */

function prose(block: ProseBlock): string {
	const text =
		block.kind === 'line'
			? `**${block.speaker}:** ${block.markdown}`
			: block.kind === 'cue'
				? `[cue] ${block.markdown}`
				: block.markdown;
	const gate =
		block.variant === 'else'
			? '[else] '
			: block.variant
				? `[${block.variant === 'if' ? 'if' : 'else if'} ${block.conditionSource}] `
				: '';
	return `${block.line}: ${gate}${text}`;
}

function choice(c: Choice) {
	return {
		id: c.id,
		line: c.line,
		text: c.text,
		target: c.target,
		verdict: c.verdict,
		tags: c.tags,
		scores: c.scores,
		effects: c.effects,
		...(c.conditionSource !== undefined ? { if: c.conditionSource } : {}),
		...(c.kind !== 'speech' ? { kind: c.kind } : {}),
		...(c.sets.length ? { sets: c.sets } : {}),
		...(c.clears.length ? { clears: c.clears } : {}),
		...(c.meets.length ? { meets: c.meets } : {}),
		feedback: c.feedback,
		...(c.better !== undefined ? { better: c.better } : {})
	};
}

function beat(b: Beat) {
	return {
		id: b.id,
		line: b.line,
		kind: b.kind,
		title: b.title,
		...(b.outcome ? { outcome: b.outcome } : {}),
		...(b.rupture ? { rupture: b.rupture } : {}),
		prose: b.prose.map(prose),
		...(b.debrief !== undefined ? { debrief: b.debrief } : {}),
		...(b.debriefNotes ? { debriefNotes: b.debriefNotes.map(prose) } : {}),
		...(b.fixedOrder ? { fixedOrder: true } : {}),
		...(b.choices.length ? { choices: b.choices.map(choice) } : {}),
		...(b.routes.length
			? {
					routes: b.routes.map((r) => ({
						line: r.line,
						target: r.target,
						...(r.conditionSource !== undefined ? { if: r.conditionSource } : {})
					}))
				}
			: {})
	};
}

export function summarise(result: CompileResult) {
	const s = result.scenario;
	return {
		diagnostics: result.diagnostics,
		...(s
			? {
					scenario: {
						id: s.id,
						file: s.file,
						title: s.title,
						summary: s.summary,
						client: s.client,
						difficulty: s.difficulty,
						minutes: s.minutes,
						principles: s.principles,
						meters: s.meters,
						pass: s.pass,
						...(s.setting !== undefined ? { setting: s.setting } : {}),
						...(s.contentNote !== undefined ? { contentNote: s.contentNote } : {}),
						...(s.session !== undefined ? { session: s.session } : {}),
						srs: s.srs,
						...(Object.keys(s.flags).length ? { flags: s.flags } : {}),
						...(Object.keys(s.critical).length ? { critical: s.critical } : {}),
						intro: s.intro,
						start: s.start,
						beats: s.beats.map(beat)
					}
				}
			: {}),
		...(result.analysis ? { analysis: result.analysis } : {})
	};
}
