import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountClosedError, InsufficientFundsError, type BankRequest } from '../../src/bank';
import {
  describeAnyRequest,
  deviceNamer,
  inspectedStatus,
  parseRoute,
  readDeviceName,
  routeHref,
  writeDeviceName,
} from '../../src/ui';

/** The words of the request history: requests, their status, and the devices that made them. */

const format = { locale: 'en-US', currency: 'USD' } as const;
const savings = '3f2c7a9e-1b4d-4e8f-9a6b-5c0d2e1f7a8b';
const checking = '9d1e2f3a-4b5c-4d6e-8f7a-0b1c2d3e4f5a';
const names: Record<string, string> = { [savings]: 'Savings', [checking]: 'Checking' };
const nameOf = (accountId: string) => names[accountId] ?? 'an unknown account';
/** Words that must never reach a person in the list: jargon of the machinery, and raw ids. */
const JARGON = /conflict|events?\b|[0-9a-f]{8}-[0-9a-f]{4}/iu;

const transfer: BankRequest = { kind: 'transfer', debitAccountId: savings, creditAccountId: checking, amount: 2_000 };

describe('describeAnyRequest', () => {
  it('says every kind of request in words, naming accounts by their names', () => {
    const said = [
      describeAnyRequest(transfer, nameOf, format),
      describeAnyRequest({ kind: 'deposit', creditAccountId: savings, amount: 500 }, nameOf, format),
      describeAnyRequest(
        { kind: 'account-opening', accountId: savings, name: 'Savings', overdraftLimit: 0 },
        nameOf,
        format,
      ),
      describeAnyRequest({ kind: 'overdraft-limit', accountId: savings, overdraftLimit: 10_000 }, nameOf, format),
      describeAnyRequest({ kind: 'account-closing', accountId: checking }, nameOf, format),
      describeAnyRequest(null, nameOf, format),
    ];
    expect(said).toEqual([
      'Transfer of $20.00 from Savings to Checking',
      'Deposit of $5.00 to Savings',
      'Open the account Savings',
      'Set the overdraft limit of Savings to $100.00',
      'Close Checking',
      'A request this app cannot read',
    ]);
    for (const words of said) expect(words).not.toMatch(JARGON);
  });
});

describe('inspectedStatus', () => {
  it('says why a request was refused, and where a refunded transfer’s money went, on a device alone and synced', () => {
    const closed = new AccountClosedError({ accountId: checking });
    const alone = inspectedStatus(
      { status: 'refunded', error: closed, request: transfer },
      { syncing: false, nameOf, format },
    );
    expect(alone).toEqual({
      label: 'Refunded',
      tone: 'failed',
      reason: 'Checking is closed. The money went back to Savings.',
    });
    const synced = inspectedStatus(
      { status: 'refunded', error: closed, request: transfer },
      { syncing: true, nameOf, format },
    );
    expect(synced.reason).toBe(
      'Refused after syncing: Checking was already closed when this transfer was reached. The money went back to Savings.',
    );
    const funds = new InsufficientFundsError({ accountId: savings, available: 1_000, requested: 5_000 });
    const refused = inspectedStatus(
      { status: 'refused', error: funds, request: { kind: 'withdrawal', debitAccountId: savings, amount: 5_000 } },
      { syncing: false, nameOf, format },
    );
    expect(refused).toMatchObject({ label: 'Refused', tone: 'failed' });
    expect(refused.reason).toContain('$10.00 available');
    expect(
      inspectedStatus({ status: 'pending', error: null, request: transfer }, { syncing: true, nameOf, format }).label,
    ).toBe('Waiting to sync');
    for (const status of [alone, synced, refused]) expect(`${status.label} ${status.reason ?? ''}`).not.toMatch(JARGON);
  });
});

describe('device names', () => {
  const items = new Map<string, string>();
  beforeEach(() => {
    items.clear();
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      value: {
        getItem: (key: string) => items.get(key) ?? null,
        setItem: (key: string, value: string) => items.set(key, value),
        removeItem: (key: string) => items.delete(key),
      },
    });
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage');
  });

  it('names this device by the name given to it and every other by the name it sealed, or else by its place among the vault’s devices, never by id', () => {
    expect(writeDeviceName('  Laptop ')).toBe(true);
    expect(readDeviceName()).toBe('Laptop');
    const devices = [{ deviceId: 'phone-id', name: 'Phone' }, { deviceId: 'laptop-id' }, { deviceId: 'tablet-id' }];
    const name = deviceNamer(devices, readDeviceName());
    expect(name({ mine: true, deviceId: 'laptop-id' })).toBe('This device (Laptop)');
    expect(name({ mine: false, deviceId: 'phone-id' })).toBe('Phone');
    expect(name({ mine: false, deviceId: 'tablet-id' })).toBe('Device 3');
    expect(name({ mine: false, deviceId: 'unknown-id' })).toBe('Another device');
    expect(writeDeviceName('   ')).toBe(true);
    expect(readDeviceName()).toBeUndefined();
    expect(deviceNamer([], undefined)({ mine: true, deviceId: null })).toBe('This device');
  });

  it('keeps no name longer than 40 characters', () => {
    writeDeviceName('x'.repeat(41));
    expect(readDeviceName()).toBeUndefined();
  });
});

describe('the route to the request history', () => {
  it('is #/inspector, there and back', () => {
    expect(parseRoute('#/inspector')).toEqual({ screen: 'inspector' });
    expect(routeHref({ screen: 'inspector' })).toBe('#/inspector');
  });
});
