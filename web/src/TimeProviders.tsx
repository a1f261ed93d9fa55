/**
 * History and playback for the room (issue 12): the history client (the user's token, a refused
 * token ends the session) and the map's playback over the shared range, one per signed-in store.
 */
import type { JSX } from "solid-js";
import type { DashboardStore } from "./dashboard-store.js";
import { createHistoryClient, HistoryProvider } from "./history-client.js";
import { createPlayback, PlaybackProvider } from "./playback.js";
import { useSession } from "./session.js";
import { range } from "./time-range.js";

/** Provides `useHistory()` and `usePlayback()` to `children`. */
export function TimeProviders(props: { store: DashboardStore; children: JSX.Element }) {
  const session = useSession();
  const history = createHistoryClient({
    baseUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "",
    token: () => session.token(),
    onUnauthorized: () => session.signOut(),
  });
  const playback = createPlayback({
    history,
    province: () => props.store.collection()?.province.code,
    metric: props.store.metric,
    range,
    // Back to live: the values the replay kept off the screen are fetched again.
    onResume: () => void props.store.reload(),
  });
  return (
    <HistoryProvider value={history}>
      <PlaybackProvider value={playback}>{props.children}</PlaybackProvider>
    </HistoryProvider>
  );
}
