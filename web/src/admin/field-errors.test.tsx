import { cleanup, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { afterEach, describe, expect, it } from "vitest";
import { type FieldProblem, fieldErrors } from "./field-errors.js";

afterEach(cleanup);

describe("a form's field errors", () => {
  it("mark only the field the problem names, and follow the problem as it changes", () => {
    const [problem, setProblem] = createSignal<FieldProblem | undefined>({
      field: "milestones.0.year",
      message: "must be after 2025",
    });
    const { fid, invalid, FieldError, errorOf } = fieldErrors("vh_dvc-province", problem);
    render(() => (
      <>
        <input id={fid("milestones.0.year")} data-testid="year" {...invalid("milestones.0.year")} />
        <FieldError field="milestones.0.year" />
        <input data-testid="source" {...invalid("source")} />
        <FieldError field="source" />
      </>
    ));
    const year = screen.getByTestId("year");
    expect(year.id).toBe("vh_dvc-province-milestones-0-year");
    expect(year.getAttribute("aria-invalid")).toBe("true");
    expect(year.getAttribute("aria-describedby")).toBe("vh_dvc-province-milestones-0-year-error");
    const error = screen.getByTestId("error-milestones.0.year");
    expect(error.id).toBe("vh_dvc-province-milestones-0-year-error");
    expect(error.className).toBe("field-error");
    expect(error.textContent).toBe("must be after 2025");
    expect(screen.getByTestId("source").hasAttribute("aria-invalid")).toBe(false);
    expect(screen.queryByTestId("error-source")).toBeNull();

    setProblem({ field: "source", message: "Required" });
    expect(errorOf("source")).toBe("Required");
    expect(year.hasAttribute("aria-invalid")).toBe(false);
    expect(year.hasAttribute("aria-describedby")).toBe(false);
    expect(screen.queryByTestId("error-milestones.0.year")).toBeNull();
    expect(screen.getByTestId("error-source").textContent).toBe("Required");
  });
});
