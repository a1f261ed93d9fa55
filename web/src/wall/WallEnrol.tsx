/**
 * The wall's enrolment screen: shown on a wall device that has no valid credential yet (or whose
 * credential was revoked). An admin issues a one-time code or link; typing or pasting it here
 * enrols this browser for weeks. No username or password is ever typed on a wall.
 */
import { createSignal, Show } from "solid-js";
import { lang } from "../i18n.js";
import { useSession } from "../session.js";
import type { DeviceSession, WallProblem } from "./device-session.js";

const WORDS = {
  title: { vi: "Màn hình treo tường chưa được cấp quyền", en: "This wall screen is not enrolled" },
  hint: {
    vi: "Quản trị viên cấp mã kích hoạt cho màn hình này. Dán mã hoặc liên kết kích hoạt vào ô dưới đây.",
    en: "An administrator issues an enrolment code for this screen. Paste the code or the enrolment link below.",
  },
  code: { vi: "Mã hoặc liên kết kích hoạt", en: "Enrolment code or link" },
  enrol: { vi: "Kích hoạt", en: "Enrol" },
  connecting: { vi: "Đang kết nối…", en: "Connecting…" },
  "code-refused": {
    vi: "Mã không hợp lệ hoặc đã được dùng. Xin quản trị viên cấp mã mới.",
    en: "The code is not valid or was already used. Ask an administrator for a new one.",
  },
  revoked: {
    vi: "Quyền của màn hình này đã bị thu hồi hoặc hết hạn. Cần kích hoạt lại.",
    en: "This screen's access was revoked or has lapsed. It must be enrolled again.",
  },
  network: {
    vi: "Không kết nối được máy chủ; màn hình sẽ tự thử lại.",
    en: "The server cannot be reached; the screen will try again by itself.",
  },
} as const;
const w = (key: keyof typeof WORDS) => WORDS[key][lang()];

/** The enrolment form of a wall device. */
export function WallEnrol() {
  const session = useSession() as DeviceSession;
  const [code, setCode] = createSignal("");
  const problem = (): WallProblem | undefined => session.wallProblem();
  const submit = (e: Event) => {
    e.preventDefault();
    void session.enrol(code()).catch(() => {});
  };
  return (
    <main class="sign-in wall-enrol" data-testid="wall-enrol">
      <form class="sign-in-card" onSubmit={submit}>
        <h1>{w("title")}</h1>
        <p class="muted">{w("hint")}</p>
        <label>
          <span>{w("code")}</span>
          <input
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value)}
            autocomplete="off"
            data-testid="wall-enrol-code"
          />
        </label>
        <Show when={problem()}>
          {(p) => (
            <p class="error-text" role="alert" data-testid="wall-enrol-problem">
              {w(p())}
            </p>
          )}
        </Show>
        <button type="submit" class="primary" disabled={session.busy() || code().trim() === ""}>
          {session.busy() ? w("connecting") : w("enrol")}
        </button>
      </form>
    </main>
  );
}
