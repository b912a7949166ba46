import { html, LitElement, nothing } from 'lit';
import { MAX_DEVICE_NAME, readDeviceName, writeDeviceName } from '../state/device-names';
import { sharedStyles } from '../styles/shared-styles';
import { deviceNameFieldStyles } from '../styles/device-name-field-styles';

/**
 * The name a person gives this device ("Laptop"), as the request history shows its requests: a field and a save
 * button, in Settings → Sync and in the request history. Fires `device-name-change` once saved.
 */
export class DeviceNameField extends LitElement {
  static override properties = {
    name: { state: true },
    notice: { state: true },
  };
  static override styles = [sharedStyles, deviceNameFieldStyles];

  declare name: string | undefined;
  declare notice: { readonly ok: boolean; readonly text: string } | undefined;

  constructor() {
    super();
    this.name = readDeviceName();
  }

  override render() {
    return html`<form @submit=${this.#save}>
        <div class="field">
          <label for="device-name">Name of this device</label>
          <input
            id="device-name"
            name="deviceName"
            maxlength=${MAX_DEVICE_NAME}
            autocomplete="off"
            placeholder="e.g. Laptop"
            .value=${this.name ?? ''}
          />
        </div>
        <button type="submit" class="secondary">Save the name</button>
      </form>
      ${
        this.notice === undefined
          ? nothing
          : html`<p class="notice ${this.notice.ok ? 'success' : 'error'}" role="status">${this.notice.text}</p>`
      }`;
  }

  readonly #save = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('deviceName') as HTMLInputElement;
    if (!writeDeviceName(input.value)) {
      this.notice = { ok: false, text: 'This browser did not let the app keep the name.' };
      return;
    }
    this.name = readDeviceName();
    this.notice = {
      ok: true,
      text: this.name === undefined ? 'This device has no name now.' : `This device is now called ${this.name}.`,
    };
    this.dispatchEvent(new CustomEvent('device-name-change', { bubbles: true, composed: true }));
  };
}

customElements.define('device-name-field', DeviceNameField);
