/**
 * `ioc history import FILE` (docs/HISTORY.md): a province's past values from CSV through the same
 * import path as `POST /v1/history/import` (every row checked first, then written; a refused file
 * stores nothing), without the HTTP request size limit, for files of several years.
 * `ioc history move`: a stage's hour buckets, days and months from State to History, once, when
 * it was deployed before the History table (docs/DEPLOY.md).
 */
import { readFile } from "node:fs/promises";
import {
  CsvSyntaxError,
  HistoryImportRefusedError,
  HistoryProvinceNotFoundError,
  historyItemsFromCsv,
  importHistory,
  isProvinceCode,
} from "@ioc/core";
import { moveHistoryOutOfState } from "@ioc/store";
import { type CliCommand, type CliContext, CliError, requireOption, say } from "../cli-context.js";

const USAGE = "ioc history import <file.csv> --province <2 digits> [--dry-run]";
/** Refused rows printed at most; the count is always given in full. */
const SHOWN_PROBLEMS = 50;

/** `ioc history import`. */
export const historyImport: CliCommand = {
  summary: {
    vi: "Nhập số liệu quá khứ của tỉnh từ CSV (tất cả hoặc không dòng nào)",
    en: "Import a province's past values from CSV (all rows or none)",
  },
  usage: USAGE,
  async run({ stores, options, io, lang, clock, args }: CliContext) {
    const path = args[0];
    if (!path)
      throw new CliError(
        { vi: `Thiếu đường dẫn tệp. Cách dùng: ${USAGE}`, en: `Missing file path. Usage: ${USAGE}` },
        2,
      );
    const province = requireOption(options, "province", USAGE);
    if (!isProvinceCode(province))
      throw new CliError(
        {
          vi: `--province phải có 2 chữ số; nhận được "${province}"`,
          en: `--province must be 2 digits; got "${province}"`,
        },
        2,
      );
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new CliError({ vi: `Không đọc được tệp ${path} (${reason})`, en: `Cannot read file ${path} (${reason})` });
    }
    let items: ReturnType<typeof historyItemsFromCsv>;
    try {
      items = historyItemsFromCsv(text);
    } catch (error) {
      if (error instanceof CsvSyntaxError)
        throw new CliError({ vi: `CSV không hợp lệ, ${error.message}`, en: `Malformed CSV, ${error.message}` });
      throw error;
    }
    if (items.length === 0)
      throw new CliError({
        vi: "Tệp có dòng tiêu đề nhưng không có dòng số liệu",
        en: "The file has a header but no rows",
      });
    const dryRun = options["dry-run"] === true;
    try {
      const result = await importHistory(
        items,
        {
          registry: stores.registry,
          legacyCodes: stores.legacyCodes,
          // A dry run checks every row and writes nothing.
          history: dryRun ? { importRows: async () => ({ days: 0, values: 0 }) } : stores.history,
        },
        { province, now: clock(), source: "import" },
      );
      io.out(
        dryRun
          ? say(lang, {
              vi: `Hợp lệ: ${result.rows} giá trị (${result.from} – ${result.to}); chạy thử, chưa lưu gì.`,
              en: `Valid: ${result.rows} values (${result.from} – ${result.to}); dry run, nothing stored.`,
            })
          : say(lang, {
              vi: `Đã nhập ${result.rows} giá trị vào ${result.days} ngày × chỉ số của tỉnh ${province} (${result.from} – ${result.to}).`,
              en: `Imported ${result.rows} values into ${result.days} metric-days of province ${province} (${result.from} – ${result.to}).`,
            }),
      );
    } catch (error) {
      if (error instanceof HistoryProvinceNotFoundError)
        throw new CliError({
          vi: `Tỉnh ${province} chưa có trong danh mục`,
          en: `Province ${province} is not in the registry`,
        });
      if (error instanceof HistoryImportRefusedError) {
        for (const p of error.rejected.slice(0, SHOWN_PROBLEMS)) io.err(`✖ [${p.code}] ${p.detail}`);
        if (error.total > SHOWN_PROBLEMS)
          io.err(
            say(lang, {
              vi: `… và ${error.total - SHOWN_PROBLEMS} dòng lỗi khác`,
              en: `… and ${error.total - SHOWN_PROBLEMS} more`,
            }),
          );
        throw new CliError({
          vi: `Tệp bị từ chối: ${error.total} dòng lỗi; không lưu dòng nào. Sửa các dòng trên rồi nhập lại cả tệp.`,
          en: `File refused: ${error.total} bad row(s); nothing was stored. Fix the rows above and import the whole file again.`,
        });
      }
      throw error;
    }
  },
};

/** `ioc history move`. */
export const historyMove: CliCommand = {
  summary: {
    vi: "Chuyển số liệu theo giờ, ngày, tháng từ bảng State sang bảng History (một lần, khi nâng cấp)",
    en: "Move hour buckets, days and months from the State table to the History table (once, on upgrade)",
  },
  usage: "ioc history move",
  async run({ dynamo, io, lang }: CliContext) {
    const report = await moveHistoryOutOfState(dynamo, (moved) =>
      io.progress?.(say(lang, { vi: `Đã chuyển ${moved} mục…`, en: `Moved ${moved} items…` })),
    );
    io.progress?.("");
    io.out(
      say(lang, {
        vi: `Đã chuyển ${report.moved} mục từ ${dynamo.tables.state} sang ${dynamo.tables.history}.`,
        en: `Moved ${report.moved} items from ${dynamo.tables.state} to ${dynamo.tables.history}.`,
      }),
    );
    if (report.conflicts.length === 0) return;
    for (const c of report.conflicts.slice(0, SHOWN_PROBLEMS)) io.err(`✖ ${c.pk} ${c.sk}`);
    throw new CliError({
      vi: `${report.conflicts.length} mục đã có trong ${dynamo.tables.history} nên được giữ nguyên trong ${dynamo.tables.state}: có bộ xử lý nào vẫn đang chạy? Tạm dừng trigger của bộ xử lý rồi chạy lại lệnh.`,
      en: `${report.conflicts.length} item(s) already in ${dynamo.tables.history} were left in ${dynamo.tables.state}: is a processor still running? Pause the processor's trigger and run the command again.`,
    });
  },
};
