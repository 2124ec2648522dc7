import { useEffect, useState } from "preact/hooks";

/** Load something once per key; errors become a message for the page. */
export function useAsync<T>(load: () => Promise<T>, key: unknown[]): { data: T | null; error: string | null; loading: boolean } {
  const [result, setResult] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    setResult({ data: null, error: null, loading: true });
    load().then(
      (data) => live && setResult({ data, error: null, loading: false }),
      (err: unknown) => live && setResult({ data: null, error: err instanceof Error ? err.message : String(err), loading: false }),
    );
    return () => {
      live = false;
    };
  }, key);
  return result;
}
