/**
 * What is wrong with a boundary file, located precisely enough to fix it: the feature's index
 * (as in `features[i]`), its code when it has one, a JSON path to the offending value, and the
 * offending position when there is one. Every message comes in Vietnamese and English.
 */
import type { Position } from "@ioc/core";

/** Stable codes of boundary problems; `severity` says whether the import must stop. */
export type BoundaryProblemCode =
  // the file
  | "invalid-json"
  | "not-feature-collection"
  | "no-features"
  | "too-many-problems"
  // a feature's structure and properties
  | "feature-invalid"
  | "geometry-missing"
  | "geometry-type"
  | "coordinates-invalid"
  | "code-missing"
  | "code-invalid"
  | "code-duplicate"
  | "name-missing"
  | "property-invalid"
  | "province-missing"
  | "province-mismatch"
  // a feature's geometry
  | "ring-unclosed"
  | "ring-too-short"
  | "self-intersection"
  | "rings-cross"
  | "coordinates-swapped"
  | "outside-vietnam"
  // warnings: the import goes on
  | "code-numeric"
  | "property-defaulted"
  | "multipolygon-reduced"
  | "borders-overlap"
  | "duplicate-vertices-removed"
  // warnings of --repair (repair.ts)
  | "ring-repaired"
  | "spike-removed"
  | "zero-area-loop-removed";

/** One located problem of a boundary file. */
export interface BoundaryProblem {
  code: BoundaryProblemCode;
  severity: "error" | "warning";
  /** Index in `features`; null for a problem of the whole file. */
  featureIndex: number | null;
  /** The feature's `code` property when it has a usable one. */
  featureCode: string | null;
  /** JSON path to the offending value, e.g. `features[3].geometry.coordinates[0][1][5]`. */
  path: string;
  /** The offending position, when there is one. */
  position?: Position;
  message: { vi: string; en: string };
}

/** Where a problem is, for building messages. */
export interface ProblemSite {
  featureIndex: number | null;
  featureCode: string | null;
}

/** Builds a problem whose message starts with its location in both languages. */
export function problem(
  code: BoundaryProblemCode,
  site: ProblemSite,
  path: string,
  message: { vi: string; en: string },
  extra: { severity?: "error" | "warning"; position?: Position } = {},
): BoundaryProblem {
  const where =
    site.featureIndex === null
      ? { vi: "Tệp", en: "File" }
      : {
          vi: `features[${site.featureIndex}]${site.featureCode ? ` (mã ${site.featureCode})` : ""}`,
          en: `features[${site.featureIndex}]${site.featureCode ? ` (code ${site.featureCode})` : ""}`,
        };
  const result: BoundaryProblem = {
    code,
    severity: extra.severity ?? "error",
    featureIndex: site.featureIndex,
    featureCode: site.featureCode,
    path,
    message: { vi: `${where.vi}: ${message.vi}`, en: `${where.en}: ${message.en}` },
  };
  if (extra.position) result.position = extra.position;
  return result;
}

/** A position as people read it: `[lon, lat]` with up to 6 decimals. */
export function showPosition(p: Position): string {
  const f = (x: number) => String(Math.round(x * 1e6) / 1e6);
  return `[${f(p[0])}, ${f(p[1])}]`;
}

/** Collects problems up to a limit, so a broken 3,000-feature file does not flood the screen. */
export class ProblemList {
  readonly errors: BoundaryProblem[] = [];
  private readonly kept: BoundaryProblem[] = [];
  private droppedErrors = 0;
  private droppedWarnings = 0;

  /** `max` errors and `max` warnings are listed; the rest are counted. */
  constructor(private readonly max: number) {}

  add(item: BoundaryProblem): void {
    if (item.severity === "warning") {
      if (this.kept.length < this.max) this.kept.push(item);
      else this.droppedWarnings++;
    } else if (this.errors.length < this.max) {
      this.errors.push(item);
    } else {
      this.droppedErrors++;
    }
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** The errors, with a closing note when some were left out. */
  finalErrors(): BoundaryProblem[] {
    if (this.droppedErrors === 0) return this.errors;
    return [
      ...this.errors,
      problem("too-many-problems", { featureIndex: null, featureCode: null }, "", {
        vi: `còn ${this.droppedErrors} lỗi khác không được liệt kê; hãy sửa các lỗi trên rồi nhập lại`,
        en: `${this.droppedErrors} more errors not listed; fix the ones above and import again`,
      }),
    ];
  }

  /** The warnings, with a closing note when some were left out. */
  get warnings(): BoundaryProblem[] {
    if (this.droppedWarnings === 0) return this.kept;
    return [
      ...this.kept,
      problem(
        "too-many-problems",
        { featureIndex: null, featureCode: null },
        "",
        {
          vi: `còn ${this.droppedWarnings} cảnh báo khác không được liệt kê`,
          en: `${this.droppedWarnings} more warnings not listed`,
        },
        { severity: "warning" },
      ),
    ];
  }
}
