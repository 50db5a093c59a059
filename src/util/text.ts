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
