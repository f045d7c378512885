import type { MapNode } from '../../src/lib/scenarios/map-graph';

/** Map tests' geometry: whether two beats' boxes overlap. */
export const overlaps = (a: MapNode, b: MapNode) =>
	a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Whether an axis-parallel segment enters the box's interior (touching its border is fine). */
export function crosses(p: { x: number; y: number }, q: { x: number; y: number }, n: MapNode) {
	const [x1, x2] = [Math.min(p.x, q.x), Math.max(p.x, q.x)];
	const [y1, y2] = [Math.min(p.y, q.y), Math.max(p.y, q.y)];
	return x1 < n.x + n.width - 0.5 && x2 > n.x + 0.5 && y1 < n.y + n.height - 0.5 && y2 > n.y + 0.5;
}
