/**
 * `npm start -- --province 48 --boundaries communes.geojson`: a province evaluates the IOC on its
 * own communes. The file is checked and repaired in memory (as `ioc geo import --repair`) before
 * anything starts, so bad input stops the start with a precise message and nothing stored.
 */
import { readFileSync } from "node:fs";
import type { Province } from "@ioc/core";
import { importBoundaries } from "@ioc/geo";

/** The 34 provinces since 1 July 2025 (codes and names of the national code list). */
export const PROVINCES_2025: ReadonlyMap<string, string> = new Map([
  ["01", "Thành phố Hà Nội"],
  ["04", "Tỉnh Cao Bằng"],
  ["08", "Tỉnh Tuyên Quang"],
  ["11", "Tỉnh Điện Biên"],
  ["12", "Tỉnh Lai Châu"],
  ["14", "Tỉnh Sơn La"],
  ["15", "Tỉnh Lào Cai"],
  ["19", "Tỉnh Thái Nguyên"],
  ["20", "Tỉnh Lạng Sơn"],
  ["22", "Tỉnh Quảng Ninh"],
  ["24", "Tỉnh Bắc Ninh"],
  ["25", "Tỉnh Phú Thọ"],
  ["31", "Thành phố Hải Phòng"],
  ["33", "Tỉnh Hưng Yên"],
  ["37", "Tỉnh Ninh Bình"],
  ["38", "Tỉnh Thanh Hóa"],
  ["40", "Tỉnh Nghệ An"],
  ["42", "Tỉnh Hà Tĩnh"],
  ["44", "Tỉnh Quảng Trị"],
  ["46", "Thành phố Huế"],
  ["48", "Thành phố Đà Nẵng"],
  ["51", "Tỉnh Quảng Ngãi"],
  ["52", "Tỉnh Gia Lai"],
  ["56", "Tỉnh Khánh Hòa"],
  ["66", "Tỉnh Đắk Lắk"],
  ["68", "Tỉnh Lâm Đồng"],
  ["75", "Tỉnh Đồng Nai"],
  ["79", "Thành phố Hồ Chí Minh"],
  ["80", "Tỉnh Tây Ninh"],
  ["82", "Tỉnh Đồng Tháp"],
  ["86", "Tỉnh Vĩnh Long"],
  ["91", "Tỉnh An Giang"],
  ["92", "Thành phố Cần Thơ"],
  ["96", "Tỉnh Cà Mau"],
]);

/** Why the province or its boundary file was refused; `exitCode` is what `npm start` exits with. */
export class StartOptionError extends Error {
  constructor(
    readonly code:
      | "boundaries-without-province"
      | "province-without-boundaries"
      | "unknown-province"
      | "boundaries-unreadable"
      | "boundaries-invalid"
      | "boundaries-other-province",
    message: { vi: string; en: string },
    /** 2 for a mistake in the command line, 1 for a file that cannot be used. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(`${message.vi}\n${message.en}`);
    this.name = "StartOptionError";
  }
}

/** What `--province` and `--boundaries` ask for. */
export interface ProvinceBoundariesOption {
  province: string;
  /** A GeoJSON FeatureCollection of the province's communes (docs/BOUNDARY-IMPORT.md). */
  file: string;
}

/** Problems shown before "and N more", so a bad file gives a readable message. */
const SHOWN_PROBLEMS = 5;

/**
 * Reads, repairs and checks a province's boundary file; throws `StartOptionError` when the code is
 * not one of the 34 provinces, the file cannot be read, it holds another province's communes, or
 * it has problems a repair cannot fix. Pure apart from reading the file: nothing is stored.
 */
export function loadProvinceBoundaries(option: ProvinceBoundariesOption): { province: Province; repairs: number } {
  const { province, file } = option;
  const name = PROVINCES_2025.get(province);
  if (!name) {
    throw new StartOptionError(
      "unknown-province",
      {
        vi: `Mã tỉnh "${province}" không có trong danh mục 34 tỉnh, thành phố từ 01/07/2025 (ví dụ: 01 Hà Nội, 48 Đà Nẵng, 79 TP. Hồ Chí Minh).`,
        en: `Province code "${province}" is not one of the 34 provinces since 1 July 2025 (e.g. 01 Hà Nội, 48 Đà Nẵng, 79 Hồ Chí Minh City).`,
      },
      2,
    );
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new StartOptionError("boundaries-unreadable", {
      vi: `Không đọc được tệp ranh giới ${file} (${reason}). Không có gì được ghi.`,
      en: `Cannot read the boundary file ${file} (${reason}). Nothing was stored.`,
    });
  }
  const result = importBoundaries(text, { provinceCode: province, repair: true });
  if (!result.ok) {
    const others = result.errors.filter((p) => p.code === "province-mismatch");
    if (others.length > 0 && others.length === result.errors.length) {
      const found = [...new Set(others.map((p) => /province (\d{2})/.exec(p.message.en)?.[1]).filter(Boolean))];
      throw new StartOptionError("boundaries-other-province", {
        vi: `Tệp ${file} có ${others.length} xã thuộc tỉnh ${found.join(", ")}, không phải tỉnh ${province} (${name}). Hãy dùng đúng tệp, hoặc --province ${found[0] ?? "<mã>"}. Không có gì được ghi.`,
        en: `File ${file} holds ${others.length} communes of province ${found.join(", ")}, not of province ${province} (${name}). Use the right file, or --province ${found[0] ?? "<code>"}. Nothing was stored.`,
      });
    }
    const shown = result.errors.slice(0, SHOWN_PROBLEMS).map((p) => `  ✖ [${p.code}] ${p.message.vi}`);
    const more = result.errors.length - shown.length;
    throw new StartOptionError("boundaries-invalid", {
      vi: [
        `Tệp ${file} bị từ chối: ${result.errors.length} lỗi không tự sửa được. Không có gì được ghi.`,
        ...shown,
        ...(more > 0
          ? [`  … và ${more} lỗi khác (xem chi tiết: npm run ioc -- geo import ${file} --repair --dry-run)`]
          : []),
      ].join("\n"),
      en: `File ${file} refused: ${result.errors.length} problems a repair cannot fix. Nothing was stored.`,
    });
  }
  const communes = result.communes.map((c) => c.commune).sort((a, b) => (a.code < b.code ? -1 : 1));
  // The readings are the simulator's: the province is labelled as demo data, whatever its boundaries.
  return { province: { code: province, name, synthetic: true, communes }, repairs: result.stats.repairs };
}
