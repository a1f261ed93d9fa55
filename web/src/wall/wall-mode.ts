/**
 * Wall mode for the operations room's big screen: `?wall=1` in the address, or the header's toggle.
 */
import { createSignal } from "solid-js";

const initial = typeof location !== "undefined" && new URLSearchParams(location.search).get("wall") === "1";
const [wall, setWallSignal] = createSignal(initial);

/** Whether the dashboard shows the wall screen. */
export { wall };

/** Enters or leaves wall mode, asking the browser for full screen when entering from a click. */
export function setWall(on: boolean): void {
  setWallSignal(on);
  if (typeof document === "undefined") return;
  if (on && !document.fullscreenElement) void document.documentElement.requestFullscreen?.().catch(() => {});
  if (!on && document.fullscreenElement) void document.exitFullscreen().catch(() => {});
}
