/**
 * Reading a boundary file: a GeoJSON FeatureCollection of communes, one Polygon or MultiPolygon
 * feature per commune, WGS84 longitude/latitude (RFC 7946). docs/BOUNDARY-IMPORT.md lists the
 * properties:
 *
 * | property | required | type | meaning |
 * |---|---|---|---|
 * | `code` | yes | string of digits (5 for a commune; a number is accepted and zero-padded) | the commune code |
 * | `name` | yes | non-empty string | the commune's name, e.g. "Xã Tây Giang" |
 * | `kind` | no | "xã" \| "phường" \| "đặc khu" | inferred from the name's first word when absent |
 * | `province_code` | no* | 2-digit string | *required unless the import names the province |
 * | `population` | no | integer ≥ 0 | default 0, flagged |
 * | `households` | no | integer ≥ 0 | estimated as population / 3.6 when absent, flagged |
 * | `terrain` | no | mountainous \| midland \| delta \| coastal \| island | default midland (no gap multiplier), flagged |
 * | `border` | no | boolean | default false, flagged |
 * | `extremely_disadvantaged` | no | boolean | default false, flagged |
 *
 * Other properties (e.g. `province_name`) are ignored. `null` counts as absent.
 */
import type { CommuneKind, PolygonRings, Position, TerrainClass } from "@ioc/core";
import { type ProblemList, problem } from "./problems.js";

/** The property names a boundary file uses. */
export const BOUNDARY_PROPERTIES = {
  code: "code",
  name: "name",
  kind: "kind",
  provinceCode: "province_code",
  population: "population",
  households: "households",
  terrain: "terrain",
  border: "border",
  extremelyDisadvantaged: "extremely_disadvantaged",
} as const;

const KINDS: readonly CommuneKind[] = ["xã", "phường", "đặc khu"];
const TERRAINS: readonly TerrainClass[] = ["mountainous", "midland", "delta", "coastal", "island"];

/** A feature's properties, checked; undefined = absent. */
export interface FeatureProperties {
  kind?: CommuneKind;
  provinceCode?: string;
  population?: number;
  households?: number;
  terrain?: TerrainClass;
  border?: boolean;
  extremelyDisadvantaged?: boolean;
}

/** A feature that passed the structural checks. */
export interface BoundaryFeature {
  index: number;
  code: string;
  name: string;
  properties: FeatureProperties;
  /** One entry for a Polygon, several for a MultiPolygon. */
  polygons: PolygonRings[];
  /** True when the geometry is a MultiPolygon (for paths in messages). */
  multi: boolean;
}

/** Options for reading features. */
export interface ReadOptions {
  /** Digits of a commune code. Default 5. */
  codeDigits: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks the collection's structure and every feature's properties; returns the features that
 * are structurally sound (their geometry is checked separately).
 */
export function readFeatures(collection: unknown, options: ReadOptions, problems: ProblemList): BoundaryFeature[] {
  const file = { featureIndex: null, featureCode: null };
  if (!isObject(collection) || collection.type !== "FeatureCollection" || !Array.isArray(collection.features)) {
    problems.add(
      problem("not-feature-collection", file, "", {
        vi: 'không phải GeoJSON FeatureCollection (cần {"type": "FeatureCollection", "features": [...]})',
        en: 'not a GeoJSON FeatureCollection (expected {"type": "FeatureCollection", "features": [...]})',
      }),
    );
    return [];
  }
  const features = collection.features as unknown[];
  if (features.length === 0) {
    problems.add(
      problem("no-features", file, "features", { vi: "tệp không có đối tượng nào", en: "the file has no features" }),
    );
    return [];
  }
  const firstIndexOf = new Map<string, number>();
  const out: BoundaryFeature[] = [];
  features.forEach((raw, index) => {
    const path = `features[${index}]`;
    const anonymous = { featureIndex: index, featureCode: null };
    if (!isObject(raw) || raw.type !== "Feature") {
      problems.add(
        problem("feature-invalid", anonymous, path, {
          vi: 'không phải một GeoJSON Feature ({"type": "Feature", ...})',
          en: 'not a GeoJSON Feature ({"type": "Feature", ...})',
        }),
      );
      return;
    }
    const props = isObject(raw.properties) ? raw.properties : {};
    const code = readCode(props[BOUNDARY_PROPERTIES.code], index, options, problems);
    const site = { featureIndex: index, featureCode: code };
    if (code !== null) {
      const first = firstIndexOf.get(code);
      if (first !== undefined) {
        problems.add(
          problem("code-duplicate", site, `${path}.properties.code`, {
            vi: `mã ${code} trùng với features[${first}]; mỗi xã phải có một mã duy nhất`,
            en: `code ${code} repeats features[${first}]; every commune needs its own code`,
          }),
        );
      } else {
        firstIndexOf.set(code, index);
      }
    }
    const rawName = props[BOUNDARY_PROPERTIES.name];
    const name = typeof rawName === "string" ? rawName.normalize("NFC").trim() : "";
    if (!name) {
      problems.add(
        problem("name-missing", site, `${path}.properties.name`, {
          vi: 'thiếu thuộc tính "name" (tên xã, chuỗi không rỗng)',
          en: 'missing property "name" (the commune name, a non-empty string)',
        }),
      );
    }
    const properties = readProperties(props, site, path, problems);
    const polygons = readGeometry(raw.geometry, site, `${path}.geometry`, problems);
    if (code !== null && name && polygons) {
      const multi = isObject(raw.geometry) && raw.geometry.type === "MultiPolygon";
      out.push({ index, code, name, properties, polygons, multi });
    }
  });
  return out;
}

function readCode(raw: unknown, index: number, options: ReadOptions, problems: ProblemList): string | null {
  const site = { featureIndex: index, featureCode: null };
  const path = `features[${index}].properties.code`;
  const digits = options.codeDigits;
  if (raw === undefined || raw === null || raw === "") {
    problems.add(
      problem("code-missing", site, path, {
        vi: `thiếu thuộc tính "code" (mã xã ${digits} chữ số)`,
        en: `missing property "code" (the ${digits}-digit commune code)`,
      }),
    );
    return null;
  }
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 0 && String(raw).length <= digits) {
    const code = String(raw).padStart(digits, "0");
    problems.add(
      problem(
        "code-numeric",
        { featureIndex: index, featureCode: code },
        path,
        {
          vi: `mã là số ${raw}; đã đọc thành chuỗi "${code}" (nên ghi mã dạng chuỗi để giữ số 0 đầu)`,
          en: `code is the number ${raw}; read as "${code}" (write codes as strings to keep leading zeros)`,
        },
        { severity: "warning" },
      ),
    );
    return code;
  }
  if (typeof raw === "string" && new RegExp(`^\\d{${digits}}$`).test(raw.trim())) return raw.trim();
  problems.add(
    problem("code-invalid", site, path, {
      vi: `mã ${JSON.stringify(raw)} không hợp lệ: cần đúng ${digits} chữ số`,
      en: `code ${JSON.stringify(raw)} is invalid: expected exactly ${digits} digits`,
    }),
  );
  return null;
}

function readProperties(
  props: Json,
  site: { featureIndex: number; featureCode: string | null },
  path: string,
  problems: ProblemList,
): FeatureProperties {
  const out: FeatureProperties = {};
  const invalid = (key: string, expected: { vi: string; en: string }) =>
    problems.add(
      problem("property-invalid", site, `${path}.properties.${key}`, {
        vi: `thuộc tính "${key}" = ${JSON.stringify(props[key])} không hợp lệ: cần ${expected.vi}`,
        en: `property "${key}" = ${JSON.stringify(props[key])} is invalid: expected ${expected.en}`,
      }),
    );
  const present = (key: string) => props[key] !== undefined && props[key] !== null;

  const kind = props[BOUNDARY_PROPERTIES.kind];
  if (present(BOUNDARY_PROPERTIES.kind)) {
    const normalised = typeof kind === "string" ? kind.normalize("NFC").trim().toLowerCase() : "";
    if ((KINDS as readonly string[]).includes(normalised)) out.kind = normalised as CommuneKind;
    else invalid(BOUNDARY_PROPERTIES.kind, { vi: '"xã", "phường" hoặc "đặc khu"', en: '"xã", "phường" or "đặc khu"' });
  }
  const province = props[BOUNDARY_PROPERTIES.provinceCode];
  if (present(BOUNDARY_PROPERTIES.provinceCode)) {
    const text = typeof province === "number" ? String(province).padStart(2, "0") : province;
    if (typeof text === "string" && /^\d{2}$/.test(text.trim())) out.provinceCode = text.trim();
    else invalid(BOUNDARY_PROPERTIES.provinceCode, { vi: "mã tỉnh 2 chữ số", en: "a 2-digit province code" });
  }
  for (const [key, field] of [
    [BOUNDARY_PROPERTIES.population, "population"],
    [BOUNDARY_PROPERTIES.households, "households"],
  ] as const) {
    if (!present(key)) continue;
    const value = props[key];
    if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 10_000_000) out[field] = value;
    else invalid(key, { vi: "số nguyên từ 0 đến 10.000.000", en: "an integer from 0 to 10,000,000" });
  }
  if (present(BOUNDARY_PROPERTIES.terrain)) {
    const terrain = props[BOUNDARY_PROPERTIES.terrain];
    if (typeof terrain === "string" && (TERRAINS as readonly string[]).includes(terrain))
      out.terrain = terrain as TerrainClass;
    else invalid(BOUNDARY_PROPERTIES.terrain, { vi: TERRAINS.join(", "), en: `one of ${TERRAINS.join(", ")}` });
  }
  for (const [key, field] of [
    [BOUNDARY_PROPERTIES.border, "border"],
    [BOUNDARY_PROPERTIES.extremelyDisadvantaged, "extremelyDisadvantaged"],
  ] as const) {
    if (!present(key)) continue;
    const value = props[key];
    if (typeof value === "boolean") out[field] = value;
    else invalid(key, { vi: "true hoặc false", en: "true or false" });
  }
  return out;
}

function readGeometry(
  geometry: unknown,
  site: { featureIndex: number; featureCode: string | null },
  path: string,
  problems: ProblemList,
): PolygonRings[] | null {
  if (!isObject(geometry)) {
    problems.add(
      problem("geometry-missing", site, path, {
        vi: "thiếu hình học (geometry) của xã",
        en: "the commune has no geometry",
      }),
    );
    return null;
  }
  if (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon") {
    problems.add(
      problem("geometry-type", site, `${path}.type`, {
        vi: `kiểu hình học ${JSON.stringify(geometry.type)} không được hỗ trợ: cần Polygon hoặc MultiPolygon`,
        en: `geometry type ${JSON.stringify(geometry.type)} is not supported: expected Polygon or MultiPolygon`,
      }),
    );
    return null;
  }
  const coordinates = geometry.coordinates;
  const polygons = geometry.type === "Polygon" ? [coordinates] : coordinates;
  const malformed = (where: string, what: { vi: string; en: string }) => {
    problems.add(
      problem("coordinates-invalid", site, where, {
        vi: `toạ độ sai cấu trúc: ${what.vi}`,
        en: `malformed coordinates: ${what.en}`,
      }),
    );
    return null;
  };
  if (!Array.isArray(polygons) || polygons.length === 0)
    return malformed(`${path}.coordinates`, {
      vi: "cần một mảng đa giác không rỗng",
      en: "expected a non-empty array of polygons",
    });
  const out: PolygonRings[] = [];
  for (let p = 0; p < polygons.length; p++) {
    const rings = polygons[p];
    const polygonPath = geometry.type === "Polygon" ? `${path}.coordinates` : `${path}.coordinates[${p}]`;
    if (!Array.isArray(rings) || rings.length === 0)
      return malformed(polygonPath, { vi: "cần một mảng vòng không rỗng", en: "expected a non-empty array of rings" });
    const polygon: PolygonRings = [];
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r];
      if (!Array.isArray(ring))
        return malformed(`${polygonPath}[${r}]`, {
          vi: "vòng phải là một mảng vị trí",
          en: "a ring must be an array of positions",
        });
      const positions: Position[] = new Array(ring.length);
      for (let k = 0; k < ring.length; k++) {
        const p0 = ring[k];
        if (
          !Array.isArray(p0) ||
          p0.length < 2 ||
          typeof p0[0] !== "number" ||
          typeof p0[1] !== "number" ||
          !Number.isFinite(p0[0]) ||
          !Number.isFinite(p0[1])
        ) {
          return malformed(`${polygonPath}[${r}][${k}]`, {
            vi: `vị trí ${JSON.stringify(p0)} phải là [kinh độ, vĩ độ] bằng số`,
            en: `position ${JSON.stringify(p0)} must be [longitude, latitude] numbers`,
          });
        }
        // Keep [lon, lat] only; an altitude, if any, is dropped.
        positions[k] = p0.length === 2 ? (p0 as Position) : [p0[0], p0[1]];
      }
      polygon.push(positions);
    }
    out.push(polygon);
  }
  return out;
}
