import { createApiClient } from "@ioc/client";
import { render } from "solid-js/web";
import { App } from "./App.js";
import { createDashboardStore, defaultLiveUrl } from "./dashboard-store.js";
import { lang } from "./i18n.js";
import { createSession, SessionProvider } from "./session.js";
import "./styles.css";
import { createDeviceSession, isDeviceWall } from "./wall/device-session.js";

document.documentElement.lang = lang();
// The client asks the session for the token on every call; a refused token ends the session.
const api = createApiClient({
  baseUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "",
  token: () => session.token(),
  onUnauthorized: () => session.signOut(),
});
// A wall device (`?wall=1` enrolling, or enrolled before) runs on its device credential, not a person's sign-in.
const session = isDeviceWall(location.search, localStorage)
  ? createDeviceSession({ baseUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "" })
  : createSession({ login: api.login });

render(
  () => (
    <SessionProvider value={session}>
      <App createStore={() => createDashboardStore(api, defaultLiveUrl(), session.token)} />
    </SessionProvider>
  ),
  document.getElementById("root") as HTMLElement,
);
