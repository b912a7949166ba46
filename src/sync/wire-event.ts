import type { StoredEvent, StoredNotification } from '../eventsourcing';
import type { PulledEvent, WireEvent } from './protocol';

/**
 * A stored notification as it goes on the wire: its notification id is its position, and the event keeps the
 * schema version its data was written under, so that a device restoring it upcasts it like its own old events.
 */
export function toWireEvent(notification: StoredNotification): WireEvent {
  return {
    position: notification.id,
    originatorId: notification.originatorId,
    originatorVersion: notification.originatorVersion,
    type: notification.type,
    schemaVersion: notification.schemaVersion,
    timestamp: notification.timestamp,
    data: notification.data,
    ...(notification.tracking === undefined
      ? {}
      : {
          tracking: {
            upstream: notification.tracking.upstreamName,
            position: notification.tracking.notificationId,
            originatorId: notification.tracking.originatorId,
            originatorVersion: notification.tracking.originatorVersion,
          },
        }),
  };
}

/**
 * A pulled event as a recorder stores it (a new notification id is given on insert). Its tracking stamp refers to
 * the old device's positions; the restore translates it (`restoreApplications`), so it is left out here.
 */
export function toStoredEvent(event: PulledEvent): StoredEvent {
  return {
    originatorId: event.originatorId,
    originatorVersion: event.originatorVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    timestamp: event.timestamp,
    data: event.data,
  };
}
