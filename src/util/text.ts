/** `1 note`, `2 notes`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * A message fit for one line of stderr. JSON.parse quotes the bad input verbatim, line
 * breaks included ("not\njson" is not valid JSON); they are shown escaped, as written.
 */
export function oneLine(message: string): string {
  return message.replace(/\r?\n|\r/g, (br) => (br === '\r\n' ? '\\r\\n' : br === '\r' ? '\\r' : '\\n'));
}

/**
 * A copy of `value` that keeps no other string alive. V8 makes a slice of 13 or more
 * characters a view into the string it was cut from: a URL or title cut from a note, kept
 * for the whole run, would keep the note's whole text. JSON.parse makes a string of its own.
 * (A faster copy, `${' '}${value}`.slice(1), passes this function's test but left 18 MB
 * more held at the end of a 100,000-note parse: measured, cause not found.)
 */
export function detached(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}

/** What \s matches and String.prototype.trim removes (ECMA-262 WhiteSpace and LineTerminator), one UTF-16 unit. */
export function isWhiteSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0xa0 && isWideSpace(code));
}

/** The characters above U+009F that \s matches. */
function isWideSpace(code: number): boolean {
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
