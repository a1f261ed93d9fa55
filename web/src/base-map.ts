/** The map both the operations room and the planning view start from. */
import { Map as MapLibreMap } from "maplibre-gl";
import { BASE_STYLE, GROUND_COLOUR, glyphUrl } from "./map-style.js";

/**
 * A flat, north-up map on the self-contained style, centred on the demo province until data fits it.
 * `token`: the signed-in user's, sent with the map's own requests to the API (boundary tiles).
 */
export function createBaseMap(container: HTMLElement, token?: () => string | undefined): MapLibreMap {
  // The style has no background layer; the map's ground shows through its transparent canvas.
  container.style.backgroundColor = GROUND_COLOUR;
  const map = new MapLibreMap({
    container,
    // The label glyphs are files of this site: no font host, on AWS the same CloudFront origin.
    style: { ...BASE_STYLE, glyphs: glyphUrl(location.origin, import.meta.env.BASE_URL) },
    center: [108, 15.6],
    zoom: 7,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    fadeDuration: 0,
    transformRequest: (url) => {
      const value = token?.();
      return value && new URL(url, location.href).pathname.startsWith("/v1/")
        ? { url, headers: { authorization: `Bearer ${value}` } }
        : { url };
    },
  });
  // Rotation only confuses a choropleth read against a legend.
  map.touchZoomRotate.disableRotation();
  return map;
}
