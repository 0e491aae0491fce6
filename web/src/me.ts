// "You": the address a user says is theirs (a holder's page, "This is my address"), kept in this
// browser only (localStorage); pages mark its votes and rows. No wallet is needed to read.
import { useSyncExternalStore } from "react";

const KEY = "jiaozi.me";
const EVENT = "jiaozi:me";

function read(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // storage blocked: nobody is "you"
  }
}

/** Remembers `address` (lower case) as yours, or forgets it (null). */
export function setMe(address: string | null): void {
  try {
    if (address) localStorage.setItem(KEY, address.toLowerCase());
    else localStorage.removeItem(KEY);
  } catch {
    // storage blocked: the marker stays off
  }
  window.dispatchEvent(new Event(EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/** Your address (lower case), or null. */
export function useMe(): string | null {
  return useSyncExternalStore(subscribe, read, () => null);
}
