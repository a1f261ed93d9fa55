import { createApiClient } from "@ioc/client";
import { render } from "solid-js/web";
import { App } from "./App.js";
import { createDashboardStore, DashboardProvider, defaultLiveUrl } from "./dashboard-store.js";
import { lang } from "./i18n.js";
import "./styles.css";

document.documentElement.lang = lang();
const api = createApiClient({ baseUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "" });
const store = createDashboardStore(api, defaultLiveUrl());

render(
  () => (
    <DashboardProvider value={store}>
      <App />
    </DashboardProvider>
  ),
  document.getElementById("root") as HTMLElement,
);
