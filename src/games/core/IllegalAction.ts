/**
 * Thrown by a game engine for anything that is not a legal move right now.
 * `code` is stable and machine-readable (clients switch on it); `message` is for humans.
 * Engines throw it before touching state, so a refused action never changes anything.
 */
export class IllegalAction extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "IllegalAction";
    this.code = code;
  }
}

export function isIllegalAction(err: unknown): err is IllegalAction {
  return err instanceof IllegalAction;
}
