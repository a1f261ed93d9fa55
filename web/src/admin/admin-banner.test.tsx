import { cleanup, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { afterEach, describe, expect, it } from "vitest";
import type { AdminMessage } from "./admin-api.js";
import { AdminBanner } from "./admin-banner.js";

afterEach(cleanup);

describe("an administration screen's message", () => {
  it("announces a failure as an alert, a success as a status, and goes when cleared", () => {
    const [message, setMessage] = createSignal<AdminMessage | undefined>({ kind: "error", text: "Mã đã tồn tại" });
    render(() => <AdminBanner message={message()} testId="dl-message" />);
    const shown = screen.getByTestId("dl-message");
    expect(shown.getAttribute("role")).toBe("alert");
    expect(shown.className).toBe("admin-message error");
    expect(shown.textContent).toBe("Mã đã tồn tại");

    setMessage({ kind: "ok", text: "Đã lưu quy tắc — r-1" });
    const ok = screen.getByTestId("dl-message");
    expect(ok.getAttribute("role")).toBe("status");
    expect(ok.className).toBe("admin-message ok");
    expect(ok.textContent).toBe("Đã lưu quy tắc — r-1");

    setMessage(undefined);
    expect(screen.queryByTestId("dl-message")).toBeNull();
  });
});
