import { ar } from "./ar.js";
import { en, type MessageKey } from "./en.js";
import { Store } from "../lib/store.js";

export type Lang = "en" | "ar";
export type { MessageKey };

const STORAGE_KEY = "diwan.lang";
const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, ar };

/** Stored choice, else the browser's language (Arabic for any `ar-*`), else English. */
function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "en" || stored === "ar") return stored;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    if (tag.toLowerCase().startsWith("ar")) return "ar";
    if (tag.toLowerCase().startsWith("en")) return "en";
  }
  return "en";
}

export const langStore = new Store<Lang>(initialLang());

function applyToDocument(lang: Lang): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
}
applyToDocument(langStore.get());

export function setLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  applyToDocument(lang);
  langStore.set(lang);
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = dictionaries[langStore.get()][key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Numbers in the current language (Arabic-Indic digits in Arabic). */
export function num(n: number): string {
  return n.toLocaleString(langStore.get() === "ar" ? "ar-SA" : "en-US");
}

/** A refusal in words: the known codes in the page's language, otherwise the server's message. */
export function refusalText(code: string, serverMessage: string): string {
  const key = `err_${code}` as MessageKey;
  return `${code}: ${key in en ? t(key) : serverMessage}`;
}
