import { toPublicUser } from '../auth/accounts';
import { calibrationOf } from '../prediction';
import type { Store } from '../store/types';

/**
 * A trainee's rights over their data: everything held about them, as one JSON document; and
 * erasure, which keeps their attempts for cohort statistics under their pseudonym and removes
 * their username, display name and email from every file in DATA_DIR (backups included: see
 * docs/programmes-model.md).
 */

export async function exportTraineeData(store: Store, userId: string, now = new Date()) {
	const user = await store.getUser(userId);
	if (!user) return undefined;
	// Everything held: drill attempts (marked `drill`) and drill cards too.
	const attempts = await store.listAttemptsByUser(userId, 'any');
	const withEvents = [];
	for (const attempt of attempts)
		withEvents.push({
			...attempt,
			events: await store.listEvents(attempt.id),
			// What they typed before the choices ("say it your way first"), shared or not.
			ownWords: await store.listOwnWords(attempt.id)
		});
	const cohorts = (await store.listCohorts())
		.filter((c) => c.memberIds.includes(userId) || c.instructorIds.includes(userId))
		.map((c) => ({
			id: c.id,
			name: c.name,
			as: c.memberIds.includes(userId) ? 'trainee' : 'instructor'
		}));
	const assignments = new Set(attempts.map((a) => a.assignmentId).filter(Boolean));
	const audit = (await store.listAudit({ limit: Number.MAX_SAFE_INTEGER })).filter(
		(e) =>
			e.actorId === userId ||
			e.targetId === userId ||
			e.detail?.traineeId === userId ||
			(e.targetType === 'attempt' && attempts.some((a) => a.id === e.targetId)) ||
			(e.targetType === 'assignment' &&
				assignments.has(e.targetId) &&
				e.detail?.traineeId === userId)
	);
	return {
		exportedAt: now.toISOString(),
		format: 'rapport-trainee-export/1',
		user: toPublicUser(user),
		cohorts,
		attempts: withEvents,
		drillCards: await store.listDrillCards(userId),
		// How their predictions of clients' ratings compared (null: none made yet).
		calibration: (await calibrationOf(store, userId)) ?? null,
		audit
	};
}

export async function eraseTrainee(store: Store, actorId: string, userId: string) {
	const user = await store.getUser(userId);
	if (!user || user.role !== 'trainee' || user.erasedAt) return undefined;
	const report = await store.eraseUser(userId);
	await store.appendAudit({
		actorId,
		action: 'user.erase',
		targetType: 'user',
		targetId: userId,
		detail: {
			pseudonym: user.pseudonym,
			backupsRemoved: report.backupsRemoved.length,
			ownWordsRemoved: report.ownWordsRemoved,
			drafts: report.drafts
		}
	});
	return report;
}
