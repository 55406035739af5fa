// The basket: reservation requests kept in localStorage per organisation until they are booked
// together (POST /v1/baskets, all or nothing).
import { useCallback, useEffect, useState } from 'react';
import { newKey } from './common';

export interface BasketItem {
  id: string; // local id
  listingId: string;
  titleNl: string;
  titleEn: string;
  timeZone: string;
  destinationName?: string;
  responsibleName?: string;
  // A CreateReservationRequest without idempotency key (the basket has its own).
  request: Record<string, unknown>;
  addedAt: string;
}

interface Stored {
  items: BasketItem[];
  // One key per basket content: a retried "book all" of the same items is not booked twice.
  key: string;
}

const PREFIX = 'leerpool.basket.';
const EVENT = 'leerpool-basket-change';

function read(organizationId: string): Stored {
  try {
    const raw = localStorage.getItem(PREFIX + organizationId);
    if (raw) {
      const parsed = JSON.parse(raw) as Stored;
      if (Array.isArray(parsed.items)) return { items: parsed.items, key: parsed.key || newKey() };
    }
  } catch {
    // A damaged entry starts an empty basket.
  }
  return { items: [], key: newKey() };
}

function write(organizationId: string, stored: Stored) {
  localStorage.setItem(PREFIX + organizationId, JSON.stringify(stored));
  window.dispatchEvent(new Event(EVENT));
}

export function addToBasket(organizationId: string, item: Omit<BasketItem, 'id' | 'addedAt'>): void {
  const stored = read(organizationId);
  write(organizationId, { items: [...stored.items, { ...item, id: newKey(), addedAt: new Date().toISOString() }], key: newKey() });
}

export function useBasket(organizationId: string) {
  const [stored, setStored] = useState(() => read(organizationId));
  useEffect(() => {
    const refresh = () => setStored(read(organizationId));
    refresh();
    window.addEventListener(EVENT, refresh);
    window.addEventListener('storage', refresh); // other tabs
    return () => {
      window.removeEventListener(EVENT, refresh);
      window.removeEventListener('storage', refresh);
    };
  }, [organizationId]);
  const remove = useCallback(
    (id: string) => {
      const s = read(organizationId);
      write(organizationId, { items: s.items.filter((i) => i.id !== id), key: newKey() });
    },
    [organizationId],
  );
  const clear = useCallback(() => write(organizationId, { items: [], key: newKey() }), [organizationId]);
  return { items: stored.items, key: stored.key, remove, clear };
}
