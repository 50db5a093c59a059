import type { StatusWord } from '../types.js';
import { toJson } from '../util/fs.js';
import type { ReportView } from './build.js';
import { renderGithub } from './github.js';
import { renderMarkdown } from './markdown.js';

export type { Action, Advice } from './action.js';
export { adviceFor } from './action.js';
export type { NotesView, Report, ReportHead, ReportInput, ReportNote, ReportProblem, ReportView, RowSources, SourcedNote, StreamInput, SummaryKey } from './build.js';
export type { NoteDeath, SourceHistory } from './history.js';
export { buildReport, countNotes, headOf, isFailingNote, notesOf, sourceNumber, streamReport, SUMMARY_KEYS } from './build.js';
export { DEFAULT_FAIL_ON, renderGithub } from './github.js';
export { markdownAfterHead, renderMarkdown } from './markdown.js';

export interface RenderOptions {
  /** Statuses that fail the run; the `github` format makes them errors, the rest warnings. */
  failOn?: readonly StatusWord[];
  /** Newly dead URLs fail the run too. */
  failOnNewlyDead?: boolean;
}

export type Renderer = (report: ReportView, options?: RenderOptions) => string;

export type Format = 'markdown' | 'json' | 'github';

/** Renderers by `--format` name. */
export const renderers: Readonly<Record<Format, Renderer>> = {
  markdown: (report) => renderMarkdown(report),
  json: (report) => toJson(report),
  github: (report, options) => renderGithub(report, options),
};

