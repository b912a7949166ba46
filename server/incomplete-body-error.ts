/**
 * A request body that did not arrive whole: the client closed the connection mid-way (`closed`), or sent it slower
 * than the server's minimum rate (`too-slow`, a slow-client attack or a hopeless link). Raised by `readBody`; the
 * app answers nothing useful (the connection is dropped) and logs it as 499 or 408, never as a failure of its own.
 */
export class IncompleteBodyError extends Error {
  override readonly name = 'IncompleteBodyError';
  readonly code = 'incomplete-body';
  readonly reason: 'closed' | 'too-slow';

  constructor(reason: 'closed' | 'too-slow', options: { cause?: unknown } = {}) {
    super(
      reason === 'closed' ? 'The client closed the connection before sending its body' : 'The body arrived too slowly',
      options,
    );
    this.reason = reason;
  }
}
