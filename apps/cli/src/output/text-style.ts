/** Wraps text in terminal styles; every method is the identity when colour is off. */
export interface TextStyle {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

/** Matches SGR escape sequences (colours, bold); tests use it to prove plain output is plain. */
export const ANSI_PATTERN = /\u001b\[[0-9;]*[A-Za-z]/g;

/** `text` without ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

// Raw SGR codes with their own reset codes, so nested styles do not cancel each other and the
// output is byte-identical across Node versions (util.styleText changed behaviour in Node 22).
function sgr(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const identity = (text: string): string => text;

/** A {@link TextStyle} that colours when `enabled`, and returns text untouched otherwise. */
export function createTextStyle(enabled: boolean): TextStyle {
  if (!enabled) {
    return { enabled, bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity, magenta: identity };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    magenta: sgr(35, 39),
  };
}
