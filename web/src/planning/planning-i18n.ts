/**
 * The planning view's words, Vietnamese first. Kept beside the view rather than in `../i18n.ts`
 * so the planning view can change without touching the operations room's dictionary.
 */
import { lang } from "../i18n.js";

const WORDS = {
  planning: { vi: "Quy hoạch hạ tầng", en: "Planning" },
  planningTitle: { vi: "Khoảng trống phủ sóng theo xã", en: "Coverage gaps by commune" },
  planningHint: {
    vi: "Xếp hạng theo điểm khoảng trống: người chưa có 4G, thôn chưa có sóng, hộ chưa có cáp quang; nhân hệ số cho xã miền núi, biên giới, đặc biệt khó khăn.",
    en: "Ranked by gap score: people without 4G, villages without signal, households without fibre; weighted up for mountainous, border and extremely disadvantaged communes.",
  },
  backToDashboard: { vi: "← Bảng điều hành", en: "← Operations" },
  terrain: { vi: "Địa hình", en: "Terrain" },
  all: { vi: "Tất cả", en: "All" },
  border: { vi: "Biên giới", en: "Border" },
  extremelyDisadvantaged: { vi: "Đặc biệt khó khăn", en: "Extremely disadvantaged" },
  yes: { vi: "Có", en: "Yes" },
  no: { vi: "Không", en: "No" },
  minPopulation: { vi: "Dân số tối thiểu", en: "Minimum population" },
  exportCsv: { vi: "Tải CSV", en: "Download CSV" },
  exportXlsx: { vi: "Tải Excel (XLSX)", en: "Download Excel (XLSX)" },
  csvDialect: { vi: "Kiểu CSV", en: "CSV style" },
  csvSemicolon: { vi: "Dấu ; và thập phân phẩy (Excel tiếng Việt)", en: "; and decimal commas (Vietnamese Excel)" },
  csvComma: { vi: "Dấu , và thập phân chấm", en: ", and decimal points" },
  exportGeojson: { vi: "Tải GeoJSON", en: "Download GeoJSON" },
  exporting: { vi: "Đang tải…", en: "Downloading…" },
  exportFailed: { vi: "Không tải được tệp", en: "Download failed" },
  rank: { vi: "Hạng", en: "Rank" },
  commune: { vi: "Xã, phường", en: "Commune" },
  population: { vi: "Dân số", en: "Population" },
  peopleWithout4g: { vi: "Chưa có 4G", en: "Without 4G" },
  villages: { vi: "Thôn chưa có sóng", en: "Dark villages" },
  score: { vi: "Điểm", en: "Score" },
  reasons: { vi: "Vì sao xã này đứng ở vị trí này", en: "Why this commune ranks here" },
  basePoints: { vi: "Điểm cơ sở", en: "Base points" },
  multiplier: { vi: "Hệ số", en: "Multiplier" },
  notReported: { vi: "chưa báo cáo (tính 0 điểm)", en: "not reported (counts 0)" },
  pickCommune: {
    vi: "Chọn một xã trên bản đồ hoặc trong bảng để xem cách tính điểm.",
    en: "Pick a commune on the map or in the table to see how its score is computed.",
  },
  loadingGaps: { vi: "Đang tính khoảng trống…", en: "Computing gaps…" },
  loadFailed: { vi: "Không tải được xếp hạng", en: "Could not load the ranking" },
  noMatch: { vi: "Không có xã nào khớp bộ lọc", en: "No commune matches the filters" },
  notRanked: { vi: "Ngoài bộ lọc", en: "Filtered out" },
  totals: { vi: "Tổng", en: "Total" },
  communes: { vi: "xã", en: "communes" },
  people: { vi: "người", en: "people" },
  peopleWithout4gLong: { vi: "người chưa có 4G", en: "people without 4G" },
  mountainous: { vi: "Miền núi", en: "Mountainous" },
  midland: { vi: "Trung du", en: "Midland" },
  delta: { vi: "Đồng bằng", en: "Delta" },
  coastal: { vi: "Ven biển", en: "Coastal" },
  island: { vi: "Hải đảo", en: "Island" },
  scenario: { vi: "Kịch bản đầu tư", en: "Scenario" },
  scenarioName: { vi: "Tên kịch bản", en: "Scenario name" },
  scenarioHint: {
    vi: "Thêm trạm dự kiến (bấm lên bản đồ) hoặc nâng vùng phủ sóng cho xã đang chọn, rồi chạy để xem khoảng trống còn lại.",
    en: "Add planned sites (click the map) or raise the selected commune's coverage, then run to see the gap that remains.",
  },
  placeSite: { vi: "Đặt trạm trên bản đồ", en: "Place a site on the map" },
  placingSite: { vi: "Bấm lên bản đồ để đặt trạm…", en: "Click the map to place the site…" },
  radiusKm: { vi: "Bán kính (km)", en: "Radius (km)" },
  coverSelected: { vi: "Phủ sóng xã đang chọn", en: "Cover the selected commune" },
  coverageLevel: { vi: "Mức phủ 4G (%)", en: "4G coverage (%)" },
  site: { vi: "Trạm", en: "Site" },
  remove: { vi: "Bỏ", en: "Remove" },
  runScenario: { vi: "Chạy và lưu kịch bản", en: "Run and save" },
  running: { vi: "Đang tính…", en: "Computing…" },
  scenarioFailed: { vi: "Không chạy được kịch bản", en: "Scenario failed" },
  closedGap: { vi: "Khoảng trống được thu hẹp", en: "Gap closed" },
  changedCommunes: { vi: "xã thay đổi (trong bộ lọc)", en: "communes changed (within the filters)" },
  nothingChanged: {
    vi: "Kịch bản không thay đổi xã nào trong bộ lọc.",
    en: "The scenario changes no commune within the filters.",
  },
  coverage4gBeforeAfter: { vi: "Phủ 4G trước → sau", en: "4G before → after" },
  coverageDelta: { vi: "Tăng (điểm %)", en: "Change (points)" },
  newlyCovered: { vi: "Người mới có 4G", en: "People newly covered" },
  rankBeforeAfter: { vi: "Hạng trước → sau", en: "Rank before → after" },
  before: { vi: "Trước", en: "Before" },
  after: { vi: "Sau", en: "After" },
  shareLink: { vi: "Liên kết chia sẻ", en: "Share link" },
  unknownCommunes: { vi: "Mã xã không có trong danh mục", en: "Codes not in the registry" },
  noSites: { vi: "Chưa có trạm hay xã nào trong kịch bản.", en: "No sites in the scenario yet." },
} as const;

/** A planning-view message key. */
export type PlanningWord = keyof typeof WORDS;

/** The planning-view message for `key` in the current language. */
export function p(key: PlanningWord): string {
  return WORDS[key][lang()];
}
