// Linux caches from /sys/devices/system/cpu/cpu*/cache/index*: size per instance and which CPUs share it.
import {
  makeCacheLevel,
  parseCpuList,
  parsePositiveInteger,
  parseSizeText,
  type CacheLevel,
  type CacheReading,
  type CacheType,
} from './record.js';
import type { TreeReader } from './tree.js';

export const SYSFS_CPU_ROOT = '/sys/devices/system/cpu';

const SYSFS_TYPES: Record<string, CacheType> = { Data: 'data', Instruction: 'instruction', Unified: 'unified' };

interface Instance {
  level: number;
  type: CacheType;
  sizeBytes: number | null;
  lineBytes: number | null;
  cpus: number[] | null;
  /** The CPU whose folder described it, used when the sharing list is missing. */
  seenOn: number;
}

/**
 * Read every cache instance the kernel describes and group identical shapes (level, type, size,
 * sharing) into CacheLevel entries. Pure over the reader. Cost: O(CPUs × cache indexes).
 */
export function parseSysfsCaches(tree: TreeReader): CacheReading {
  const problems: string[] = [];
  const rawLines: string[] = [];
  const cpuNames = (tree.list('') ?? [])
    .filter((name) => /^cpu\d+$/.test(name))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  const instances = new Map<string, Instance>();
  const coreOf = new Map<number, string>();

  for (const cpuName of cpuNames) {
    const cpu = Number(cpuName.slice(3));
    const siblings =
      tree.read(`${cpuName}/topology/thread_siblings_list`) ?? tree.read(`${cpuName}/topology/core_cpus_list`);
    if (siblings !== null) {
      rawLines.push(`${cpuName}/topology/thread_siblings_list: ${siblings.trim()}`);
      const list = parseCpuList(siblings);
      if (list) coreOf.set(cpu, list.join(','));
    }
    for (const index of (tree.list(`${cpuName}/cache`) ?? []).filter((name) => /^index\d+$/.test(name))) {
      const dir = `${cpuName}/cache/${index}`;
      const field = (name: string): string | null => {
        const text = tree.read(`${dir}/${name}`);
        if (text !== null) rawLines.push(`${dir}/${name}: ${text.trim()}`);
        return text === null ? null : text.trim();
      };
      const level = parsePositiveInteger(field('level'));
      const typeText = field('type');
      const type = typeText === null ? undefined : SYSFS_TYPES[typeText];
      if (level === null || type === undefined) {
        problems.push(`${dir}: unreadable level or type (${JSON.stringify(typeText)}); skipped`);
        continue;
      }
      const sizeText = field('size');
      const sharedText = field('shared_cpu_list');
      const instance: Instance = {
        level,
        type,
        sizeBytes: sizeText === null ? null : parseSizeText(sizeText),
        lineBytes: parsePositiveInteger(field('coherency_line_size')),
        cpus: sharedText === null ? null : parseCpuList(sharedText),
        seenOn: cpu,
      };
      const key = `${level}|${type}|${instance.cpus ? instance.cpus.join(',') : `cpu${cpu}`}`;
      if (!instances.has(key)) instances.set(key, instance);
    }
  }

  if (cpuNames.length === 0) problems.push(`no cpu* folders under ${tree.root}`);
  else if (instances.size === 0) problems.push(`no cache/index* folders under ${tree.root}/cpu*`);
  return {
    source: 'sysfs',
    meaning: 'per instance: each cache size as the kernel reports it for one instance, with the CPUs that share it',
    caches: groupInstances([...instances.values()], coreOf),
    problems,
    raw: rawLines.join('\n'),
  };
}

function groupInstances(instances: Instance[], coreOf: Map<number, string>): CacheLevel[] {
  const groups = new Map<string, Instance[]>();
  for (const instance of instances) {
    const key = `${instance.level}|${instance.type}|${instance.sizeBytes}|${instance.cpus?.length ?? 'unknown'}`;
    const group = groups.get(key) ?? [];
    group.push(instance);
    groups.set(key, group);
  }
  const entries: CacheLevel[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const reasons: Record<string, string> = {};
    if (first.sizeBytes === null) reasons.sizeBytes = 'size file missing or malformed';
    const lines = new Set(group.map((instance) => instance.lineBytes));
    const lineBytes = lines.size === 1 ? first.lineBytes : null;
    if (lineBytes === null)
      reasons.lineBytes =
        lines.size === 1 ? 'coherency_line_size missing or malformed' : 'instances disagree on line size';
    const sharedByCpus = first.cpus ? first.cpus.length : null;
    if (sharedByCpus === null) reasons.sharedByCpus = reasons.sharedByCores = 'shared_cpu_list missing or malformed';
    let sharedByCores: number | null = null;
    if (first.cpus) {
      const cores = first.cpus.map((cpu) => coreOf.get(cpu));
      if (cores.every((core) => core !== undefined)) sharedByCores = new Set(cores).size;
      else reasons.sharedByCores = 'topology/thread_siblings_list missing, so CPUs cannot be grouped into cores';
    }
    const instancesKnown = group.every((instance) => instance.cpus !== null);
    if (!instancesKnown) reasons.instances = 'sharing unknown, so instances cannot be counted';
    entries.push(
      makeCacheLevel(
        {
          level: first.level,
          type: first.type,
          coreType: null,
          sizeBytes: first.sizeBytes,
          sharedByCores,
          sharedByCpus,
          instances: instancesKnown ? group.length : null,
          lineBytes,
        },
        reasons,
      ),
    );
  }
  const typeOrder: CacheType[] = ['data', 'instruction', 'unified'];
  return entries.sort(
    (a, b) =>
      a.level - b.level ||
      typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type) ||
      (a.sizeBytes ?? 0) - (b.sizeBytes ?? 0),
  );
}
