import type { ChoiceKind } from './types';

/**
 * How a response reads (docs/scenario-format.md, "Silence and actions"): speech in quotes, a
 * silence or an action in brackets, an empty silence as "[Stay silent]".
 */
export function responseLabel(choice: { text: string; kind: ChoiceKind }): string {
	if (choice.kind === 'speech') return `“${choice.text}”`;
	return `[${choice.text || 'Stay silent'}]`;
}
