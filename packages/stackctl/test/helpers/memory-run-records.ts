// An in-memory RunRecordStore for unit tests: records by service, every write kept for inspection.
import type { RunRecord, RunRecordStore } from '../../src/supervisor/run-record.js';

export class MemoryRunRecords implements RunRecordStore {
  readonly records = new Map<string, RunRecord>();
  readonly writes: RunRecord[] = [];

  constructor(initial: readonly RunRecord[] = []) {
    for (const record of initial) this.records.set(record.service, record);
  }

  write(record: RunRecord): void {
    this.records.set(record.service, record);
    this.writes.push(record);
  }

  remove(service: string): void {
    this.records.delete(service);
  }

  read(service: string): RunRecord | null {
    return this.records.get(service) ?? null;
  }

  readAll(): RunRecord[] {
    return [...this.records.values()];
  }
}
