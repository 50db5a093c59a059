import type { StatusWord } from '../types.js';
import { isFailingNote, type ReportNote, type ReportView } from './build.js';
import { shortUrl } from './text.js';

/** What fails a run unless the caller says otherwise (issue 3: `broken` by default). */
export const DEFAULT_FAIL_ON: readonly StatusWord[] = ['broken'];

// GitHub workflow commands: the message escapes %, CR and LF; property values also `:` and `,`
// (as @actions/core's escapeData / escapeProperty do).
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(level: 'error' | 'warning', properties: [string, string][], message: string): string {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  return `::${level}${props === '' ? '' : ` ${props}`}::${escapeData(message)}`;
}

function noteAnnotation(report: ReportView, note: ReportNote, failOn: readonly StatusWord[], failOnNewlyDead: boolean): string {
  const level = isFailingNote(note, failOn, failOnNewlyDead) ? 'error' : 'warning';
  const reason = note.reason === null ? '' : ` (${note.reason})`;
  const via = note.via === null ? '' : ` via note ${note.via}`;
  const [short, finding] =
    note.url === null
      ? ['no link', 'has no link']
      : note.status === null
        ? [`not checked (${shortUrl(note.url)})`, `${note.url} was not checked`]
        : [`${note.status} (${shortUrl(note.url)})`, `${note.url} is ${note.status}${reason}`];
  return annotation(
    level,
    [
      ['file', report.document.path],
      ['line', String(note.line)],
      ['title', `citecheck: note ${note.number} ${short}`],
    ],
    `Note ${note.number}${via}: ${finding}. Action: ${note.action}.`,
  );
}

/**
 * One annotation per note that needs the editor (errors for failing statuses, warnings for
 * the rest), pointing at the note's line so it shows on the document in a pull request.
 */
export function renderGithub(report: ReportView, options: { failOn?: readonly StatusWord[]; failOnNewlyDead?: boolean } = {}): string {
  const failOn = options.failOn ?? DEFAULT_FAIL_ON;
  const failOnNewlyDead = options.failOnNewlyDead ?? false;
  const lines = report.offline ? [annotation('warning', [['title', 'citecheck: offline']], report.verdict)] : [];
  for (const note of report.notes) if (note.action !== 'none') lines.push(noteAnnotation(report, note, failOn, failOnNewlyDead));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
