/**
 * Vietnam's administrative units since 1 July 2025: 34 provinces and 3,321 commune-level units
 * (xã: rural commune, phường: urban ward, đặc khu: special zone, usually an island). The district
 * level is gone, so a commune belongs directly to a province.
 */
import * as z from "zod/mini";
import "./zod-locale.js";

/** Commune-level unit kinds, by their Vietnamese names. */
export type CommuneKind = "xã" | "phường" | "đặc khu";
/** Terrain classes used to weight coverage gaps. */
export type TerrainClass = "mountainous" | "midland" | "delta" | "coastal" | "island";

/** A [longitude, latitude] pair in WGS84. */
export type Position = [number, number];
/** A GeoJSON Polygon's rings: the first is the outer ring, closed (first = last). */
export type PolygonRings = Position[][];

/** One commune-level unit as the registry holds it. */
export interface Commune {
  /** 5-digit commune code. */
  code: string;
  name: string;
  kind: CommuneKind;
  /** 2-digit province code. */
  provinceCode: string;
  population: number;
  households: number;
  /** Area in km². */
  areaKm2: number;
  terrain: TerrainClass;
  border: boolean;
  extremelyDisadvantaged: boolean;
  /** A point inside the commune, for labels and hit tests. */
  labelPoint: Position;
  geometry: { type: "Polygon"; coordinates: PolygonRings };
}

const position = z.tuple([z.number(), z.number()]);

/**
 * The schema of a stored commune (the registry's item). A plain object schema, so wire shapes can
 * derive from it (`z.omit(communeSchema, { geometry: true })`).
 */
export const communeSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(["xã", "phường", "đặc khu"]),
  provinceCode: z.string(),
  population: z.number(),
  households: z.number(),
  areaKm2: z.number(),
  terrain: z.enum(["mountainous", "midland", "delta", "coastal", "island"]),
  border: z.boolean(),
  extremelyDisadvantaged: z.boolean(),
  labelPoint: position,
  geometry: z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(position)) }),
}) satisfies z.ZodMiniType<Commune>;

/** A province and the communes it holds. */
export interface Province {
  /** 2-digit province code. */
  code: string;
  name: string;
  /** True for generated demo data, which the UI must label as such. */
  synthetic: boolean;
  communes: Commune[];
}

const COMMUNE_CODE = /^\d{5}$/;
const PROVINCE_CODE = /^\d{2}$/;

/** True when `code` has the shape of a post-2025 commune code (5 digits). */
export function isCommuneCode(code: string): boolean {
  return COMMUNE_CODE.test(code);
}

/** True when `code` has the shape of a province code (2 digits). */
export function isProvinceCode(code: string): boolean {
  return PROVINCE_CODE.test(code);
}
