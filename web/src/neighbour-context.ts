/**
 * The neighbouring provinces around the map's province (issue 14 item 5), from
 * `GET /v1/province-context`: added under the communes, filled in when the answer arrives. A
 * failure leaves the layer empty: context is a courtesy, never a reason to break the map.
 */
import type { GeoJSONSource, Map as MapLibreMap } from "maplibre-gl";
import { NEIGHBOUR_SOURCE, neighbourLayers } from "./map-style.js";

/** Adds the neighbour layers below `beforeLayer` and loads the province's neighbours into them. */
export function showNeighbours(
  map: MapLibreMap,
  province: string,
  beforeLayer: string,
  token: string | undefined,
): Promise<void> {
  if (!map.getSource(NEIGHBOUR_SOURCE)) {
    map.addSource(NEIGHBOUR_SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    for (const layer of neighbourLayers()) map.addLayer(layer, beforeLayer);
  }
  const api = (import.meta.env.VITE_API_URL as string | undefined) || location.origin;
  return fetch(`${api}/v1/province-context?province=${encodeURIComponent(province)}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
    .then((response) => (response.ok ? response.json() : undefined))
    .then((body) => {
      const source = map.getSource(NEIGHBOUR_SOURCE) as GeoJSONSource | undefined;
      if (body && source) source.setData(body);
    })
    .catch(() => {});
}
