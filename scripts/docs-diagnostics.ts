import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnosticsMarkdown } from '../src/lib/scenarios/diagnostics-doc';

/** `npm run docs:diagnostics`: writes docs/diagnostics.md from the diagnostic catalogue. */
const target = fileURLToPath(new URL('../docs/diagnostics.md', import.meta.url));
writeFileSync(target, diagnosticsMarkdown());
console.log(`wrote ${target}`);
