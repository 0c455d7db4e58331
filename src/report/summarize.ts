// Step 2 of the render: which machine the front page is about, and its results file of each kind at the profile.
import type { MachineRecord } from '../machine/record.js';
import type { Profile, ResultsFile, SweepKind } from '../results/schema.js';
import type { ReportInputs } from './load.js';
import type { Missing } from './table/model.js';

/** What the front page is about: the subject machine, its record, and its results file of each kind at the profile. */
export interface ReportSummary {
  profile: Profile;
  machineId: string | null;
  machine: MachineRecord | null;
  files: Partial<Record<SweepKind, ResultsFile>>;
  /** Why a kind has no file, naming the profile and machine. */
  missing: (kind: SweepKind) => Missing;
}

/** Pick the subject machine's record and results at the profile. Pure. */
export function summarizeInputs(inputs: ReportInputs): ReportSummary {
  const id = inputs.subjectMachineId;
  const files: Partial<Record<SweepKind, ResultsFile>> = {};
  for (const entry of inputs.results) {
    if (entry.machineId === id && entry.profile === inputs.profile) files[entry.kind] = entry.results;
  }
  return {
    profile: inputs.profile,
    machineId: id,
    machine: inputs.machines.find((m) => m.id === id) ?? null,
    files,
    missing: (kind) => ({
      kind: 'absent',
      what:
        id === null
          ? `no results stored at profile ${inputs.profile}`
          : `no ${kind} sweep stored for ${id} at profile ${inputs.profile}`,
    }),
  };
}
