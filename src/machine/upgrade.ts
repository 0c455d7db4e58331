// Reading older machine records: version 1 becomes version 2 with a note on what its probe can and cannot tell.
import type { MachineRecord } from './record.js';
import type { MachineRecordV1 } from './schema.js';

/** Added to the notes of an upgraded record that carries a probe. */
export const V1_PROBE_NOTE =
  'probe recorded by basel-lab before schema 2: its chain visited the lines of each 4 KiB page together, so the prefetchers hid most of the DRAM latency (a few ns instead of ~100), and it has no TLB, bandwidth, first-touch or compute figures and no profile; re-run `basel-lab specs --probe` for a full probe';

/**
 * A version 1 record as version 2: the same fields (version 2 only added probe sections, all
 * optional), the version bumped, and V1_PROBE_NOTE when it has a probe. Its probe records no
 * settings, so probeSatisfies never reuses it for a profile. Pure.
 */
export function upgradeMachineRecord(record: MachineRecordV1): MachineRecord {
  return {
    ...record,
    version: 2,
    notes: record.probe === null ? record.notes : [...record.notes, V1_PROBE_NOTE],
  };
}
