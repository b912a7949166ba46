import { describe, expect, it } from 'vitest';
import { RequestInspector } from '../../src/bank/request-inspector';
import { openDevices, syncUntilQuiet, type SyncedBank } from './fixtures/synced-device';
import { vaultPerTest } from './fixtures/vault-per-test';
import { vaultLog } from './fixtures/vault-requests';

describe('The name a person gives a device', () => {
  const context = vaultPerTest();

  it('travels encrypted with its requests, so that every device of the vault names it so, by its latest name', async () => {
    const { devices } = await openDevices(context.vault, ['phone', 'laptop']);
    context.devices.push(...devices);
    const [phoneDevice, laptopDevice] = devices as [(typeof devices)[number], (typeof devices)[number]];
    const [phone, laptop] = devices.map((device) => device.bank) as [SyncedBank, SyncedBank];

    phoneDevice.deviceName = 'Phone';
    const alice = await phone.commands.openAccount({ name: 'Alice' });
    await phone.commands.depositFunds(alice, 1_000);
    // The laptop has no name: it stays numbered.
    await laptop.commands.depositFunds(alice, 200);
    await syncUntilQuiet([phone, laptop]);
    const log = await vaultLog(context.vault.url, context.vault.token);
    // The server never sees it.
    expect(JSON.stringify(log)).not.toContain('Phone');

    const phoneDeviceId = log[0]?.deviceId;
    const laptopDeviceId = log.find((entry) => entry.deviceId !== phoneDeviceId)?.deviceId;
    for (const bank of [phone, laptop]) {
      expect(await new RequestInspector(bank).devices()).toEqual([
        { deviceId: phoneDeviceId, name: 'Phone' },
        { deviceId: laptopDeviceId },
      ]);
    }

    phoneDevice.deviceName = 'Work phone';
    laptopDevice.deviceName = 'Laptop';
    await phone.commands.depositFunds(alice, 1);
    await laptop.commands.depositFunds(alice, 1);
    await syncUntilQuiet([phone, laptop]);
    expect(await new RequestInspector(laptop).devices()).toEqual([
      { deviceId: phoneDeviceId, name: 'Work phone' },
      { deviceId: laptopDeviceId, name: 'Laptop' },
    ]);
  });
});
