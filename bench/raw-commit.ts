import Dexie from 'dexie';

/**
 * One raw strict-durability Dexie commit of one record, the unit the latency figures are measured in: a database of
 * its own with the recorder's durability (`chromeTransactionDurability: 'strict'`) and a table like its events
 * table. `commit()` resolves with the milliseconds of one read-write transaction adding one record.
 */
export class RawCommit {
  readonly #db: Dexie;
  #records = 0;

  private constructor(db: Dexie) {
    this.#db = db;
  }

  /** Opens (creates) the database `name`. */
  static async open(name: string): Promise<RawCommit> {
    const db = new Dexie(name, { chromeTransactionDurability: 'strict' });
    db.version(1).stores({ events: '++id, &[originatorId+originatorVersion]' });
    await db.open();
    return new RawCommit(db);
  }

  /** Commits one record in one transaction; the milliseconds from its start to its commit. */
  async commit(): Promise<number> {
    const table = this.#db.table('events');
    const record = {
      originatorId: 'raw-commit',
      originatorVersion: ++this.#records,
      type: 'Deposited',
      schemaVersion: 1,
      timestamp: new Date().toISOString(),
      data: { amount: 100 },
    };
    const start = performance.now();
    await this.#db.transaction('rw', table, () => table.add(record));
    return performance.now() - start;
  }

  close(): void {
    this.#db.close();
  }
}
