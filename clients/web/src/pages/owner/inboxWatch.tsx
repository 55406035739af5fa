// Live inbox notices: GET /v1/inbox:watch as NDJSON (one InboxEvent per line), resumed after
// the last sequence seen, reconnected with backoff, stopped when the page goes away.
import { useEffect, useRef, useState } from 'react';
import { ApiError, watchNdjson } from '../../api';
import { useSession } from '../../session';

export interface InboxEvent {
  id: string;
  time: string;
  organizationId: string;
  type: string;
  reservationId: string;
  listingId: string;
  summary: string;
  sequence: string; // int64
}

export type LiveState = 'connecting' | 'live' | 'retrying' | 'off';

// `after`: the highest sequence already shown (null: not known yet, so do not start).
export function useInboxWatch(organizationId: string, after: number | null, onEvent: (e: InboxEvent) => void): LiveState {
  const { api, session } = useSession();
  const [state, setState] = useState<LiveState>('connecting');
  const token = useRef(session?.accessToken ?? '');
  token.current = session?.accessToken ?? '';
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const started = after !== null;
  const startAfter = useRef(after ?? 0);
  if (!started) startAfter.current = 0;
  else if (after !== null && after > startAfter.current) startAfter.current = after;

  useEffect(() => {
    if (!organizationId || !started) return;
    const controller = new AbortController();
    let last = startAfter.current;
    let delay = 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let liveTimer: ReturnType<typeof setTimeout> | undefined;

    const connect = async () => {
      if (stopped) return;
      setState((s) => (s === 'live' ? s : s === 'retrying' ? 'retrying' : 'connecting'));
      const openedAt = Date.now();
      try {
        const path = `/v1/inbox:watch?organizationId=${encodeURIComponent(organizationId)}&afterSequence=${last}`;
        // Lines come only when something happens: a stream that stays open is live.
        liveTimer = setTimeout(() => setState('live'), 1200);
        await watchNdjson(
          path,
          token.current,
          (line) => {
            const event: InboxEvent | undefined = line?.result ?? line;
            if (!event || typeof event !== 'object' || !('id' in event)) return;
            const seq = Number(event.sequence ?? 0);
            if (seq > last) last = seq;
            delay = 1000;
            setState('live');
            handler.current(event);
          },
          controller.signal,
        );
      } catch (e) {
        clearTimeout(liveTimer);
        if (stopped) return;
        if (e instanceof ApiError && e.httpStatus === 401) {
          // The access token expired: any API call refreshes it; then reconnect at once.
          try {
            await api.get('/v1/me');
            delay = 1000;
          } catch {
            // Signed out: the app shows the sign-in page.
          }
        } else if (e instanceof ApiError && e.httpStatus === 403) {
          setState('off');
          return;
        }
      }
      clearTimeout(liveTimer);
      if (stopped) return;
      // The stream ended or failed: try again, backing off up to half a minute.
      if (Date.now() - openedAt > 30_000) delay = 1000;
      setState('retrying');
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30_000);
    };
    void connect();
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
      clearTimeout(liveTimer);
    };
  }, [api, organizationId, started]);

  return state;
}
