/**
 * "Quản trị → Ranh giới xã" (issue 13 item 1): an admin chooses a GeoJSON file of the province's
 * communes, optionally asks for the repair, and sees every problem and what the import would
 * change before anything is written; "Nhập" then writes exactly what was previewed (the server
 * checks the preview's token). Changing the file or the repair option discards the preview.
 */
import { createSignal, For, type JSX, Show } from "solid-js";
import { formatLatLon, formatNumber, lang } from "../i18n.js";
import { useSession } from "../session.js";
import { AdminTable } from "./AdminTable.js";
import { type AdminMessage, useAdminProvince } from "./admin-api.js";
import { AdminBanner } from "./admin-banner.js";
import "./admin.css";
import "./boundaries.css";

interface Words {
  vi: string;
  en: string;
}
interface ProblemRow {
  code: string;
  severity: "error" | "warning";
  communeCode: string | null;
  communeName: string | null;
  polygon: number | null;
  ring: number | null;
  position: [number, number] | null;
  message: Words;
  repairFixes: boolean | null;
}
interface RepairRow {
  kind: string;
  communeCode: string;
  communeName: string;
  polygon: number;
  ring: number;
  positions: Array<[number, number]>;
  message: Words;
}
interface Brief {
  code: string;
  name: string;
  areaKm2: number;
  vertices: number;
}
interface Change {
  code: string;
  name: string;
  previousName: string;
  fields: string[];
  areaBeforeKm2: number;
  areaAfterKm2: number;
  areaChangePercent: number | null;
  verticesBefore: number;
  verticesAfter: number;
}
/** `POST /v1/boundaries/preview`'s answer. */
export interface BoundaryPreview {
  province: string;
  provinceName: string | null;
  ok: boolean;
  repair: boolean;
  counts: Record<"errors" | "warnings" | "repairs" | "added" | "removed" | "changed" | "unchanged", number>;
  problems: ProblemRow[];
  repairs: RepairRow[];
  diff: { added: Brief[]; removed: Brief[]; changed: Change[]; unchanged: number } | null;
  token: string | null;
}
interface ImportReport {
  provinceName: string;
  communes: number;
}

const WORDS = {
  hint: {
    vi: "Chọn tệp GeoJSON ranh giới các xã, phường của tỉnh. Hệ thống kiểm tra và cho xem trước mọi thay đổi; chưa ghi gì cho đến khi bấm “Nhập”.",
    en: "Choose the GeoJSON file of the province's commune boundaries. It is checked and every change shown first; nothing is written until you press “Import”.",
  },
  file: { vi: "Tệp ranh giới (GeoJSON)", en: "Boundary file (GeoJSON)" },
  repair: {
    vi: "Sửa vòng lỗi (tự chạm, tự cắt) như các phần mềm GIS",
    en: "Repair invalid rings (self-touching, self-crossing) as GIS tools do",
  },
  preview: { vi: "Xem trước", en: "Preview" },
  checking: { vi: "Đang kiểm tra tệp…", en: "Checking the file…" },
  import: { vi: "Nhập", en: "Import" },
  importing: { vi: "Đang nhập…", en: "Importing…" },
  errors: { vi: "Lỗi", en: "Errors" },
  warnings: { vi: "Cảnh báo", en: "Warnings" },
  repairs: { vi: "Chỗ sửa", en: "Repairs" },
  added: { vi: "Thêm", en: "Added" },
  removed: { vi: "Bỏ", en: "Removed" },
  changed: { vi: "Thay đổi", en: "Changed" },
  unchanged: { vi: "Giữ nguyên", en: "Unchanged" },
  problems: { vi: "Vấn đề trong tệp", en: "Problems in the file" },
  repairsDone: { vi: "Các chỗ sẽ sửa", en: "Repairs to be made" },
  diff: { vi: "So với ranh giới đang lưu", en: "Compared with the stored boundaries" },
  level: { vi: "Mức", en: "Level" },
  commune: { vi: "Xã", en: "Commune" },
  ring: { vi: "Vòng", en: "Ring" },
  where: { vi: "Vị trí", en: "Where" },
  what: { vi: "Mô tả", en: "Description" },
  fixable: { vi: "Sửa được?", en: "Repairable?" },
  yes: { vi: "có", en: "yes" },
  no: { vi: "không", en: "no" },
  error: { vi: "lỗi", en: "error" },
  warning: { vi: "cảnh báo", en: "warning" },
  change: { vi: "Thay đổi", en: "Change" },
  code: { vi: "Mã", en: "Code" },
  name: { vi: "Tên", en: "Name" },
  area: { vi: "Diện tích (km²)", en: "Area (km²)" },
  areaPct: { vi: "Diện tích ±%", en: "Area ±%" },
  vertices: { vi: "Số đỉnh", en: "Vertices" },
  allowRemovals: { vi: "Cho phép bỏ các xã này khỏi danh mục", en: "Allow removing these communes from the registry" },
  noChange: { vi: "Tệp giống hệt ranh giới đang lưu.", en: "The file matches the stored boundaries." },
  ringOf: { vi: "vòng {r}, đa giác {p}", en: "ring {r}, polygon {p}" },
  failed: { vi: "Không thực hiện được", en: "Not done" },
  network: {
    vi: "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
    en: "The server could not be reached. Check the network and try again.",
  },
  tooLarge: {
    vi: "Tệp lớn hơn 5 MB, quá giới hạn của màn hình này. Hãy nhập bằng lệnh “ioc geo import”.",
    en: "The file is larger than 5 MB, over this screen's limit. Import it with “ioc geo import”.",
  },
  notGeojson: {
    vi: "Tệp không phải GeoJSON dạng văn bản UTF-8.",
    en: "The file is not GeoJSON text in UTF-8.",
  },
  stale: {
    vi: "Ranh giới đang lưu vừa thay đổi sau lần xem trước (có thể có người khác vừa nhập). Hãy bấm “Xem trước” lại.",
    en: "The stored boundaries changed after the preview (someone may have just imported). Press “Preview” again.",
  },
  mismatch: {
    vi: "Tệp hoặc tùy chọn khác với lần xem trước. Hãy bấm “Xem trước” lại.",
    en: "The file or the options differ from the preview. Press “Preview” again.",
  },
  removalsUnconfirmed: {
    vi: "Tệp thiếu một số xã đang có trong danh mục. Đánh dấu “Cho phép bỏ các xã này” nếu thật sự muốn bỏ.",
    en: "The file lacks communes the registry holds. Tick “Allow removing these communes” if they really should go.",
  },
  invalidFile: {
    vi: "Tệp có lỗi nên chưa ghi gì. Hãy xem trước để thấy từng lỗi.",
    en: "The file has errors; nothing was written. Preview it to see each one.",
  },
  forbidden: {
    vi: "Bạn không có quyền nhập ranh giới cho tỉnh này.",
    en: "You may not import boundaries for this province.",
  },
  refused: {
    vi: "Tệp bị từ chối: {n} lỗi. Chưa ghi gì.",
    en: "File refused: {n} errors. Nothing was written.",
  },
  repairHelps: {
    vi: "{k}/{n} lỗi sửa được: đánh dấu “Sửa vòng lỗi” rồi bấm “Xem trước” lại.",
    en: "{k} of {n} errors can be repaired: tick “Repair invalid rings” and press “Preview” again.",
  },
  ready: {
    vi: "Tệp hợp lệ. Kiểm tra các thay đổi bên dưới rồi bấm “Nhập”.",
    en: "The file is valid. Check the changes below, then press “Import”.",
  },
  done: { vi: "Đã nhập {n} xã cho {p}.", en: "Imported {n} communes for {p}." },
} as const satisfies Record<string, Words>;

/** The section's tab label. */
export const boundariesLabel = (): string => (lang() === "vi" ? "Ranh giới xã" : "Commune boundaries");

const w = (key: keyof typeof WORDS, vars: Record<string, string | number> = {}): string =>
  WORDS[key][lang()].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));

/** Problem codes of the boundary routes, in plain words; anything else falls back to the server's title. */
const PROBLEM_WORDS: Record<string, keyof typeof WORDS> = {
  "payload-too-large": "tooLarge",
  "unsupported-media-type": "notGeojson",
  "invalid-encoding": "notGeojson",
  "boundary-preview-stale": "stale",
  "boundary-token-mismatch": "mismatch",
  "boundary-removals-unconfirmed": "removalsUnconfirmed",
  "boundaries-invalid": "invalidFile",
  forbidden: "forbidden",
};

/** The sentence an admin reads for a failed boundary call. */
export function boundaryErrorText(problem: {
  code?: string;
  title?: string;
  titleVi?: string;
  detail?: string;
}): string {
  const known = problem.code ? PROBLEM_WORDS[problem.code] : undefined;
  if (known) return w(known);
  const title = lang() === "vi" ? (problem.titleVi ?? problem.title) : problem.title;
  return `${w("failed")}: ${title ?? ""}${problem.detail ? ` — ${problem.detail}` : ""}`;
}

const km2 = (x: number) => formatNumber(x, 2);
const place = (p: [number, number] | null | undefined) => (p ? formatLatLon(p) : "—");
const ringText = (polygon: number | null, ring: number | null) =>
  ring === null ? "—" : w("ringOf", { r: ring, p: polygon ?? 0 });
const commune = (code: string | null, name: string | null) =>
  code === null && name === null ? "—" : [code, name].filter(Boolean).join(" ");

/** The boundaries screen of the admin's province. */
export function BoundariesAdmin() {
  const session = useSession();
  const province = useAdminProvince();
  const [file, setFile] = createSignal<File>();
  const [repair, setRepair] = createSignal(false);
  const [allowRemovals, setAllowRemovals] = createSignal(false);
  const [preview, setPreview] = createSignal<BoundaryPreview & { file: File }>();
  const [busy, setBusy] = createSignal<"preview" | "import">();
  const [message, setMessage] = createSignal<AdminMessage>();
  const base = (import.meta.env.VITE_API_URL as string | undefined) ?? "";

  /** Sends the file; a problem becomes a plain sentence, a 401 signs out. */
  const send = async <T,>(path: string, query: Record<string, string>, body: File): Promise<T | undefined> => {
    const params = new URLSearchParams({ province: province(), ...query });
    let response: Response;
    try {
      response = await fetch(`${base}${path}?${params}`, {
        method: "POST",
        headers: { authorization: `Bearer ${session.token() ?? ""}`, "content-type": "application/geo+json" },
        body,
      });
    } catch {
      setMessage({ kind: "error", text: w("network") });
      return undefined;
    }
    if (response.status === 401) {
      session.signOut();
      return undefined;
    }
    const data = (await response.json().catch(() => ({}))) as T & { code?: string };
    if (!response.ok) {
      setMessage({ kind: "error", text: boundaryErrorText(data) });
      return undefined;
    }
    return data;
  };

  const reset = () => {
    setPreview(undefined);
    setAllowRemovals(false);
    setMessage(undefined);
  };

  const runPreview: JSX.EventHandler<HTMLFormElement, SubmitEvent> = async (event) => {
    event.preventDefault();
    const chosen = file();
    if (!chosen) return;
    reset();
    setBusy("preview");
    const answer = await send<BoundaryPreview>("/v1/boundaries/preview", repair() ? { repair: "true" } : {}, chosen);
    setBusy(undefined);
    if (!answer) return;
    setPreview({ ...answer, file: chosen });
    if (!answer.ok) {
      const errors = answer.problems.filter((p) => p.severity === "error");
      const fixable = errors.filter((p) => p.repairFixes).length;
      setMessage({
        kind: "error",
        text: `${w("refused", { n: errors.length })}${fixable > 0 ? ` ${w("repairHelps", { k: fixable, n: errors.length })}` : ""}`,
      });
    } else setMessage({ kind: "ok", text: w("ready") });
  };

  const runImport = async () => {
    const shown = preview();
    if (!shown?.token) return;
    setBusy("import");
    const query: Record<string, string> = { token: shown.token };
    if (shown.repair) query.repair = "true";
    if (allowRemovals()) query.allowRemovals = "true";
    const report = await send<ImportReport>("/v1/boundaries/import", query, shown.file);
    setBusy(undefined);
    if (!report) return;
    setPreview(undefined);
    setMessage({ kind: "ok", text: w("done", { n: report.communes, p: report.provinceName }) });
  };

  return (
    <div class="boundaries" data-testid="boundaries">
      <p class="muted">{w("hint")}</p>
      <form class="boundary-form" onSubmit={runPreview} data-testid="boundary-form">
        <label class="boundary-file">
          <span>{w("file")}</span>
          <input
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            data-testid="boundary-file"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0]);
              reset();
            }}
          />
        </label>
        <label class="boundary-check">
          <input
            type="checkbox"
            checked={repair()}
            data-testid="boundary-repair"
            onChange={(e) => {
              setRepair(e.currentTarget.checked);
              reset();
            }}
          />
          <span>{w("repair")}</span>
        </label>
        <button type="submit" disabled={!file() || busy() !== undefined} data-testid="boundary-preview">
          {busy() === "preview" ? w("checking") : w("preview")}
        </button>
      </form>
      <AdminBanner message={message()} testId="boundary-message" />
      <Show when={preview()}>{(p) => <PreviewReport preview={p()} />}</Show>
      <Show when={preview()?.ok && preview()?.token}>
        <div class="boundary-actions">
          <Show when={(preview()?.counts.removed ?? 0) > 0}>
            <label class="boundary-check">
              <input
                type="checkbox"
                checked={allowRemovals()}
                data-testid="boundary-allow-removals"
                onChange={(e) => setAllowRemovals(e.currentTarget.checked)}
              />
              <span>
                {w("allowRemovals")} ({preview()?.counts.removed})
              </span>
            </label>
          </Show>
          <button
            type="button"
            onClick={() => void runImport()}
            disabled={busy() !== undefined || ((preview()?.counts.removed ?? 0) > 0 && !allowRemovals())}
            data-testid="boundary-import"
          >
            {busy() === "import" ? w("importing") : w("import")}
          </button>
        </div>
      </Show>
    </div>
  );
}

/** The counts, the problems, the repairs and the difference of one preview. */
function PreviewReport(props: { preview: BoundaryPreview }) {
  const p = () => props.preview;
  const counts = () =>
    (["errors", "warnings", "repairs", "added", "removed", "changed", "unchanged"] as const).map((key) => ({
      key,
      value: p().counts[key],
    }));
  const diffRows = () => {
    const d = p().diff;
    if (!d) return [];
    return [
      ...d.added.map((c) => ({
        kind: "added" as const,
        code: c.code,
        name: c.name,
        area: km2(c.areaKm2),
        pct: "—",
        vertices: formatNumber(c.vertices, 0),
      })),
      ...d.removed.map((c) => ({
        kind: "removed" as const,
        code: c.code,
        name: c.name,
        area: km2(c.areaKm2),
        pct: "—",
        vertices: formatNumber(c.vertices, 0),
      })),
      ...d.changed.map((c) => ({
        kind: "changed" as const,
        code: c.code,
        name: c.previousName === c.name ? c.name : `${c.previousName} → ${c.name}`,
        area: `${km2(c.areaBeforeKm2)} → ${km2(c.areaAfterKm2)}`,
        pct:
          c.areaChangePercent === null
            ? "—"
            : `${c.areaChangePercent > 0 ? "+" : ""}${formatNumber(c.areaChangePercent, 2)} %`,
        vertices: `${formatNumber(c.verticesBefore, 0)} → ${formatNumber(c.verticesAfter, 0)}`,
      })),
    ];
  };
  return (
    <section class="boundary-report" aria-label={w("preview")} data-testid="boundary-report">
      <ul class="boundary-counts" data-testid="boundary-counts">
        <For each={counts()}>
          {(c) => (
            <li class={`count-${c.key}`} data-count={c.key} data-value={c.value}>
              <strong>{formatNumber(c.value, 0)}</strong> <span>{w(c.key)}</span>
            </li>
          )}
        </For>
      </ul>
      <Show when={p().problems.length > 0}>
        <h3>{w("problems")}</h3>
        <AdminTable
          class="boundary-table"
          wrapClass="boundary-table-wrap"
          testid="boundary-problems"
          rows={p().problems}
          row={(row) => ({ class: row.severity, "data-code": row.code })}
          columns={[
            { header: () => w("level"), cell: (row) => (row.severity === "error" ? w("error") : w("warning")) },
            { header: () => w("commune"), cell: (row) => commune(row.communeCode, row.communeName) },
            { header: () => w("ring"), cell: (row) => ringText(row.polygon, row.ring) },
            { header: () => w("where"), cell: (row) => place(row.position), class: "num" },
            { header: () => w("what"), cell: (row) => row.message[lang()] },
            {
              header: () => w("fixable"),
              cell: (row) => (row.repairFixes === null ? "—" : row.repairFixes ? w("yes") : w("no")),
            },
          ]}
        />
      </Show>
      <Show when={p().repairs.length > 0}>
        <h3>{w("repairsDone")}</h3>
        <AdminTable
          class="boundary-table"
          wrapClass="boundary-table-wrap"
          testid="boundary-repairs"
          rows={p().repairs}
          columns={[
            { header: () => w("commune"), cell: (row) => commune(row.communeCode, row.communeName) },
            { header: () => w("ring"), cell: (row) => ringText(row.polygon, row.ring) },
            { header: () => w("where"), cell: (row) => place(row.positions[0]), class: "num" },
            { header: () => w("what"), cell: (row) => row.message[lang()] },
          ]}
        />
      </Show>
      <Show when={p().diff}>
        <h3>{w("diff")}</h3>
        <Show when={diffRows().length > 0} fallback={<p class="muted">{w("noChange")}</p>}>
          <AdminTable
            class="boundary-table"
            wrapClass="boundary-table-wrap"
            testid="boundary-diff"
            rows={diffRows()}
            row={(row) => ({ class: `diff-${row.kind}`, "data-kind": row.kind, "data-code": row.code })}
            columns={[
              { header: () => w("change"), cell: (row) => w(row.kind) },
              { header: () => w("code"), cell: (row) => row.code },
              { header: () => w("name"), cell: (row) => row.name },
              { header: () => w("area"), cell: (row) => row.area, class: "num" },
              { header: () => w("areaPct"), cell: (row) => row.pct, class: "num" },
              { header: () => w("vertices"), cell: (row) => row.vertices, class: "num" },
            ]}
          />
        </Show>
      </Show>
    </section>
  );
}
