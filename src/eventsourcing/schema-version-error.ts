import { EventSourcingError } from './event-sourcing-error';

/**
 * Raised when a stored event has a schema version this code cannot read: newer than the code (written by a newer
 * version of the app, in another tab or on another device), or older with no upcaster to bring it forward. The app
 * should ask the person to update.
 */
export class SchemaVersionError extends EventSourcingError {
  override readonly name = 'SchemaVersionError';
  readonly code = 'schema-version';
  readonly eventType: string;
  readonly storedVersion: number;
  readonly currentVersion: number;

  constructor(options: { eventType: string; storedVersion: number; currentVersion: number }) {
    super(
      `Cannot read ${options.eventType} stored at schema version ${options.storedVersion} ` +
        `with code at version ${options.currentVersion}`,
    );
    this.eventType = options.eventType;
    this.storedVersion = options.storedVersion;
    this.currentVersion = options.currentVersion;
  }
}
