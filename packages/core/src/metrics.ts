/**
 * The metric catalogue: every indicator a commune reports, as data (DOMAIN.md).
 * Adding a metric is an edit here, not new code paths.
 */

/** How a metric rolls up from communes to the province. */
export type Aggregation = "population_weighted_mean" | "sum" | "min" | "latest";
/** Which direction of change is good news. */
export type Direction = "higher_is_better" | "lower_is_better";
/** The pillars of the national digital-transformation programme. */
export type Pillar = "government" | "society" | "economy" | "infrastructure";

/** A target from a provincial resolution: reach `value` at `level` by `year`. */
export interface MetricTarget {
  level: "province" | "commune";
  year: number;
  value: number;
}

/** One indicator of the catalogue. */
export interface MetricDefinition {
  key: string;
  label: { vi: string; en: string };
  unit: string;
  range: { min: number; max: number };
  /** Values must be whole numbers (counts). */
  integer: boolean;
  aggregation: Aggregation;
  direction: Direction;
  pillar: Pillar;
  /** Expected reporting cadence in seconds; a source silent for much longer is stale. */
  cadenceSeconds: number;
  targets: MetricTarget[];
}

const HOUR = 3600;
const DAY = 24 * HOUR;

const pct = { min: 0, max: 100 };

/** The catalogue, in display order. */
export const METRICS: readonly MetricDefinition[] = [
  {
    key: "gov.online_services_rate",
    label: {
      vi: "Dịch vụ công trực tuyến toàn trình",
      en: "Full-process online public services",
    },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "government",
    cadenceSeconds: DAY,
    targets: [{ level: "province", year: 2030, value: 100 }],
  },
  {
    key: "gov.online_applications",
    label: { vi: "Hồ sơ trực tuyến tiếp nhận", en: "Online applications received" },
    unit: "hồ sơ/ngày",
    range: { min: 0, max: 100_000 },
    integer: true,
    aggregation: "sum",
    direction: "higher_is_better",
    pillar: "government",
    cadenceSeconds: HOUR,
    targets: [],
  },
  {
    key: "gov.online_application_rate",
    label: { vi: "Tỷ lệ hồ sơ nộp trực tuyến", en: "Applications submitted online" },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "government",
    cadenceSeconds: DAY,
    targets: [{ level: "province", year: 2030, value: 80 }],
  },
  {
    key: "gov.ontime_resolution_rate",
    label: { vi: "Hồ sơ giải quyết đúng hạn", en: "Applications resolved on time" },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "government",
    cadenceSeconds: DAY,
    targets: [{ level: "province", year: 2030, value: 98 }],
  },
  {
    key: "gov.e_records_rate",
    label: {
      vi: "Hồ sơ công việc trên môi trường mạng",
      en: "Work records processed on the network",
    },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "government",
    cadenceSeconds: DAY,
    targets: [
      { level: "province", year: 2030, value: 100 },
      { level: "commune", year: 2030, value: 70 },
    ],
  },
  {
    key: "gov.digital_signature_rate",
    label: { vi: "Cán bộ có chứng thư số", en: "Officials with a digital signature" },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "government",
    cadenceSeconds: DAY,
    targets: [{ level: "commune", year: 2030, value: 100 }],
  },
  {
    key: "gov.feedback_open",
    label: { vi: "Phản ánh kiến nghị đang mở", en: "Open citizen reports" },
    unit: "phản ánh",
    range: { min: 0, max: 100_000 },
    integer: true,
    aggregation: "sum",
    direction: "lower_is_better",
    pillar: "government",
    cadenceSeconds: HOUR,
    targets: [],
  },
  {
    key: "soc.smartphone_rate",
    label: { vi: "Người trưởng thành có điện thoại thông minh", en: "Adults with a smartphone" },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "society",
    cadenceSeconds: 7 * DAY,
    targets: [{ level: "province", year: 2030, value: 90 }],
  },
  {
    key: "soc.citizen_app_households",
    label: { vi: "Hộ dùng ứng dụng công dân số", en: "Households using the citizen app" },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "society",
    cadenceSeconds: DAY,
    targets: [{ level: "commune", year: 2030, value: 80 }],
  },
  {
    key: "soc.epayment_account_rate",
    label: { vi: "Người có tài khoản thanh toán điện tử", en: "People with an e-payment account" },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "society",
    cadenceSeconds: 7 * DAY,
    targets: [{ level: "province", year: 2030, value: 80 }],
  },
  {
    key: "soc.telehealth_consults",
    label: { vi: "Lượt khám chữa bệnh từ xa", en: "Remote medical consultations" },
    unit: "lượt/ngày",
    range: { min: 0, max: 100_000 },
    integer: true,
    aggregation: "sum",
    direction: "higher_is_better",
    pillar: "society",
    cadenceSeconds: DAY,
    targets: [],
  },
  {
    key: "eco.ecommerce_sellers",
    label: {
      vi: "Hộ, hợp tác xã bán hàng trên sàn TMĐT",
      en: "Households and co-ops selling online",
    },
    unit: "hộ",
    range: { min: 0, max: 1_000_000 },
    integer: true,
    aggregation: "sum",
    direction: "higher_is_better",
    pillar: "economy",
    cadenceSeconds: 7 * DAY,
    targets: [],
  },
  {
    key: "net.coverage_4g",
    label: { vi: "Dân số được phủ sóng 4G", en: "Population covered by 4G" },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "infrastructure",
    cadenceSeconds: HOUR,
    targets: [
      { level: "province", year: 2030, value: 100 },
      { level: "commune", year: 2030, value: 95 },
    ],
  },
  {
    key: "net.coverage_5g",
    label: { vi: "Dân số được phủ sóng 5G", en: "Population covered by 5G" },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "infrastructure",
    cadenceSeconds: HOUR,
    targets: [{ level: "province", year: 2030, value: 100 }],
  },
  {
    key: "net.fiber_households",
    label: { vi: "Hộ gia đình có cáp quang", en: "Households with fibre broadband" },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "infrastructure",
    cadenceSeconds: DAY,
    targets: [{ level: "province", year: 2030, value: 100 }],
  },
  {
    key: "net.villages_no_signal",
    label: { vi: "Thôn, bản chưa có sóng di động", en: "Villages with no mobile signal" },
    unit: "thôn",
    range: { min: 0, max: 1_000 },
    integer: true,
    aggregation: "sum",
    direction: "lower_is_better",
    pillar: "infrastructure",
    cadenceSeconds: DAY,
    targets: [{ level: "province", year: 2030, value: 0 }],
  },
  {
    key: "net.bts_down",
    label: { vi: "Trạm BTS đang mất liên lạc", en: "Base stations down" },
    unit: "trạm",
    range: { min: 0, max: 10_000 },
    integer: true,
    aggregation: "sum",
    direction: "lower_is_better",
    pillar: "infrastructure",
    cadenceSeconds: 5 * 60,
    targets: [],
  },
  {
    key: "net.download_mbps",
    label: { vi: "Tốc độ tải xuống trung vị", en: "Median download speed" },
    unit: "Mbps",
    range: { min: 0, max: 10_000 },
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "infrastructure",
    cadenceSeconds: HOUR,
    targets: [],
  },
  {
    key: "iot.cameras_online_rate",
    label: { vi: "Camera an ninh đang trực tuyến", en: "Security cameras online" },
    unit: "%",
    range: pct,
    integer: false,
    aggregation: "population_weighted_mean",
    direction: "higher_is_better",
    pillar: "infrastructure",
    cadenceSeconds: 15 * 60,
    targets: [],
  },
];

const byKey = new Map(METRICS.map((m) => [m.key, m]));

/** The metric with this key, or undefined when the catalogue has none. */
export function findMetric(key: string): MetricDefinition | undefined {
  return byKey.get(key);
}

/** The metric the map shows first: population covered by 4G. */
export const DEFAULT_METRIC_KEY = "net.coverage_4g";
