import init from './001_init';
import scenarioVersions from './002_scenario_versions';
import drillCards from './003_drill_cards';
import scenarioDrafts from './004_scenario_drafts';
import ownWords from './005_own_words';
import externalIdentities from './006_external_identities';
import lti from './007_lti';
import ltiServices from './008_lti_services';

/** Applied in order, each once; `version` is recorded in `schema_migrations`. Never edit one. */
export interface SqlMigration {
	version: number;
	name: string;
	sql: string;
}

// SQL kept as TypeScript strings so it reaches the production build (Vite bundles server code)
// and runs under tsx (the admin CLI) without a loader for .sql files.
export const SQL_MIGRATIONS: readonly SqlMigration[] = [
	{ version: 1, name: '001_init', sql: init },
	{ version: 2, name: '002_scenario_versions', sql: scenarioVersions },
	{ version: 3, name: '003_drill_cards', sql: drillCards },
	{ version: 4, name: '004_scenario_drafts', sql: scenarioDrafts },
	{ version: 5, name: '005_own_words', sql: ownWords },
	{ version: 6, name: '006_external_identities', sql: externalIdentities },
	{ version: 7, name: '007_lti', sql: lti },
	{ version: 8, name: '008_lti_services', sql: ltiServices }
];
