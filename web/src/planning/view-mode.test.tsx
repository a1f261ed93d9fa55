import { describe, expect, it } from "vitest";
import { applyLanding, landingView, setView, view } from "./view-mode.js";

describe("the screen a role starts on", () => {
  it("opens the planning view for planners and the operations room for everyone else", () => {
    expect(landingView("planner")).toBe("planning");
    expect(landingView("leader")).toBe("operations");
    expect(landingView("ops")).toBe("operations");
    expect(landingView("admin")).toBe("operations");
  });

  it("lands a planner on the planning view, in the address too, without a new history entry", () => {
    history.replaceState(null, "", "/");
    const entries = history.length;
    applyLanding("planner");
    expect(view()).toBe("planning");
    expect(new URLSearchParams(location.search).get("view")).toBe("planning");
    expect(history.length).toBe(entries);
  });

  it("leaves a screen the address names alone (a bookmark or a shared link wins)", () => {
    setView("operations");
    history.replaceState(null, "", "/?view=operations");
    applyLanding("planner");
    expect(view()).toBe("operations");
  });
});
