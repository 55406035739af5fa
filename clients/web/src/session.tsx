// Who is signed in, for which organisation they act, and the API client that carries their
// token. Tokens live in sessionStorage: a closed tab signs out, a reload does not.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { makeClient, type ApiClient } from './api';

export interface Membership {
  organizationId: string;
  organizationName: string;
  roles: string[];
}

export interface SessionState {
  accessToken: string;
  refreshToken: string;
  person: { id: string; displayName?: string; email?: string; platformAdmin?: boolean };
  memberships: Membership[];
  organizationId: string; // the organisation the person acts for
}

interface SessionApi {
  session: SessionState | null;
  api: ApiClient;
  signIn(email: string, password: string): Promise<void>;
  // Redeems an invitation (creating the account, or checking an existing one's password) and
  // signs in as that person.
  acceptInvitation(token: string, displayName: string, password: string, locale: string): Promise<void>;
  signOut(): Promise<void>;
  // Reads the person's memberships and roles again (after they changed their own).
  reloadMemberships(): Promise<void>;
  switchOrganization(id: string): void;
  // The roles the person holds in the organisation they act for.
  roles: string[];
  hasRole(...roles: string[]): boolean;
  // A platform administrator may act on every organisation's behalf.
  platformAdmin: boolean;
  // An administrator of the organisation acted for, or a platform administrator.
  orgAdmin: boolean;
  // The name of the organisation acted for (its id when the session does not know it).
  organizationName: string;
}

const STORAGE_KEY = 'leerpool.session';
const SessionContext = createContext<SessionApi | null>(null);

function load(): SessionState | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as SessionState) : null;
  } catch {
    return null;
  }
}

function fromResponse(response: any, previousOrg?: string): SessionState {
  const memberships: Membership[] = (response.memberships ?? []).map((m: any) => ({
    organizationId: m.organizationId,
    organizationName: m.organizationName,
    roles: m.roles ?? [],
  }));
  const keep = memberships.find((m) => m.organizationId === previousOrg);
  return {
    accessToken: response.accessToken,
    refreshToken: response.refreshToken,
    person: response.person ?? { id: '' },
    memberships,
    organizationId: keep?.organizationId ?? memberships[0]?.organizationId ?? '',
  };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState | null>(load);
  const current = useRef(session);
  current.current = session;

  const store = useCallback((next: SessionState | null) => {
    current.current = next;
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
    setSession(next);
  }, []);

  const refreshing = useRef<Promise<string | null> | null>(null);
  const api = useMemo(() => {
    const refresh = () => {
      // Concurrent 401s share one refresh: the refresh token rotates and works only once.
      if (!refreshing.current) {
        refreshing.current = (async () => {
          const s = current.current;
          if (!s?.refreshToken) return null;
          try {
            const bare = makeClient(() => null, async () => null);
            const response = await bare.post<any>('/v1/auth/refresh', { refreshToken: s.refreshToken });
            const next = fromResponse(response, s.organizationId);
            store(next);
            return next.accessToken;
          } catch {
            store(null);
            return null;
          } finally {
            refreshing.current = null;
          }
        })();
      }
      return refreshing.current;
    };
    return makeClient(() => current.current?.accessToken ?? null, refresh);
  }, [store]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const response = await api.post<any>('/v1/auth/login', { email, password });
      store(fromResponse(response));
    },
    [api, store],
  );

  const acceptInvitation = useCallback(
    async (token: string, displayName: string, password: string, locale: string) => {
      const response = await api.post<any>('/v1/invitations:accept', { token, displayName, password, locale });
      store(fromResponse(response));
    },
    [api, store],
  );

  const reloadMemberships = useCallback(async () => {
    const me = await api.get<any>('/v1/me');
    const s = current.current;
    if (!s) return;
    const fresh = fromResponse({ ...me, accessToken: s.accessToken, refreshToken: s.refreshToken }, s.organizationId);
    store(fresh);
  }, [api, store]);

  const signOut = useCallback(async () => {
    const s = current.current;
    if (s) {
      try {
        await api.post('/v1/auth/logout', { refreshToken: s.refreshToken });
      } catch {
        // Signing out locally matters more than telling the server; the token expires anyway.
      }
    }
    store(null);
  }, [api, store]);

  const switchOrganization = useCallback(
    (id: string) => {
      const s = current.current;
      if (s && s.memberships.some((m) => m.organizationId === id)) store({ ...s, organizationId: id });
    },
    [store],
  );

  const acting = session?.memberships.find((m) => m.organizationId === session.organizationId);
  const roles = acting?.roles ?? [];
  const value = useMemo<SessionApi>(
    () => ({
      session,
      api,
      signIn,
      acceptInvitation,
      signOut,
      reloadMemberships,
      switchOrganization,
      roles,
      hasRole: (...wanted: string[]) => wanted.some((r) => roles.includes(r)),
      platformAdmin: Boolean(session?.person.platformAdmin),
      orgAdmin: Boolean(session?.person.platformAdmin) || roles.includes('ROLE_ORG_ADMIN'),
      organizationName: acting?.organizationName ?? session?.organizationId ?? '',
    }),
    [session, api, signIn, acceptInvitation, signOut, reloadMemberships, switchOrganization, roles, acting],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
