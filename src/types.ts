/**
 * The records every stage reads and writes. One place, so the JSON files
 * (citations.json, reports/check.json, reports/<name>.json, the archive) cannot drift
 * from the code. Field names here are a public contract: add, never rename.
 */

// ---------------------------------------------------------------- parse

export type DateOrder = 'DMY' | 'MDY';

/** `full` cites a source; `ibid` and `short` point back to a full note. */
export type CitationKind = 'full' | 'ibid' | 'short';

/** Body text that a marker `[n]` closes, with the quotations inside it. */
export interface Claim {
  text: string;
  /** Kept as written, editorial marks included (`enhance[ing]`, `[which]`, `…`). */
  quotations: string[];
  /** 1-based line of the marker in the document. */
  line: number;
}

export interface Citation {
  number: number;
  kind: CitationKind;
  /** The full note this one resolves to (chains already followed); null for `full`. */
  refersTo: number | null;
  raw: string;
  authors: string[];
  title: string | null;
  publisher: string | null;
  /** ISO date (YYYY-MM-DD) or null. */
  published: string | null;
  accessed: string | null;
  urls: string[];
  /** Page reference such as `p. 4`, when the note gives one. */
  pages: string | null;
  claims: Claim[];
  /** 1-based line of the note in the document. */
  line: number;
}

export type LintCode =
  | 'placeholder'
  | 'marker_without_note'
  | 'note_never_cited'
  | 'marker_out_of_order'
  | 'marker_repeated'
  | 'quotation_without_marker'
  | 'short_form_unmatched'
  | 'short_form_ambiguous'
  | 'ibid_without_previous'
  | 'note_without_source'
  | 'note_repeated';

export interface LintWarning {
  code: LintCode;
  message: string;
  /** 1-based document line the warning is about, when there is one. */
  line: number | null;
  /** The note number concerned, when there is one. */
  note: number | null;
}

export interface CitationsFile {
  schemaVersion: 1;
  document: { path: string; title: string | null; dateOrder: DateOrder };
  citations: Citation[];
  warnings: LintWarning[];
}

/** A document's notes one at a time, as the parse reads them or a citations.json holds them. */
export interface NoteStream {
  document: CitationsFile['document'];
  /** In document order; iterated once. */
  citations: Iterable<Citation>;
  /** The document's lint; complete once `citations` has been iterated to its end. */
  warnings(): LintWarning[];
}

// ---------------------------------------------------------------- resolve

export type HttpMethod = 'HEAD' | 'GET';

/** One request in a redirect chain. A meta refresh counts as a hop too. */
export interface Hop {
  url: string;
  method: HttpMethod;
  /** HTTP status, or null when no response came (error, timeout). */
  status: number | null;
  /** The raw `Location` (or meta refresh target) this hop pointed to, if any. */
  location: string | null;
  ms: number;
  /** Remote IP address of the connection, when known. */
  address: string | null;
  via: 'http' | 'meta_refresh';
}

/** What the final page says about itself (from <head> metadata and the first <h1>). */
export interface PageMeta {
  title: string | null;
  titleCandidates: { source: TitleSource; value: string }[];
  authors: string[];
  published: string | null;
  siteName: string | null;
  canonical: string | null;
  lang: string | null;
  /** The charset the body was decoded with. */
  charset: string | null;
}

export type TitleSource = 'og:title' | 'citation_title' | 'twitter:title' | 'title' | 'h1';

export type BrokenReason =
  | 'not_found' // 404
  | 'gone' // 410
  | 'client_error' // other 4xx that is neither missing nor blocking
  | 'dns_nxdomain'
  | 'shortener_not_found'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'bad_redirect';

export type BlockedReason =
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'rate_limited' // 429 after retries, or a Retry-After beyond the cap
  | 'bot_challenge' // cf-mitigated: challenge and the like
  | 'nonstandard_999';

export type NetworkReason =
  | 'connection_reset'
  | 'connection_refused'
  | 'dns_unavailable' // EAI_AGAIN: no resolver answered; says nothing about the source
  | 'tls_certificate'
  | 'host_unreachable'
  | 'body_too_large'
  | 'decoding_failed'
  | 'other'
  | 'headers_too_large'; // beyond undici's 16 KiB header limit

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total';

export type UnsupportedReason = 'scheme' | 'not_a_url' | 'private_address';

/** Set by verification, never by the resolver: a 200 that is really "not found" or a home page. */
export type Soft404Reason = 'home_page' | 'section_index' | 'not_found_title' | 'matches_nonsense_probe';

/**
 * One status per URL, carrying its reason. Render it with an exhaustive switch on `status`.
 */
export type Status =
  | { status: 'ok' }
  | { status: 'redirected' }
  | { status: 'broken'; reason: BrokenReason }
  | { status: 'blocked'; reason: BlockedReason }
  | { status: 'server_error' }
  | { status: 'timeout'; reason: TimeoutPhase }
  | { status: 'network_error'; reason: NetworkReason }
  | { status: 'unsupported'; reason: UnsupportedReason }
  | { status: 'soft_404'; reason: Soft404Reason };

export type StatusWord = Status['status'];

export const STATUS_WORDS: readonly StatusWord[] = [
  'ok',
  'redirected',
  'broken',
  'blocked',
  'server_error',
  'timeout',
  'network_error',
  'unsupported',
  'soft_404',
];

/** The outcome of checking one distinct URL. */
export type CheckResult = Status & {
  url: string;
  /** Where the shortener pointed (first hop off a known shortener); null if no shortener. */
  expandedUrl: string | null;
  /** The last URL reached (the page, or where the chain stopped). */
  finalUrl: string;
  /** Status of the last response received, if any. */
  httpStatus: number | null;
  title: string | null;
  page: PageMeta | null;
  hops: Hop[];
  /** Human-readable error text (e.g. `connect ECONNREFUSED 127.0.0.1:9`), or null. */
  error: string | null;
  /** Requests made for the final answer, retries included. */
  attempts: number;
  /** Retries made, and why: `503 on GET https://…, waited 2.0 s`. */
  retries: string[];
  checkedAt: string;
  ms: number;
  /** Set by `--confirm-now`: this is the answer of a second try, from scratch, after a pause. */
  rechecked?: boolean;
};

/** `reports/check.json`: the check stage's output, one entry per distinct URL. */
export interface CheckFile {
  schemaVersion: 1;
  checkedAt: string;
  citations: string;
  /** True when every request failed below HTTP (no DNS, no route): nothing was really checked. */
  offline: boolean;
  /** True when the run was interrupted before every URL was checked. */
  partial: boolean;
  results: CheckResult[];
  /** One per (document, full note, URL) that was compared with its page. */
  verifications: NoteVerification[];
}

/** A check.json as it is read: its lists come from the file a record at a time, each time they are iterated. */
export interface CheckStream extends Omit<CheckFile, 'results' | 'verifications'> {
  results: Iterable<CheckResult>;
  verifications: Iterable<NoteVerification>;
}

// ---------------------------------------------------------------- verify

/** How well one aspect of the page agrees with the note. */
export type Verdict = 'match' | 'partial' | 'mismatch' | 'unknown';

export interface FieldCheck {
  verdict: Verdict;
  /** 0..1 similarity, or null when there was nothing to compare. */
  score: number | null;
  /** What the note says. */
  expected: string | null;
  /** The best candidate the page offered. */
  found: string | null;
}

export type QuotationFinding = 'exact' | 'fuzzy' | 'not_found' | 'unknown';

export interface QuotationCheck {
  quotation: string;
  finding: QuotationFinding;
  score: number;
  /** The closest passage in the page, for `fuzzy` and `not_found`. */
  closest: string | null;
}

/** What the page now says, compared with what one note says of it. */
export interface Verification {
  verdict: Verdict;
  title: FieldCheck;
  author: FieldCheck;
  date: FieldCheck;
  quotations: QuotationCheck[];
  /** Why the page looks like a soft 404 (empty when it does not). */
  soft404: Soft404Reason[];
}

export interface NoteVerification {
  /** The document path, as in citations.json's `document.path`. */
  document: string;
  number: number;
  url: string;
  verification: Verification;
}

// ---------------------------------------------------------------- archive

/**
 * One check of a URL as the archive keeps it: a smaller copy of CheckResult (no page
 * metadata, hops reduced to URL and status), so years of nightly runs stay a small file.
 */
export interface ArchivedCheck {
  checkedAt: string;
  status: StatusWord;
  /** The status's reason (`not_found`, `forbidden`, …), null for `ok` and `redirected`. */
  reason: string | null;
  httpStatus: number | null;
  finalUrl: string;
  expandedUrl: string | null;
  title: string | null;
  hops: { url: string; status: number | null }[];
  error: string | null;
}

/** Everything the archive knows of one URL; later per-URL state goes beside `history`. */
export interface ArchivedUrl {
  /** Oldest first, capped (newest kept). */
  history: ArchivedCheck[];
  /** Whether the URL is dead over time; absent until its first check that counts. */
  death?: DeathState;
  /** The Wayback copy found for it (null: the archive answered that it has none). */
  archivedCopy?: ArchivedCopy | null;
  /** When `archivedCopy` was looked up (ISO), so a later run can reuse it for a while. */
  archivedCopyCheckedAt?: string;
  /** The last capture `citecheck archive --save` got from Save Page Now. */
  saved?: SavedCapture;
  /**
   * A capture still running when `archive --save` stopped polling: the next `--save` asks for
   * its result instead of submitting the page again. Null once it is settled.
   */
  pendingSave?: PendingSave | null;
}

/**
 * The archive's first format: every URL in one JSON document. Still read (and converted to
 * the log of src/archive/log.ts, one record a line) so an older archive keeps its history.
 */
export interface ArchiveFile {
  schemaVersion: 1;
  urls: Record<string, ArchivedUrl>;
}

export type ChangeKind = 'newly_broken' | 'recovered' | 'newly_redirected' | 'title_changed' | 'final_url_changed';

/** What differs for one URL between its last earlier check and this run. */
export interface Change {
  url: string;
  kind: ChangeKind;
  /** The value that changed, as it was: a status word, a final URL or a title. */
  before: string | null;
  /** The same value now. */
  after: string | null;
}

// ---------------------------------------------------------------- rescue

/**
 * Whether a URL is dead over time, not on one bad night: `failing` counts strikes
 * (failing checks far enough apart) until `dead`; one success resets it.
 */
export interface DeathState {
  state: 'alive' | 'failing' | 'dead';
  strikes: number;
  firstFailedAt: string | null;
  lastStrikeAt: string | null;
}

/** A Wayback Machine copy of a cited page, and how well it matches the note. */
export interface ArchivedCopy {
  /** The snapshot URL an editor can cite: `<web>/web/<timestamp>/<original>`. */
  url: string;
  /** Wayback timestamp, YYYYMMDDhhmmss. */
  timestamp: string;
  /** ISO date-time of the capture. */
  capturedAt: string;
  /** The URL as the archive captured it. */
  original: string;
  /** Where fetching the snapshot really landed (the archive redirects between captures). */
  finalUrl: string;
  title: string | null;
  titleMatches: boolean;
  quotesFound: number;
  quotesTotal: number;
  /** Title matches, and every quotation of the note is found (when it has any). */
  verified: boolean;
}

/** A Save Page Now job left running. */
export interface PendingSave {
  jobId: string;
  /** The page submitted (a shortener's target, not the cited link). */
  page: string;
  /** ISO date-time the job was submitted. */
  submittedAt: string;
}

/** A capture made by Save Page Now for a live source. */
export interface SavedCapture {
  /** `<web>/web/<timestamp>/<original>` */
  snapshotUrl: string;
  timestamp: string;
  /** ISO date-time the capture was asked for. */
  savedAt: string;
}
