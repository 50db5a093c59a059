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
