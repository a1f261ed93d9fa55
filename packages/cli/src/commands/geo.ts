/**
 * `ioc geo import` and `ioc geo import-mapping` (docs/BOUNDARY-IMPORT.md): a province's commune
 * boundaries and the pre-2025 code mapping. `@ioc/geo` validates and simplifies; this file reads
 * the file, reports in the user's language, and writes only when everything is valid.
 */
import { readFile } from "node:fs/promises";
import { isProvinceCode } from "@ioc/core";
import {
  type BoundaryProblem,
  type ImportProgress,
  parseLegacyMapping,
  planBoundaryImport,
  REPAIR_PROBLEM_CODES,
  type RegistryDiff,
  repairProblem,
  writeBoundaryImport,
} from "@ioc/geo";
import { type CliCommand, type CliContext, CliError, type CliLang, say } from "../cli-context.js";
import { recordCliAudit } from "./audit.js";

const IMPORT_USAGE =
  "ioc geo import <file.geojson> [--province <2 digits>] [--name <tên tỉnh>] [--code-digits 5] [--tolerance <m>] [--repair] [--allow-removals] [--dry-run]";
const MAPPING_USAGE = "ioc geo import-mapping <merges.json> [--dry-run]";

const PHASES: Record<ImportProgress["phase"], { vi: string; en: string }> = {
  parse: { vi: "Đọc JSON", en: "Parsing JSON" },
  read: { vi: "Đọc thuộc tính", en: "Reading properties" },
  repair: { vi: "Sửa vòng lỗi", en: "Repairing rings" },
  validate: { vi: "Kiểm tra hình học", en: "Checking geometry" },
  simplify: { vi: "Đơn giản hóa", en: "Simplifying" },
  records: { vi: "Tạo bản ghi", en: "Building records" },
};

/**
 * Files above this size get a progress line: a province's real boundaries (Quảng Nam's districts
 * are 430 KB) take about a second; smaller files finish before anyone could read it.
 */
const PROGRESS_BYTES = 256 * 1024;

async function readText(path: string | undefined, usage: string): Promise<string> {
  if (!path)
    throw new CliError({ vi: `Thiếu đường dẫn tệp. Cách dùng: ${usage}`, en: `Missing file path. Usage: ${usage}` }, 2);
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError({ vi: `Không đọc được tệp ${path} (${reason})`, en: `Cannot read file ${path} (${reason})` });
  }
}

function positiveNumber(context: CliContext, name: string): number | undefined {
  const value = context.options[name];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isFinite(n) || n <= 0) {
    throw new CliError({ vi: `--${name} phải là một số dương`, en: `--${name} must be a positive number` }, 2);
  }
  return n;
}

/** One line per problem: severity, code, then the message (which starts with features[i] and the code). */
export function formatProblem(p: BoundaryProblem, lang: CliLang): string {
  const mark = p.severity === "error" ? "✖" : "⚠";
  return `${mark} [${p.code}] ${say(lang, p.message)}`;
}

function describeDiff(diff: RegistryDiff, lang: CliLang): string[] {
  const lines = [
    say(lang, {
      vi: `Thay đổi danh mục: thêm ${diff.added.length}, bỏ ${diff.removed.length}, sửa ${diff.changed.length}, giữ nguyên ${diff.unchanged}`,
      en: `Registry changes: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged`,
    }),
  ];
  for (const c of diff.removed) {
    lines.push(
      say(lang, {
        vi: `  − ${c.code} ${c.name} (dân số ${c.population}) sẽ bị bỏ khỏi danh mục`,
        en: `  − ${c.code} ${c.name} (population ${c.population}) would leave the registry`,
      }),
    );
  }
  for (const c of diff.changed.slice(0, 50)) lines.push(`  ~ ${c.code} ${c.after.name}: ${c.fields.join(", ")}`);
  if (diff.changed.length > 50)
    lines.push(
      say(lang, { vi: `  … và ${diff.changed.length - 50} xã khác`, en: `  … and ${diff.changed.length - 50} more` }),
    );
  return lines;
}

/** `ioc geo import`. */
export const geoImport: CliCommand = {
  summary: {
    vi: "Nhập ranh giới xã từ tệp GeoJSON (kiểm tra trước, ghi nguyên khối)",
    en: "Import commune boundaries from a GeoJSON file (validated first, written whole)",
  },
  usage: IMPORT_USAGE,
  async run(context: CliContext) {
    const { io, lang, options, stores } = context;
    const path = context.args[0];
    const text = await readText(path, IMPORT_USAGE);
    const provinceOption = typeof options.province === "string" ? options.province.trim() : undefined;
    if (provinceOption !== undefined && !isProvinceCode(provinceOption)) {
      throw new CliError(
        {
          vi: `Mã tỉnh "${provinceOption}" phải có 2 chữ số`,
          en: `Province code "${provinceOption}" must have 2 digits`,
        },
        2,
      );
    }
    const codeDigits = positiveNumber(context, "code-digits");
    const toleranceMeters = positiveNumber(context, "tolerance");
    const repair = options.repair === true;

    const showProgress = text.length >= PROGRESS_BYTES;
    let lastLine = "";
    const plan = await planBoundaryImport(text, stores.registry, {
      ...(provinceOption ? { provinceCode: provinceOption } : {}),
      ...(codeDigits ? { codeDigits } : {}),
      ...(toleranceMeters ? { toleranceMeters } : {}),
      ...(typeof options.name === "string" ? { provinceName: options.name } : {}),
      repair,
      onProgress: showProgress
        ? ({ phase, done, total }) => {
            const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
            const line = `${say(lang, PHASES[phase])}: ${done}/${total} (${percent}%)`;
            if (line === lastLine) return;
            lastLine = line;
            io.progress?.(line);
          }
        : undefined,
    });
    if (showProgress) io.progress?.("");

    if (!plan.ok && plan.reason === "invalid") {
      for (const p of plan.errors) io.err(formatProblem(p, lang));
      if (plan.repairable) {
        io.err(
          say(lang, {
            vi: "Gợi ý: --repair sửa các vòng tự chạm hoặc tự cắt như các phần mềm GIS (và liệt kê từng chỗ sửa).",
            en: "Hint: --repair fixes self-touching or self-crossing rings as GIS tools do (and lists every repair).",
          }),
        );
      }
      throw new CliError({
        vi: `Tệp ${path} bị từ chối: ${plan.errors.length} lỗi. Danh mục không thay đổi.`,
        en: `File ${path} refused: ${plan.errors.length} errors. The registry is unchanged.`,
      });
    }
    // Every repair is listed (the warnings hold only the first ones), then the other warnings.
    for (const r of plan.repairs) io.err(formatProblem(repairProblem(r), lang));
    for (const p of plan.warnings)
      if (!(p.featureIndex !== null && REPAIR_PROBLEM_CODES.has(p.code))) io.err(formatProblem(p, lang));

    if (!plan.ok && plan.reason === "several-provinces") {
      const { provinces } = plan;
      throw new CliError({
        vi: `Tệp có xã của ${provinces.length} tỉnh (${provinces.join(", ")}); hãy nhập từng tỉnh một. Danh mục không thay đổi.`,
        en: `The file holds communes of ${provinces.length} provinces (${provinces.join(", ")}); import one province at a time. The registry is unchanged.`,
      });
    }
    if (!plan.ok) {
      const code = plan.province;
      throw new CliError(
        {
          vi: `Tỉnh ${code} chưa có trong danh mục: hãy cho biết tên tỉnh bằng --name. Danh mục không thay đổi.`,
          en: `Province ${code} is not in the registry yet: give its name with --name. The registry is unchanged.`,
        },
        2,
      );
    }
    const { stats, diff } = plan;
    const { code, name, communes } = plan.province;
    io.out(
      say(lang, {
        vi: `Tỉnh ${code} (${name}): ${communes.length} xã hợp lệ${stats.repairs > 0 ? ` (${stats.repairs} chỗ đã sửa)` : ""}; ${stats.verticesBefore} → ${stats.verticesAfter} đỉnh sau khi đơn giản hóa ${stats.toleranceMeters} m (${stats.sharedArcs}/${stats.arcs} cung dùng chung).`,
        en: `Province ${code} (${name}): ${communes.length} valid communes${stats.repairs > 0 ? ` (${stats.repairs} repairs)` : ""}; ${stats.verticesBefore} → ${stats.verticesAfter} vertices after simplifying at ${stats.toleranceMeters} m (${stats.sharedArcs}/${stats.arcs} arcs shared).`,
      }),
    );
    for (const line of describeDiff(diff, lang)) io.out(line);

    if (diff.removed.length > 0 && options["allow-removals"] !== true) {
      throw new CliError({
        vi: `${diff.removed.length} xã có trong danh mục nhưng không có trong tệp (liệt kê ở trên). Kiểm tra lại tệp, hoặc chạy lại với --allow-removals nếu thật sự muốn bỏ chúng. Danh mục không thay đổi.`,
        en: `${diff.removed.length} communes in the registry are missing from the file (listed above). Check the file, or run again with --allow-removals if they really should go. The registry is unchanged.`,
      });
    }
    if (options["dry-run"] === true) {
      io.out(say(lang, { vi: "Chạy thử (--dry-run): không ghi gì.", en: "Dry run (--dry-run): nothing written." }));
      return;
    }
    await writeBoundaryImport(stores.registry, plan);
    await recordCliAudit(context, {
      province: code,
      action: "boundary.import",
      objectType: "province",
      objectId: code,
      after: { communes: communes.length, added: diff.added.length, removed: diff.removed.length },
    });
    io.out(
      say(lang, {
        vi: `Đã nhập ${communes.length} xã cho tỉnh ${code}.`,
        en: `Imported ${communes.length} communes for province ${code}.`,
      }),
    );
  },
};

/** `ioc geo import-mapping`. */
export const geoImportMapping: CliCommand = {
  summary: {
    vi: "Nạp bảng chuyển đổi mã xã cũ (trước 2025) sang mã mới",
    en: "Load the pre-2025 to current commune code mapping",
  },
  usage: MAPPING_USAGE,
  async run(context: CliContext) {
    const { io, lang, options, stores } = context;
    const path = context.args[0];
    const parsed = parseLegacyMapping(await readText(path, MAPPING_USAGE));
    if (!parsed.ok) {
      for (const p of parsed.problems) io.err(`✖ [${p.code}] ${say(lang, p.message)}`);
      throw new CliError({
        vi: `Tệp ${path} bị từ chối: ${parsed.problems.length} lỗi. Không nạp mã nào.`,
        en: `File ${path} refused: ${parsed.problems.length} problems. No codes were loaded.`,
      });
    }
    const { stats, communes } = parsed.mapping;
    io.out(
      say(lang, {
        vi: `${stats.newProvinces} tỉnh, ${stats.newCommunes} xã mới; ${stats.oldCommunes} mã xã cũ, trong đó ${stats.mappedFully} chuyển trọn vào một xã và ${stats.ambiguous} bị chia (dữ liệu gửi bằng các mã này sẽ bị từ chối kèm danh sách xã có thể).`,
        en: `${stats.newProvinces} provinces, ${stats.newCommunes} new communes; ${stats.oldCommunes} old commune codes, ${stats.mappedFully} merged whole into one commune and ${stats.ambiguous} split (readings with those codes are refused, naming the candidates).`,
      }),
    );
    if (options["dry-run"] === true) {
      io.out(say(lang, { vi: "Chạy thử (--dry-run): không ghi gì.", en: "Dry run (--dry-run): nothing written." }));
      return;
    }
    await stores.legacyCodes.putAll(communes.values());
    io.out(say(lang, { vi: `Đã nạp ${communes.size} mã xã cũ.`, en: `Loaded ${communes.size} old commune codes.` }));
  },
};
