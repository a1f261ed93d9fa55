import { createApiClient } from "@ioc/client";
import { render } from "solid-js/web";
import { App } from "./App.js";
import { createDashboardStore, defaultLiveUrl } from "./dashboard-store.js";
import { lang } from "./i18n.js";
import { createSession, SessionProvider } from "./session.js";
import "./styles.css";

document.documentElement.lang = lang();
// The client asks the session for the token on every call; a refused token ends the session.
const api = createApiClient({
  baseUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "",
  token: () => session.token(),
  onUnauthorized: () => session.signOut(),
});
const session = createSession({ login: api.login });

render(
  () => (
    <SessionProvider value={session}>
      <App createStore={() => createDashboardStore(api, defaultLiveUrl(), session.token)} />
    </SessionProvider>
  ),
  document.getElementById("root") as HTMLElement,
);
