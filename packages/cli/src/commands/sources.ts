import { isProvinceCode, METRICS, type Source } from "@ioc/core";
import { type CliCommand, type CliContext, CliError, requireOption, say } from "../cli-context.js";
import { recordCliAudit } from "./audit.js";

const SOURCE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const ADD_USAGE =
  "ioc sources add --id <id> --name <name> --province <2 digits> --metrics <prefix,prefix|*> --cadence <seconds> [--rate <readings/min>]";

function positiveInteger(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new CliError(
      {
        vi: `--${option} phải là số nguyên dương; nhận được "${value}"`,
        en: `--${option} must be a positive integer; got "${value}"`,
      },
      2,
    );
  }
  return n;
}

/** Metric prefixes a source may write: each must match at least one catalogue metric. */
export function parseMetricPrefixes(value: string): string[] {
  if (value.trim() === "*") return [""];
  const prefixes = value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (prefixes.length === 0) {
    throw new CliError({ vi: "--metrics không được để trống", en: "--metrics must not be empty" }, 2);
  }
  for (const prefix of prefixes) {
    if (!METRICS.some((m) => m.key.startsWith(prefix))) {
      const pillars = [...new Set(METRICS.map((m) => `${m.key.split(".")[0]}.`))].join(", ");
      throw new CliError(
        {
          vi: `Tiền tố chỉ số "${prefix}" không khớp chỉ số nào trong danh mục (ví dụ: ${pillars} hoặc một khóa đầy đủ)`,
          en: `Metric prefix "${prefix}" matches no metric in the catalogue (e.g. ${pillars} or a full key)`,
        },
        2,
      );
    }
  }
  return prefixes;
}

/** `ioc sources add`. */
export const sourcesAdd: CliCommand = {
  summary: { vi: "Thêm hoặc cập nhật một nguồn dữ liệu", en: "Add or update a data source" },
  usage: ADD_USAGE,
  async run(context: CliContext) {
    const { stores, options, io, lang, clock } = context;
    const id = requireOption(options, "id", ADD_USAGE);
    if (!SOURCE_ID.test(id)) {
      throw new CliError(
        {
          vi: `Mã nguồn "${id}" không hợp lệ: dùng chữ thường, số và dấu gạch ngang (2–63 ký tự)`,
          en: `Source id "${id}" is invalid: use lowercase letters, digits and hyphens (2–63 characters)`,
        },
        2,
      );
    }
    const name = requireOption(options, "name", ADD_USAGE);
    const province = requireOption(options, "province", ADD_USAGE);
    if (!isProvinceCode(province)) {
      throw new CliError(
        { vi: `Mã tỉnh "${province}" phải có 2 chữ số`, en: `Province code "${province}" must have 2 digits` },
        2,
      );
    }
    if (!(await stores.registry.getProvince(province))) {
      throw new CliError({
        vi: `Tỉnh ${province} chưa có danh mục xã trên hệ thống này; hãy nhập ranh giới trước`,
        en: `Province ${province} has no commune registry on this deployment; import its boundaries first`,
      });
    }
    const existing = await stores.sources.getSource(id);
    const source: Source = {
      id,
      name,
      provinceCode: province,
      metricPrefixes: parseMetricPrefixes(requireOption(options, "metrics", ADD_USAGE)),
      cadenceSeconds: positiveInteger(requireOption(options, "cadence", ADD_USAGE), "cadence"),
      rateLimitPerMinute: typeof options.rate === "string" ? positiveInteger(options.rate, "rate") : 6_000,
      createdAt: existing?.createdAt ?? clock(),
    };
    await stores.sources.putSource(source);
    await recordCliAudit(context, {
      province,
      action: "source.put",
      objectType: "source",
      objectId: id,
      ...(existing ? { before: JSON.parse(JSON.stringify(existing)) } : {}),
      after: JSON.parse(JSON.stringify(source)),
    });
    io.out(
      say(lang, {
        vi: `${existing ? "Đã cập nhật" : "Đã thêm"} nguồn ${id} (${source.name}), tỉnh ${province}. Tạo khóa: ioc keys create --source ${id}`,
        en: `${existing ? "Updated" : "Added"} source ${id} (${source.name}), province ${province}. Create a key: ioc keys create --source ${id}`,
      }),
    );
  },
};

/** `ioc sources list`. */
export const sourcesList: CliCommand = {
  summary: { vi: "Liệt kê các nguồn dữ liệu", en: "List data sources" },
  usage: "ioc sources list",
  async run({ stores, io, lang }: CliContext) {
    const sources = await stores.sources.listSources();
    if (sources.length === 0) {
      io.out(say(lang, { vi: "Chưa có nguồn dữ liệu nào.", en: "No data sources yet." }));
      return;
    }
    const header = say(lang, {
      vi: "MÃ NGUỒN\tTỈNH\tCHỈ SỐ\tCHU KỲ (s)\tGIỚI HẠN/phút\tTÊN",
      en: "ID\tPROVINCE\tMETRICS\tCADENCE (s)\tRATE/min\tNAME",
    });
    io.out(header);
    for (const s of sources) {
      const metrics = s.metricPrefixes.map((p) => (p === "" ? "*" : `${p}*`)).join(",");
      io.out(`${s.id}\t${s.provinceCode}\t${metrics}\t${s.cadenceSeconds}\t${s.rateLimitPerMinute}\t${s.name}`);
    }
  },
};
