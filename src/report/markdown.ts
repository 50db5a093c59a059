import { isFailing } from '../archive/index.js';
import type { Change, ChangeKind, LintWarning } from '../types.js';
import type { ReportNote, ReportProblem, ReportView, SummaryKey } from './build.js';
import { findingsText, missingQuotations, type MissingQuotation } from './findings.js';
import { code, escapeMarkdown, link } from './markdown-text.js';
import { count } from '../util/text.js';
import { hopChain, joinedLines, shortUrl, truncate } from './text.js';

const STATUS_EMOJI: Record<SummaryKey, string> = {
  ok: '✅',
  redirected: '↪️',
  broken: '❌',
  soft_404: '❌',
  blocked: '🚫',
  server_error: '⚠️',
  timeout: '⏳',
  network_error: '🔌',
  unsupported: '➖',
  no_link: '➖',
  not_checked: '❔',
};

/** Status words as an editor reads them: `server_error` → `server error`. */
function words(key: string): string {
  return key.replace(/_/g, ' ');
}

/**
 * Where a failing URL stands over time: `— failing (2/3)`, `— dead`, `— newly dead`; a
 * failure confirmed only by a second try now (`--confirm-now`) is `(unconfirmed)`.
 */
function standing(note: ReportNote): string {
  const death = note.death;
  const unconfirmed = note.rechecked && note.status !== null && isFailing(note.status) && death?.state !== 'dead' ? ' (unconfirmed)' : '';
  if (death === null) return unconfirmed;
  const label = death.state === 'dead' ? (death.newlyDead ? 'newly dead' : 'dead') : `failing (${death.strikes}/${death.of})`;
  return `${unconfirmed} — ${label}`;
}

function statusCell(note: ReportNote): string {
  const key: SummaryKey = note.status ?? (note.url === null ? 'no_link' : 'not_checked');
  const reason = note.reason === null ? '' : ` (${words(note.reason)})`;
  const via = note.via === null ? '' : `, as note ${note.via}`;
  return `${STATUS_EMOJI[key]} ${words(key)}${reason}${standing(note)}${via}`;
}

function shortCitation(note: ReportNote): string {
  const { authors, title, publisher, published } = note.citation;
  const author = authors.length > 2 ? `${authors[0]} et al.` : authors.join(' and ');
  const parts = [
    author === '' ? null : escapeMarkdown(truncate(author, 40)),
    title === null ? null : `*${escapeMarkdown(truncate(title, 60))}*`,
    publisher === null ? null : escapeMarkdown(truncate(publisher, 30)),
    published,
  ].filter((part): part is string => part !== null);
  const source = parts.length === 0 ? '(no details)' : parts.join(', ');
  if (note.via === null) return source;
  const form = note.kind === 'ibid' ? 'Ibid.' : 'Short form';
  return `${form}, see note ${note.via}: ${source}`;
}

function endsAtCell(note: ReportNote): string {
  if (note.finalUrl === null) return '—';
  return note.finalUrl === note.url ? '(same)' : link(shortUrl(note.finalUrl), note.finalUrl);
}

function row(note: ReportNote): string {
  const cells = [
    String(note.number),
    shortCitation(note),
    note.url === null ? '—' : link(shortUrl(note.url), note.url),
    statusCell(note),
    endsAtCell(note),
    note.title === null ? '—' : escapeMarkdown(truncate(note.title, 60)),
    escapeMarkdown(findingsText(note.verification)),
    escapeMarkdown(note.action),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The table's lines; the quotations its rows miss are gathered on the way, so the rows are read once. */
function* table(notes: Iterable<ReportNote>, missing: MissingQuotation[]): Generator<string> {
  yield '| # | Source | Cited URL | Status | Ends up at | Page title | Page vs note | Action |';
  yield '|--:|---|---|---|---|---|---|---|';
  for (const note of notes) {
    missing.push(...missingQuotations(note));
    yield row(note);
  }
}

function summaryLine(report: ReportView): string {
  const counts = (Object.entries(report.summary) as [SummaryKey, number][]).filter(([, count]) => count > 0);
  return counts.length === 0 ? 'No notes.' : counts.map(([key, count]) => `${count} ${words(key)}`).join(' · ');
}

/** `2026-11-29 07:00 UTC`; a time that does not parse is shown as given. */
function when(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function header(report: ReportView): string[] {
  const { notes, sources, urls } = report.counts;
  const lines = [
    `# Source check: ${escapeMarkdown(report.document.title ?? report.document.path)}`,
    '',
    `Document ${code(report.document.path)} · checked ${when(report.checkedAt)} · ${count(notes, 'note')}, ${count(sources, 'source')}, ${count(urls, 'URL')}`,
    '',
  ];
  if (report.offline) {
    lines.push('> **Offline: nothing was checked.** This machine could not reach the network, so no link was tested;', '> the statuses below are not findings about the sources. Run again with a network connection.', '');
  } else if (report.partial) {
    lines.push('> **Partial run:** the check stopped before every link was tested; rows marked "not checked" are unknown.', '');
  }
  lines.push(`**Verdict:** ${escapeMarkdown(report.verdict)}`, '', `Summary: ${summaryLine(report)}`);
  return lines;
}

function problem(item: ReportProblem): string[] {
  const notes = item.notes.length === 1 ? `note ${item.notes[0]}` : `notes ${item.notes.join(', ')}`;
  const reason = item.reason === null ? '' : ` (${words(item.reason)})`;
  const lines = [`### ${link(shortUrl(item.url, 60), item.url)}: ${words(item.status)}${reason}, ${notes}`, ''];
  lines.push(`- Cited: ${link(item.url, item.url)}`);
  if (item.hops.length > 0) lines.push(`- Hops: ${code(hopChain(item.hops))}`);
  if (item.finalUrl !== item.url) lines.push(`- Ends up at: ${link(item.finalUrl, item.finalUrl)}`);
  if (item.error !== null) lines.push(`- Error: ${escapeMarkdown(item.error)}`);
  if (item.archive !== null) {
    const check = item.archive.verified ? 'matches the note' : 'does not match the note: compare by hand';
    lines.push(`- Archived copy: ${link(item.archive.url, item.archive.url)}, captured ${item.archive.capturedAt.slice(0, 10)} (${check})`);
  }
  const retries = item.retries.length === 0 ? 'none' : item.retries.map(escapeMarkdown).join('; ');
  lines.push(`- Retries: ${retries} (${item.attempts} ${item.attempts === 1 ? 'request' : 'requests'})`, '');
  return lines;
}

const CHANGE_WORDS: Record<ChangeKind, string> = {
  newly_broken: 'Newly broken',
  recovered: 'Recovered',
  newly_redirected: 'Newly redirected',
  title_changed: 'Title changed',
  final_url_changed: 'Final URL changed',
};

/** Which changes compare URLs (shown as links) rather than a status word or a title. */
const URL_CHANGES: ReadonlySet<ChangeKind> = new Set(['newly_redirected', 'final_url_changed']);

function change(item: Change): string {
  const show = (value: string | null) => {
    if (value === null) return '(none)';
    return URL_CHANGES.has(item.kind) ? link(shortUrl(value, 60), value) : escapeMarkdown(truncate(value, 80));
  };
  const url = link(shortUrl(item.url, 60), item.url);
  return `- ${CHANGE_WORDS[item.kind]}: ${url}: ${show(item.before)} → ${show(item.after)}`;
}

function quotation(item: MissingQuotation): string[] {
  const found = item.finding === 'fuzzy' ? 'only a close match' : 'not found';
  const lines = [`- Note ${item.note}, ${found}: “${escapeMarkdown(truncate(item.quotation, 200))}”`];
  if (item.closest !== null) lines.push(`  - closest on the page: “${escapeMarkdown(truncate(item.closest, 200))}”`);
  return lines;
}

function warning(item: LintWarning): string {
  const where = [item.line === null ? null : `line ${item.line}`, item.note === null ? null : `note ${item.note}`]
    .filter((part) => part !== null)
    .join(', ');
  return `- ${where === '' ? '' : `${where}: `}${escapeMarkdown(item.message)} (${item.code})`;
}

function* lines(report: ReportView): Generator<string> {
  yield* header(report);
  yield* belowHeader(report);
}

/** The lines after the header: they do not read the summary or the verdict. */
function* belowHeader(report: Pick<ReportView, 'notes' | 'problems' | 'changes' | 'warnings'>): Generator<string> {
  yield* ['', '## Notes', ''];
  const missing: MissingQuotation[] = [];
  yield* table(report.notes, missing);
  yield '';
  let headed = false;
  for (const item of report.problems) {
    if (!headed) yield* ['## Problems', ''];
    headed = true;
    yield* problem(item);
  }
  if (missing.length > 0) {
    yield* ['## Quotations the page no longer says', ''];
    for (const item of missing) yield* quotation(item);
    yield '';
  }
  yield* ['## Changed since the last run', ''];
  if (report.changes.length === 0) yield 'Nothing changed since the last run.';
  for (const item of report.changes) yield change(item);
  yield '';
  if (report.warnings.length > 0) {
    yield* ['## Warnings about the document', ''];
    for (const item of report.warnings) yield warning(item);
    yield '';
  }
}

/**
 * The report for people, in two parts joined in that order, each made in pieces (a
 * 100,000-note report is tens of MB as one string): the header, made from `head()` (the
 * summary and verdict are known only once the rows are read), and the rest, from `report`'s
 * rows and what follows them, which may be written first. The header's last line always has
 * text, so the rest goes on from it as one text would.
 */
export function markdownAfterHead(head: () => ReportView, report: Pick<ReportView, 'notes' | 'problems' | 'changes' | 'warnings'>): { head: () => string; rest: Iterable<string> } {
  return { head: () => header(head()).join('\n'), rest: joinedLines(belowHeader(report), true) };
}

/** The report for people: GitHub renders it, and it still reads as plain text. */
export function renderMarkdown(report: ReportView): string {
  return [...joinedLines(lines(report))].join('');
}
