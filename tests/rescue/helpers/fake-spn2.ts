import { request } from 'undici';
import type { GetJson, PostForm } from '../../../src/rescue/save.js';
import { readBody, startServer } from '../../support/http-server.js';
import { sendJson } from './http.js';

export interface Spn2Script {
  /** Answer to `POST /save`. */
  save: { status: number; json: unknown };
  /** Answers to successive `GET /save/status/<job>`; the last one repeats. */
  statuses?: unknown[];
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Just enough of Save Page Now 2: submit a capture, then poll its job. */
export async function startFakeSpn2(script: Spn2Script) {
  const seen: SeenRequest[] = [];
  let polls = 0;
  const server = await startServer('127.0.0.1', (req, res) => {
    void readBody(req).then((body) => {
      const path = req.url ?? '/';
      seen.push({ method: req.method ?? '', path, headers: req.headers, body });
      if (req.method === 'POST' && path === '/save') return sendJson(res, script.save.status, script.save.json);
      if (req.method === 'GET' && path.startsWith('/save/status/')) {
        const answers = script.statuses ?? [];
        const answer = answers[Math.min(polls++, answers.length - 1)];
        return sendJson(res, 200, answer ?? { status: 'pending' });
      }
      sendJson(res, 404, { error: 'no such endpoint' });
    });
  });
  return { base: server.origin, close: server.close, seen };
}

async function answer(res: Awaited<ReturnType<typeof request>>) {
  return { status: res.statusCode, json: (await res.body.json()) as unknown };
}

export const post: PostForm = async (url, form, headers) =>
  answer(await request(url, { method: 'POST', body: form, headers, signal: AbortSignal.timeout(2000) }));

export const get: GetJson = async (url, headers) => answer(await request(url, { headers, signal: AbortSignal.timeout(2000) }));

