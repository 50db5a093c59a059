/** The rescue stage: archived copies for problem citations, and death confirmed over time. */
export { candidateUrls, isArchiveTodayLink } from './candidates.js';
export { accessBound, closestCapture, type Capture } from './capture.js';
export { ALIVE, DEFAULT_DEATH_POLICY, deathLabel, isNewlyDead, nextDeathState, type DeathPolicy } from './death.js';
export { needsArchivedCopy, type SourceState } from './needs.js';
export { createCaptureGate, type CaptureGate } from './gate.js';
export { rescue, type CitedLink, type RescueDeps } from './rescue.js';
export {
  DEFAULT_SAVE_OPTIONS,
  followUpSave,
  savePage,
  type GetJson,
  type PostForm,
  type RetryReason,
  type SaveDeps,
  type SaveOptions,
  type SaveResult,
} from './save.js';
export { actionText, examineSnapshot, snapshotUrl, type CopyAction, type FetchPage, type Judge } from './snapshot.js';
export { findSnapshot, type FetchJson, type LookupDeps, type Snapshot } from './wayback.js';
