/**
 * The log holds a request made under newer rules than this code knows: deciding it could decide it differently from
 * the devices that know them, so the derivation stops there, keeps every request, and waits for the app to be
 * updated. Not a refusal: nothing was decided.
 */
export class NewerRulesError extends Error {
  override readonly name = 'NewerRulesError';
  readonly code = 'newer-rules';
  readonly requestId: string;
  /** The rules version the request was made under. */
  readonly rulesVersion: number;
  /** The newest rules version this code decides. */
  readonly supported: number;

  constructor(options: { requestId: string; rulesVersion: number; supported: number }) {
    super(
      `Request ${options.requestId} was made under rules version ${options.rulesVersion}; this app knows up to ` +
        `${options.supported}: update the app`,
    );
    this.requestId = options.requestId;
    this.rulesVersion = options.rulesVersion;
    this.supported = options.supported;
  }
}
