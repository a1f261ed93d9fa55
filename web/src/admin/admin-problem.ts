/**
 * Calls of the administration forms that keep the server's problem+json whole, so a refused save
 * is shown as the server said it — title, detail, and the field it names beside that field — rather
 * than one sentence at the top (what `useAdminCall` does for simple actions).
 */
import { lang } from "../i18n.js";
import { useSession } from "../session.js";
import { useAdminFetch } from "./admin-api.js";
import { a } from "./admin-i18n.js";

/** A refused request, as the form shows it. */
export interface FormProblem {
  status: number;
  code?: string;
  /** The title in the dashboard's language (the server sends both). */
  title: string;
  detail: string;
  /** The field the detail names ("milestones.0.year"), when it names one. */
  field?: string;
  /** The detail without its "body <field>: " prefix, for the field's own message. */
  message: string;
}

/** What a form call answers. */
export type FormResult<T> = { ok: true; data: T } | { ok: false; problem: FormProblem };

interface ProblemBody {
  code?: string;
  title?: string;
  titleVi?: string;
  detail?: string;
}

/**
 * The field a problem's detail names: the API says "body <a.b.c>: <message>" (validation.ts), or
 * "path <name>: …" for a path parameter, which the forms show beside the field of the same name.
 */
export function fieldOfDetail(detail: string): { field?: string; message: string } {
  const match = /^(?:body|path) ([A-Za-z0-9_.]+): (.*)$/s.exec(detail);
  return match ? { field: match[1] as string, message: match[2] as string } : { message: detail };
}

/** A call bound to the session and the admin's province that answers the problem instead of a sentence. */
export function useAdminFormCall() {
  const session = useSession();
  const send = useAdminFetch();
  return async <T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<FormResult<T>> => {
    let response: Response;
    try {
      response = await send(method, path, body, signal);
    } catch (error) {
      const detail = (error as Error).message;
      return { ok: false, problem: { status: 0, title: a("failed"), detail, message: detail } };
    }
    if (response.status === 401) session.signOut();
    const data = (await response.json().catch(() => ({}))) as T & ProblemBody;
    if (response.ok) return { ok: true, data };
    const detail = data.detail ?? "";
    const title = (lang() === "vi" ? data.titleVi : data.title) ?? data.title ?? String(response.status);
    return {
      ok: false,
      problem: {
        status: response.status,
        ...(data.code ? { code: data.code } : {}),
        title,
        detail,
        ...fieldOfDetail(detail),
      },
    };
  };
}
