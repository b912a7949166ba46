import { describe, expect, it } from 'vitest';
import { Mapper, SchemaVersionError, UnknownEventTypeError, type DomainEvent } from '../../src/eventsourcing';
import { steppingClock } from '../fixtures/stored-events';
import { Tally, type TallyEvent } from '../fixtures/tally';

describe('Aggregate', () => {
  describe('when created', () => {
    it('has version 1 and its creation event pending, stamped by the injected clock', () => {
      const tally = Tally.start('alice', 'Alice', steppingClock());
      expect(tally.version).toBe(1);
      expect(tally.state).toEqual({ name: 'Alice', total: 0, additions: 0 });
      expect(tally.pendingEvents).toEqual([
        {
          type: 'TallyStarted',
          originatorId: 'alice',
          originatorVersion: 1,
          timestamp: '2026-01-01T00:00:00.000Z',
          data: { name: 'Alice' },
        },
      ]);
    });
  });

  describe('when events are triggered', () => {
    it('numbers them one by one and applies them in order', () => {
      const tally = Tally.start('alice', 'Alice', steppingClock());
      tally.add(2);
      tally.add(3);
      expect(tally.pendingEvents.map((event) => event.originatorVersion)).toEqual([1, 2, 3]);
      expect(tally.state.total).toBe(5);
    });

    it('gives the state at any version between the saved one and the current one', () => {
      const tally = Tally.start('alice', 'Alice');
      tally.markSaved();
      tally.add(2);
      tally.add(3);
      expect(tally.stateAt(1)).toEqual({ name: 'Alice', total: 0, additions: 0 });
      expect(tally.stateAt(2)).toEqual({ name: 'Alice', total: 2, additions: 1 });
      expect(tally.stateAt(3)).toEqual(tally.state);
      expect(() => tally.stateAt(0)).toThrow(RangeError);
      expect(() => tally.stateAt(4)).toThrow(RangeError);
    });
  });

  describe('when replaying stored events', () => {
    const stored = (): TallyEvent[] => {
      const tally = Tally.start('alice', 'Alice', steppingClock());
      tally.add(4);
      tally.rename('Alice B.');
      return [...tally.pendingEvents];
    };

    it('reaches the same state and version, with nothing pending', () => {
      const replayed = new Tally('alice');
      replayed.replay(stored());
      expect(replayed.version).toBe(3);
      expect(replayed.state).toEqual({ name: 'Alice B.', total: 4, additions: 1 });
      expect(replayed.pendingEvents).toEqual([]);
    });

    it('refuses a gap in the versions', () => {
      const events = stored();
      expect(() => new Tally('alice').replay([events[0]!, events[2]!])).toThrow(RangeError);
    });

    it('refuses an unknown event type with UnknownEventTypeError instead of skipping it', () => {
      const unknown = { ...stored()[0]!, type: 'TallyExploded' } as unknown as TallyEvent;
      expect(() => new Tally('alice').replay([unknown])).toThrow(UnknownEventTypeError);
    });
  });
});

describe('Mapper', () => {
  const event: DomainEvent = {
    type: 'TallyStarted',
    originatorId: 'alice',
    originatorVersion: 1,
    timestamp: '2026-01-01T00:00:00.000Z',
    data: { name: 'Alice' },
  };

  describe('given no schema for a type', () => {
    it('stores it under schema version 1 and reads it back unchanged', () => {
      const mapper = new Mapper();
      const stored = mapper.toStoredEvent(event);
      expect(stored.schemaVersion).toBe(1);
      expect(mapper.toDomainEvent(stored)).toEqual(event);
    });
  });

  describe('given a type at schema version 3 with upcasters from 1 and 2', () => {
    const mapper = new Mapper({
      TallyStarted: {
        version: 3,
        upcasters: {
          1: (data) => ({ ...data, name: typeof data.title === 'string' ? data.title : '', title: null }),
          2: ({ title: _title, ...data }) => ({ ...data, currency: 'EUR' }),
        },
      },
    });

    it('brings version 1 data through every step, in order', () => {
      expect(mapper.upcast('TallyStarted', 1, { title: 'Old' })).toEqual({ name: 'Old', currency: 'EUR' });
    });

    it('brings version 2 data through the last step only', () => {
      expect(mapper.upcast('TallyStarted', 2, { name: 'Two', title: null })).toEqual({ name: 'Two', currency: 'EUR' });
    });

    it('writes new events under version 3', () => {
      expect(mapper.toStoredEvent(event).schemaVersion).toBe(3);
    });

    it('refuses data from newer code with SchemaVersionError', () => {
      expect(() => mapper.upcast('TallyStarted', 4, {})).toThrow(SchemaVersionError);
    });
  });

  describe('given a missing upcaster', () => {
    it('refuses the old data with SchemaVersionError rather than a wrong shape', () => {
      const mapper = new Mapper({ TallyStarted: { version: 3, upcasters: { 2: (data) => data } } });
      expect(() => mapper.upcast('TallyStarted', 1, {})).toThrow(SchemaVersionError);
    });
  });
});
