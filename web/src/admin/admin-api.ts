/**
 * One way for every administration screen to call the API: the session's token, the admin's
 * province as `?province=`, a problem answer turned into one sentence, a 401 that signs out.
 */
import { useDashboard } from "../dashboard-store.js";
import { useSession } from "../session.js";
import { a } from "./admin-i18n.js";

/** What a screen shows after an action. */
export interface AdminMessage {
  kind: "ok" | "error";
  text: string;
}

interface Problem {
  title?: string;
  detail?: string;
}

/** The call function of an administration screen; failures go to `onError` and resolve undefined. */
export type AdminCall = <T>(method: string, path: string, body?: unknown) => Promise<T | undefined>;

/** The province the admin works on: the dashboard's, else the first of the user's own. */
export function useAdminProvince(): () => string {
  const session = useSession();
  const store = useDashboard();
  return () => store.collection()?.province.code ?? session.user()?.provinces.find((p) => p !== "*") ?? "";
}

/** A request of an administration screen: method, path, an optional JSON body and abort signal. */
export type AdminFetch = (method: string, path: string, body?: unknown, signal?: AbortSignal) => Promise<Response>;

/**
 * The one fetch of the administration screens: the session's token, the admin's province as
 * `?province=`, a JSON body when there is one; it throws and answers as `fetch` does.
 */
export function useAdminFetch(): AdminFetch {
  const session = useSession();
  const province = useAdminProvince();
  const base = (import.meta.env.VITE_API_URL as string | undefined) ?? "";
  return (method, path, body, signal) => {
    const sep = path.includes("?") ? "&" : "?";
    return fetch(`${base}${path}${sep}province=${province()}`, {
      method,
      headers: {
        authorization: `Bearer ${session.token() ?? ""}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  };
}

/** A call bound to the session and province; `onError` receives the sentence to show. */
export function useAdminCall(onError: (message: AdminMessage) => void): AdminCall {
  const session = useSession();
  const send = useAdminFetch();
  return async <T>(method: string, path: string, body?: unknown): Promise<T | undefined> => {
    let response: Response;
    try {
      response = await send(method, path, body);
    } catch (error) {
      onError({ kind: "error", text: `${a("failed")}: ${(error as Error).message}` });
      return undefined;
    }
    if (response.status === 401) {
      session.signOut();
      return undefined;
    }
    const data = (await response.json().catch(() => ({}))) as T & Problem;
    if (!response.ok) {
      onError({ kind: "error", text: `${a("failed")}: ${data.title ?? response.status} — ${data.detail ?? ""}` });
      return undefined;
    }
    return data;
  };
}
