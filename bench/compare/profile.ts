/**
 * A short reading of a V8 CPU profile (node --cpu-prof): how much of the time the process was idle, and where the
 * busy time went (self time), by package or source folder and by function. Measuring only: what dominates, not why.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  /** Share of all sampled time, in percent. */
  percent: number;
}

export interface ProfileSummary {
  /** Sampled milliseconds in total. */
  totalMs: number;
  /** Share of the sampled time the process was idle (waiting on sockets: Neo4j, clients), in percent. */
  idlePercent: number;
  /** Shares of the busy (not idle) time. */
  byArea: ProfileShare[];
  byFunction: ProfileShare[];
}

/** node_modules/<package> (scoped too), our src/ and bench/ files, Node's internals, or V8's own entries. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/(src|bench)\/(.*)$/.exec(url);
  if (own) return `${own[1]}/${own[2]!.split('/')[0]}`;
  return url;
}

function top(map: Map<string, number>, total: number, count: number): ProfileShare[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, time]) => ({ name, percent: Math.round((time / total) * 1000) / 10 }));
}

/** Self time per area and per function, as shares of the busy time, the largest first. */
export async function summariseProfile(file: string, count = 10): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node || delta <= 0) return;
    const { functionName, url, lineNumber } = node.callFrame;
    total += delta;
    if (functionName === '(idle)') {
      idle += delta;
      return;
    }
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + delta);
    const name = `${functionName || '(anonymous)'} ${url ? `${area}:${lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + delta);
  });
  const busy = Math.max(1, total - idle);
  return {
    totalMs: Math.round(total / 1000),
    idlePercent: Math.round((idle / Math.max(1, total)) * 1000) / 10,
    byArea: top(areas, busy, count),
    byFunction: top(functions, busy, count),
  };
}
